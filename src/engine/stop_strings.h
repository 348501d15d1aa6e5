// StopStringMatcher: finds the client's stop strings in generated text as it streams.
//
// Text arrives in pieces (one token's bytes at a time, already whole UTF-8 characters). A stop
// string may span pieces, so the matcher holds back the shortest tail that could still begin
// one and releases everything before it. When a stop string completes, the text before it is
// released and the rest (the stop string and anything after) is dropped: a stop string is
// never shown to the client.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hearth {

class StopStringMatcher {
 public:
  // Empty strings in `stops` are ignored.
  explicit StopStringMatcher(std::vector<std::string> stops);

  struct Output {
    std::string text;         // safe to show now
    bool stopped = false;     // a stop string completed; nothing more will be released
    std::string stop_string;  // which one
  };

  // Appends `text` to what was generated. After a stop, returns empty outputs.
  Output Push(std::string_view text);
  // The end of generation: releases the held-back tail (no stop string can complete now).
  std::string Flush();

  bool stopped() const { return stopped_; }

 private:
  // Length of the longest tail of pending_ that is a proper prefix of some stop string.
  size_t HeldBackLength() const;

  std::vector<std::string> stops_;
  std::string pending_;  // held back: could be the start of a stop string
  bool stopped_ = false;
};

}  // namespace hearth
