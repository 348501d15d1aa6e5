// Finding marker strings (such as "<tool_call>") in text that arrives in pieces: what can be
// passed on now, and what must wait because it may be the start of a marker.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace hearth {

struct MarkerPattern {
  std::string_view text;  // non-empty
  // Only where a "boundary" is (start of the output, after a tool call block, after the
  // reasoning), with nothing but whitespace between it and the boundary.
  bool at_boundary_only = false;
};

struct MarkerMatch {
  size_t pattern_index = 0;      // into the patterns given to ScanForMarker
  size_t position = 0;           // where the marker starts in the text
  size_t whitespace_before = 0;  // boundary markers: whitespace between the boundary and it
};

struct MarkerScan {
  std::optional<MarkerMatch> match;  // the earliest complete marker
  // Without a match: how many leading bytes cannot be part of any marker and may be passed on;
  // the rest may still become a marker. With a match: match->position.
  size_t safe_length = 0;
};

// Scans `text` (the not yet passed-on output). `at_boundary`: the text begins at a boundary.
// Boundary markers only match after leading whitespace; while the whole text is whitespace
// followed by a proper prefix of one, nothing is safe. Other markers match anywhere, and a
// proper prefix of one at the end of the text is held back.
MarkerScan ScanForMarker(std::string_view text, std::span<const MarkerPattern> patterns,
                         bool at_boundary);

// Bytes of leading whitespace (space, tab, CR, LF).
size_t LeadingWhitespace(std::string_view text);

}  // namespace hearth
