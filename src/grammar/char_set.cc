#include "grammar/char_set.h"

#include <algorithm>

namespace hearth {
namespace {

// Sorts and merges overlapping or adjacent ranges; drops what lies above kMaxCodePoint.
std::vector<CodePointRange> Normalize(std::vector<CodePointRange> ranges) {
  std::vector<CodePointRange> clipped;
  for (CodePointRange r : ranges) {
    if (r.first > r.last || r.first > kMaxCodePoint) continue;
    clipped.push_back({r.first, std::min(r.last, kMaxCodePoint)});
  }
  std::sort(clipped.begin(), clipped.end(),
            [](const CodePointRange& a, const CodePointRange& b) { return a.first < b.first; });
  std::vector<CodePointRange> merged;
  for (CodePointRange r : clipped) {
    if (!merged.empty() && r.first <= merged.back().last + 1) {
      merged.back().last = std::max(merged.back().last, r.last);
    } else {
      merged.push_back(r);
    }
  }
  return merged;
}

std::vector<CodePointRange> Complement(const std::vector<CodePointRange>& sorted) {
  std::vector<CodePointRange> out;
  uint32_t next = 0;
  for (CodePointRange r : sorted) {
    if (r.first > next) out.push_back({next, r.first - 1});
    next = r.last + 1;
  }
  if (next <= kMaxCodePoint) out.push_back({next, kMaxCodePoint});
  return out;
}

}  // namespace

CharSet::CharSet(std::vector<CodePointRange> ranges, bool negated)
    : written_(Normalize(std::move(ranges))), negated_(negated) {
  members_ = negated ? Complement(written_) : written_;
  for (CodePointRange r : members_) {
    for (uint32_t c = r.first; c <= r.last && c < 128; ++c)
      ascii_[c >> 6] |= uint64_t{1} << (c & 63);
  }
}

bool CharSet::ContainsNonAscii(uint32_t code_point) const {
  return Intersects(code_point, code_point);
}

bool CharSet::Intersects(uint32_t first, uint32_t last) const {
  // The first range that ends at or after `first`.
  auto it = std::lower_bound(members_.begin(), members_.end(), first,
                             [](const CodePointRange& r, uint32_t v) { return r.last < v; });
  return it != members_.end() && it->first <= last;
}

bool CharSet::Covers(uint32_t first, uint32_t last) const {
  auto it = std::lower_bound(members_.begin(), members_.end(), first,
                             [](const CodePointRange& r, uint32_t v) { return r.last < v; });
  return it != members_.end() && it->first <= first && it->last >= last;
}

}  // namespace hearth
