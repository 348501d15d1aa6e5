#include "engine/stop_strings.h"

#include <algorithm>
#include <utility>

namespace hearth {

StopStringMatcher::StopStringMatcher(std::vector<std::string> stops) {
  for (std::string& s : stops) {
    if (!s.empty()) stops_.push_back(std::move(s));
  }
}

StopStringMatcher::Output StopStringMatcher::Push(std::string_view text) {
  Output out;
  if (stopped_) return out;
  pending_.append(text);
  // The earliest complete stop string wins (ties: the first listed).
  size_t first = std::string::npos;
  const std::string* which = nullptr;
  for (const std::string& stop : stops_) {
    const size_t at = pending_.find(stop);
    if (at < first) {
      first = at;
      which = &stop;
    }
  }
  if (which != nullptr) {
    out.text = pending_.substr(0, first);
    out.stopped = stopped_ = true;
    out.stop_string = *which;
    pending_.clear();
    return out;
  }
  const size_t keep = HeldBackLength();
  out.text = pending_.substr(0, pending_.size() - keep);
  pending_.erase(0, pending_.size() - keep);
  return out;
}

std::string StopStringMatcher::Flush() {
  std::string rest;
  if (!stopped_) rest.swap(pending_);
  pending_.clear();
  return rest;
}

size_t StopStringMatcher::HeldBackLength() const {
  size_t longest = 0;
  for (const std::string& stop : stops_) {
    // Tails of pending_ shorter than the stop string, longest first.
    const size_t max_len = std::min(pending_.size(), stop.size() - 1);
    for (size_t len = max_len; len > longest; --len) {
      if (std::string_view(pending_).substr(pending_.size() - len) ==
          std::string_view(stop).substr(0, len)) {
        longest = len;
        break;
      }
    }
  }
  return longest;
}

}  // namespace hearth
