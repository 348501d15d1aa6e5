#include "store/pull/progress_bar.h"

#include <algorithm>
#include <cmath>

#include "gguf/model_summary.h"

namespace hearth::store {
namespace {

constexpr auto kRateWindow = std::chrono::seconds(5);
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);

}  // namespace

std::string FormatEta(double seconds) {
  const long s = std::lround(std::max(0.0, seconds));
  char buf[32];
  if (s < 60) {
    std::snprintf(buf, sizeof(buf), "%lds", s);
  } else if (s < 3600) {
    std::snprintf(buf, sizeof(buf), "%ldm%02lds", s / 60, s % 60);
  } else {
    std::snprintf(buf, sizeof(buf), "%ldh%02ldm", s / 3600, (s % 3600) / 60);
  }
  return buf;
}

std::string FormatProgressLine(std::string_view status, uint64_t completed, uint64_t total,
                               double bytes_per_second, int bar_width) {
  std::string line(status);
  line += ": ";
  if (total > 0) {
    const double fraction = std::min(1.0, double(completed) / double(total));
    char percent[8];
    std::snprintf(percent, sizeof(percent), "%3d%%", static_cast<int>(fraction * 100));
    line += percent;
    line += " \u2595";  // ▕
    const int filled = static_cast<int>(fraction * bar_width);
    for (int i = 0; i < bar_width; ++i) line += i < filled ? "\u2588" : " ";  // █
    line += "\u258f ";  // ▏
    line += FormatBytes(completed) + "/" + FormatBytes(total);
  } else {
    line += FormatBytes(completed);
  }
  if (bytes_per_second > 0 && completed < total) {
    line += "  " + FormatBytes(static_cast<uint64_t>(bytes_per_second)) + "/s";
    line += "  ETA " + FormatEta(double(total - completed) / bytes_per_second);
  }
  return line;
}

ProgressBar::ProgressBar(std::FILE* out, bool interactive,
                         std::chrono::milliseconds plain_interval)
    : out_(out), interactive_(interactive), plain_interval_(plain_interval) {}

double ProgressBar::Rate(Clock::time_point now) const {
  if (samples_.size() < 2) return 0;
  const double seconds =
      std::chrono::duration<double>(samples_.back().first - samples_.front().first).count();
  if (seconds < 0.2) return 0;
  return double(samples_.back().second - samples_.front().second) / seconds;
}

void ProgressBar::Finish() {
  if (line_open_) std::fputc('\n', out_);
  line_open_ = false;
  std::fflush(out_);
}

void ProgressBar::StartBlob(const PullProgress& progress, Clock::time_point now) {
  Finish();
  digest_ = progress.digest;
  blob_finished_ = false;
  samples_.clear();
  drawn_ = false;
}

void ProgressBar::Draw(const PullProgress& progress, Clock::time_point now) {
  const std::string line =
      FormatProgressLine(progress.status, progress.completed, progress.total, Rate(now));
  if (interactive_) {
    std::fprintf(out_, "\r%s\x1b[K", line.c_str());
    line_open_ = true;
  } else {
    std::fprintf(out_, "%s\n", line.c_str());
  }
  std::fflush(out_);
  last_draw_ = now;
  drawn_ = true;
}

void ProgressBar::Update(const PullProgress& progress, Clock::time_point now) {
  if (progress.digest.empty()) {
    Finish();
    std::fprintf(out_, "%s\n", progress.status.c_str());
    std::fflush(out_);
    digest_.clear();
    return;
  }
  if (progress.digest != digest_) StartBlob(progress, now);
  samples_.emplace_back(now, progress.completed);
  while (samples_.size() > 2 && now - samples_.front().first > kRateWindow) samples_.pop_front();
  const bool complete = progress.total > 0 && progress.completed >= progress.total;
  if (blob_finished_) return;
  const auto interval = interactive_ ? std::chrono::duration_cast<std::chrono::milliseconds>(
                                           kRedrawInterval)
                                     : plain_interval_;
  if (complete || !drawn_ || now - last_draw_ >= interval) {
    Draw(progress, now);
    blob_finished_ = complete;
  }
}

}  // namespace hearth::store
