// CharSet: the set of Unicode code points one grammar terminal matches: a character class
// such as [a-z_], its negation [^"\\], a single literal character, or `.` (any character).
//
// Built once while a grammar is parsed, immutable afterwards. Membership of ASCII code points
// is a bit test (the matcher's hot path); others binary-search sorted, merged ranges.
#pragma once

#include <cstdint>
#include <vector>

namespace hearth {

// The largest Unicode code point.
inline constexpr uint32_t kMaxCodePoint = 0x10FFFF;

struct CodePointRange {
  uint32_t first = 0;  // inclusive
  uint32_t last = 0;   // inclusive, >= first
  bool operator==(const CodePointRange&) const = default;
};

class CharSet {
 public:
  CharSet() = default;  // the empty set
  // The code points in `ranges` (any order, may overlap; values above kMaxCodePoint are
  // ignored), or every code point outside them when `negated`.
  CharSet(std::vector<CodePointRange> ranges, bool negated);
  static CharSet Single(uint32_t code_point) { return CharSet({{code_point, code_point}}, false); }
  static CharSet Any() { return CharSet({}, true); }

  bool Contains(uint32_t code_point) const {
    if (code_point < 128) return (ascii_[code_point >> 6] >> (code_point & 63)) & 1;
    return ContainsNonAscii(code_point);
  }
  // Some code point in [first, last] is in the set.
  bool Intersects(uint32_t first, uint32_t last) const;
  // Every code point in [first, last] is in the set.
  bool Covers(uint32_t first, uint32_t last) const;
  bool IsEmpty() const { return members_.empty(); }

  // As written (for printing the grammar back): the ranges before negation, sorted and merged.
  const std::vector<CodePointRange>& written_ranges() const { return written_; }
  bool negated() const { return negated_; }
  // The members as sorted, merged, non-adjacent ranges.
  const std::vector<CodePointRange>& members() const { return members_; }

  bool operator==(const CharSet& other) const {
    return members_ == other.members_ && negated_ == other.negated_ && written_ == other.written_;
  }

 private:
  bool ContainsNonAscii(uint32_t code_point) const;

  uint64_t ascii_[2] = {0, 0};           // bit c set: code point c < 128 is a member
  std::vector<CodePointRange> members_;  // sorted, merged
  std::vector<CodePointRange> written_;  // sorted, merged, before negation
  bool negated_ = false;
};

}  // namespace hearth
