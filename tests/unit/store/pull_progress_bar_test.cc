// The terminal progress of `hearth pull`: the line's content (bytes, rate, ETA) and when lines
// are printed on a terminal and elsewhere.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "store/pull/progress_bar.h"

namespace hearth::store {
namespace {

using Clock = ProgressBar::Clock;

// Collects what a ProgressBar prints.
class Captured {
 public:
  Captured() : file_(open_memstream(&data_, &size_)) {}
  ~Captured() {
    std::fclose(file_);
    std::free(data_);
  }
  std::FILE* file() { return file_; }
  std::string text() {
    std::fflush(file_);
    return std::string(data_, size_);
  }

 private:
  char* data_ = nullptr;
  size_t size_ = 0;
  std::FILE* file_;
};

PullProgress Blob(uint64_t completed, uint64_t total = 30'000'000) {
  return PullProgress{"pulling 3f4a5b6c7d8e", "sha256:3f4a5b6c7d8e", total, completed};
}

size_t Count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST(PullProgressBar, LineShowsBytesRateAndEta) {
  const std::string line = FormatProgressLine("pulling 3f4a5b6c7d8e", 12'000'000, 30'000'000,
                                              3'000'000, 10);
  EXPECT_EQ(line, "pulling 3f4a5b6c7d8e:  40% \u2595\u2588\u2588\u2588\u2588      \u258f "
                  "12.0 MB/30.0 MB  3.00 MB/s  ETA 6s");
  const std::string done = FormatProgressLine("pulling 3f4a5b6c7d8e", 30'000'000, 30'000'000,
                                              3'000'000, 4);
  EXPECT_EQ(done, "pulling 3f4a5b6c7d8e: 100% \u2595\u2588\u2588\u2588\u2588\u258f "
                  "30.0 MB/30.0 MB");
  EXPECT_EQ(FormatEta(65), "1m05s");
  EXPECT_EQ(FormatEta(7322), "2h02m");
}

TEST(PullProgressBar, PlainOutputPrintsWholeLinesNowAndThen) {
  Captured out;
  ProgressBar bar(out.file(), /*interactive=*/false, std::chrono::seconds(5));
  const Clock::time_point t0{};
  bar.Update(PullProgress{"pulling manifest", "", 0, 0}, t0);
  for (int i = 0; i <= 10; ++i) {
    bar.Update(Blob(uint64_t(i) * 2'000'000), t0 + std::chrono::seconds(1 + i));
  }
  bar.Update(Blob(30'000'000), t0 + std::chrono::seconds(13));
  bar.Update(Blob(30'000'000), t0 + std::chrono::seconds(14));  // complete: printed once
  bar.Update(PullProgress{"success", "", 0, 0}, t0 + std::chrono::seconds(14));
  bar.Finish();
  const std::string text = out.text();
  EXPECT_EQ(text.find('\r'), std::string::npos);
  EXPECT_EQ(text.rfind("pulling manifest\n", 0), 0u);
  EXPECT_EQ(Count(text, "pulling 3f4a5b6c7d8e:"), 4u);  // at 1 s, 6 s, 11 s and complete
  EXPECT_NE(text.find("2.00 MB/s"), std::string::npos);
  EXPECT_EQ(Count(text, "100%"), 1u);
  EXPECT_EQ(text.substr(text.size() - 8), "success\n");
}

TEST(PullProgressBar, TerminalRedrawsOneLinePerBlob) {
  Captured out;
  ProgressBar bar(out.file(), /*interactive=*/true);
  const Clock::time_point t0{};
  bar.Update(Blob(0), t0);
  bar.Update(Blob(1'000'000), t0 + std::chrono::milliseconds(50));  // too soon: not drawn
  bar.Update(Blob(2'000'000), t0 + std::chrono::milliseconds(200));
  bar.Update(Blob(30'000'000), t0 + std::chrono::milliseconds(250));
  bar.Update(PullProgress{"success", "", 0, 0}, t0 + std::chrono::milliseconds(300));
  const std::string text = out.text();
  EXPECT_EQ(Count(text, "\r"), 3u);
  EXPECT_EQ(Count(text, "\n"), 2u);  // the blob's line ends once, then "success"
  EXPECT_NE(text.find("100%"), std::string::npos);
}

}  // namespace
}  // namespace hearth::store
