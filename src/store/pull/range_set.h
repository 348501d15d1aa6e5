// RangeSet: which byte ranges of a file are done, as sorted, disjoint, non-adjacent half-open
// intervals [begin, end). A download records each write; what is missing is fetched (and can
// be split among connections).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace hearth::store {

struct ByteRange {
  uint64_t begin = 0;
  uint64_t end = 0;  // exclusive
  uint64_t size() const { return end - begin; }
  bool operator==(const ByteRange&) const = default;
};

class RangeSet {
 public:
  // Adds [begin, end), merging with the ranges it touches. Empty ranges are ignored.
  void Add(uint64_t begin, uint64_t end);
  // The gaps in [0, size).
  std::vector<ByteRange> Missing(uint64_t size) const;
  uint64_t CoveredBytes() const;
  bool Covers(uint64_t begin, uint64_t end) const;
  const std::vector<ByteRange>& ranges() const { return ranges_; }
  void Clear() { ranges_.clear(); }

  // The ledger file's text for a file of `size` bytes:
  //   "hearth-partial 1\nsize <size>\n<begin> <end>\n..."
  std::string Serialize(uint64_t size) const;
  // Reads Serialize's text. Errors (DataLoss) name the line that is wrong; a ledger written for
  // another size is an error too.
  static Result<RangeSet> Parse(std::string_view text, uint64_t size);

 private:
  std::vector<ByteRange> ranges_;
};

// Splits `missing` into pieces for up to `connections` transfers at once: about
// CoveredBytes/connections each, none smaller than `min_piece` (unless a gap is).
std::vector<ByteRange> SplitForConnections(const std::vector<ByteRange>& missing,
                                           int connections, uint64_t min_piece);

}  // namespace hearth::store
