#include "store/pull/range_set.h"

#include <algorithm>
#include <charconv>

namespace hearth::store {
namespace {

bool ParseNumber(std::string_view text, uint64_t& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && !text.empty();
}

}  // namespace

void RangeSet::Add(uint64_t begin, uint64_t end) {
  if (begin >= end) return;
  // The first range that ends at or after `begin` (touching ranges merge).
  auto first = std::lower_bound(ranges_.begin(), ranges_.end(), begin,
                                [](const ByteRange& r, uint64_t b) { return r.end < b; });
  auto last = first;
  while (last != ranges_.end() && last->begin <= end) {
    begin = std::min(begin, last->begin);
    end = std::max(end, last->end);
    ++last;
  }
  first = ranges_.erase(first, last);
  ranges_.insert(first, ByteRange{begin, end});
}

std::vector<ByteRange> RangeSet::Missing(uint64_t size) const {
  std::vector<ByteRange> out;
  uint64_t cursor = 0;
  for (const ByteRange& r : ranges_) {
    if (r.begin >= size) break;
    if (r.begin > cursor) out.push_back({cursor, r.begin});
    cursor = std::max(cursor, r.end);
  }
  if (cursor < size) out.push_back({cursor, size});
  return out;
}

uint64_t RangeSet::CoveredBytes() const {
  uint64_t total = 0;
  for (const ByteRange& r : ranges_) total += r.size();
  return total;
}

bool RangeSet::Covers(uint64_t begin, uint64_t end) const {
  if (begin >= end) return true;
  for (const ByteRange& r : ranges_) {
    if (r.begin <= begin && end <= r.end) return true;
  }
  return false;
}

std::string RangeSet::Serialize(uint64_t size) const {
  std::string out = "hearth-partial 1\nsize " + std::to_string(size) + "\n";
  for (const ByteRange& r : ranges_) {
    out += std::to_string(r.begin) + " " + std::to_string(r.end) + "\n";
  }
  return out;
}

Result<RangeSet> RangeSet::Parse(std::string_view text, uint64_t size) {
  RangeSet set;
  int line_number = 0;
  while (!text.empty()) {
    const size_t newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    ++line_number;
    auto bad = [&](const std::string& why) {
      return DataLoss("line " + std::to_string(line_number) + " (\"" + std::string(line) +
                      "\"): " + why);
    };
    if (line_number == 1) {
      if (line != "hearth-partial 1") return bad("not a hearth partial-download ledger");
      continue;
    }
    const size_t space = line.find(' ');
    if (space == std::string_view::npos) return bad("expected two fields");
    const std::string_view first = line.substr(0, space), second = line.substr(space + 1);
    uint64_t a = 0, b = 0;
    if (line_number == 2) {
      if (first != "size" || !ParseNumber(second, a)) return bad("expected \"size <bytes>\"");
      if (a != size) return bad("written for " + std::to_string(a) + " bytes, not " +
                                std::to_string(size));
      continue;
    }
    if (!ParseNumber(first, a) || !ParseNumber(second, b) || a >= b || b > size) {
      return bad("expected \"<begin> <end>\" within the file");
    }
    set.Add(a, b);
  }
  if (line_number < 2) return DataLoss("the ledger is truncated");
  return set;
}

std::vector<ByteRange> SplitForConnections(const std::vector<ByteRange>& missing,
                                           int connections, uint64_t min_piece) {
  uint64_t total = 0;
  for (const ByteRange& r : missing) total += r.size();
  const uint64_t n = static_cast<uint64_t>(std::max(connections, 1));
  const uint64_t piece = std::max<uint64_t>({(total + n - 1) / n, min_piece, 1});
  std::vector<ByteRange> out;
  for (const ByteRange& r : missing) {
    const uint64_t count = (r.size() + piece - 1) / piece;
    const uint64_t step = (r.size() + count - 1) / count;  // equal pieces, no sliver at the end
    for (uint64_t begin = r.begin; begin < r.end; begin += step) {
      out.push_back({begin, std::min(r.end, begin + step)});
    }
  }
  return out;
}

}  // namespace hearth::store
