// ProgressBar: pull progress for people at a terminal (`hearth pull`). On a terminal each blob
// gets one line, redrawn in place:
//   pulling 3f4a5b6c7d8e:  45% ▕███████████           ▏  12 MB/ 30 MB  3.4 MB/s  ETA 5s
// Elsewhere (a log, a pipe) the same line is printed whole at most every `plain_interval` and
// once when the blob is complete. Other statuses ("pulling manifest", "success") get a line of
// their own. Not thread-safe: feed it from the pulling thread (the progress callback).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <string>
#include <string_view>
#include <utility>

#include "store/pull/pull_progress.h"

namespace hearth::store {

// "1m05s", "42s", "2h03m".
std::string FormatEta(double seconds);
// One progress line (no newline). `bytes_per_second` <= 0 omits the rate and ETA; `total` 0
// omits the percentage and bar.
std::string FormatProgressLine(std::string_view status, uint64_t completed, uint64_t total,
                               double bytes_per_second, int bar_width = 25);

class ProgressBar {
 public:
  using Clock = std::chrono::steady_clock;

  // `out` must outlive the bar.
  ProgressBar(std::FILE* out, bool interactive,
              std::chrono::milliseconds plain_interval = std::chrono::seconds(5));
  void Update(const PullProgress& progress, Clock::time_point now = Clock::now());
  // Ends an open line (call before printing anything else, e.g. an error).
  void Finish();

 private:
  void StartBlob(const PullProgress& progress, Clock::time_point now);
  void Draw(const PullProgress& progress, Clock::time_point now);
  double Rate(Clock::time_point now) const;

  std::FILE* out_;
  bool interactive_;
  std::chrono::milliseconds plain_interval_;
  std::string digest_;            // the blob of the current line
  bool line_open_ = false;        // interactive: a line waits for its newline
  bool blob_finished_ = false;    // its complete line was printed
  bool drawn_ = false;            // the blob's line was drawn at least once
  Clock::time_point last_draw_{};
  std::deque<std::pair<Clock::time_point, uint64_t>> samples_;  // (when, completed), ~5 s
};

}  // namespace hearth::store
