#include "chat/marker_scan.h"

#include <algorithm>

namespace hearth {
namespace {

bool IsWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Length of the longest suffix of `text` that is a proper prefix of `marker`.
size_t PartialMarkerSuffix(std::string_view text, std::string_view marker) {
  const size_t longest = std::min(text.size(), marker.size() - 1);
  for (size_t length = longest; length > 0; --length) {
    if (text.substr(text.size() - length) == marker.substr(0, length)) return length;
  }
  return 0;
}

}  // namespace

size_t LeadingWhitespace(std::string_view text) {
  size_t n = 0;
  while (n < text.size() && IsWhitespace(text[n])) ++n;
  return n;
}

MarkerScan ScanForMarker(std::string_view text, std::span<const MarkerPattern> patterns,
                         bool at_boundary) {
  MarkerScan scan;
  const size_t whitespace = LeadingWhitespace(text);
  const std::string_view after_whitespace = text.substr(whitespace);
  bool boundary_pending = false;  // the text may still turn into a boundary marker
  for (size_t i = 0; i < patterns.size(); ++i) {
    const MarkerPattern& pattern = patterns[i];
    size_t position = std::string_view::npos;
    if (pattern.at_boundary_only) {
      if (!at_boundary) continue;
      if (after_whitespace.starts_with(pattern.text)) {
        position = whitespace;
      } else if (pattern.text.starts_with(after_whitespace)) {
        boundary_pending = true;  // whitespace only, or a proper prefix of the marker
      }
    } else {
      position = text.find(pattern.text);
    }
    if (position == std::string_view::npos) continue;
    if (!scan.match || position < scan.match->position) {
      scan.match = MarkerMatch{i, position, pattern.at_boundary_only ? whitespace : 0};
    }
  }
  if (scan.match) {
    scan.safe_length = scan.match->position;
    return scan;
  }
  if (boundary_pending) return scan;  // safe_length 0
  size_t held = 0;
  for (const MarkerPattern& pattern : patterns) {
    if (!pattern.at_boundary_only) held = std::max(held, PartialMarkerSuffix(text, pattern.text));
  }
  scan.safe_length = text.size() - held;
  return scan;
}

}  // namespace hearth
