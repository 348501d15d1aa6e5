#include "grammar/json_schema_numbers.h"

#include <string_view>
#include <vector>

#include "base/check.h"

namespace hearth::json_schema {
namespace {

constexpr const char* kAnyFraction = "( \".\" [0-9]{1,20} )?";
constexpr const char* kNonZeroFraction = "\".\" [0-9]{0,19} [1-9]";
constexpr const char* kZeroFraction = "( \".\" \"0\"{1,20} )?";

std::string Quote(std::string_view digits) { return "\"" + std::string(digits) + "\""; }

std::string DigitClass(char from, char to) {
  return from == to ? Quote(std::string(1, from)) : "[" + std::string(1, from) + "-" + to + "]";
}

std::string AnyDigits(size_t count) {
  return count == 1 ? "[0-9]" : "[0-9]{" + std::to_string(count) + "}";
}

std::string Alternatives(const std::vector<std::string>& alternatives) {
  if (alternatives.size() == 1) return alternatives[0];
  std::string out = "(";
  for (size_t i = 0; i < alternatives.size(); ++i) out += (i ? " | " : " ") + alternatives[i];
  return out + " )";
}

std::string Sequence(const std::string& a, const std::string& b) {
  return a.empty() ? b : b.empty() ? a : a + " " + b;
}

// Digit strings of one length from `low` to `high` (low <= high, same length).
std::string SameLengthRange(std::string_view low, std::string_view high) {
  size_t shared = 0;
  while (shared < low.size() && low[shared] == high[shared]) ++shared;
  const std::string prefix = shared > 0 ? Quote(low.substr(0, shared)) : "";
  if (shared == low.size()) return prefix;
  low.remove_prefix(shared);
  high.remove_prefix(shared);
  const size_t rest = low.size() - 1;
  if (rest == 0) return Sequence(prefix, DigitClass(low[0], high[0]));
  const bool low_rest_zeros = low.find_first_not_of('0', 1) == std::string_view::npos;
  const bool high_rest_nines = high.find_first_not_of('9', 1) == std::string_view::npos;
  // Below: low's first digit with the rest from low's rest up; in the middle: any rest; above:
  // high's first digit with the rest up to high's rest. Whole ends join the middle.
  std::vector<std::string> alternatives;
  if (!low_rest_zeros) {
    alternatives.push_back(Quote(low.substr(0, 1)) + " " +
                           SameLengthRange(low.substr(1), std::string(rest, '9')));
  }
  const char middle_from = char(low[0] + (low_rest_zeros ? 0 : 1));
  const char middle_to = char(high[0] - (high_rest_nines ? 0 : 1));
  if (middle_from <= middle_to) {
    alternatives.push_back(DigitClass(middle_from, middle_to) + " " + AnyDigits(rest));
  }
  if (!high_rest_nines) {
    alternatives.push_back(Quote(high.substr(0, 1)) + " " +
                           SameLengthRange(std::string(rest, '0'), high.substr(1)));
  }
  return Sequence(prefix, Alternatives(alternatives));
}

uint64_t PowerOfTen(int exponent) {
  uint64_t value = 1;
  while (exponent-- > 0) value *= 10;
  return value;
}

int DigitCount(uint64_t value) { return int(std::to_string(value).size()); }

// "No upper bound" for magnitudes, which never exceed 2^63.
constexpr uint64_t kNoLimit = UINT64_MAX;

// The non-negative integers in [low, high] (kNoLimit: up to kMaxIntegerDigits digits).
std::string UnsignedRange(uint64_t low, uint64_t high) {
  HEARTH_CHECK(low <= high);
  const bool bounded = high != kNoLimit;
  const int low_digits = DigitCount(low);
  const int high_digits = bounded ? DigitCount(high) : low_digits;
  std::vector<std::string> alternatives;
  for (int digits = low_digits; digits <= high_digits; ++digits) {
    const uint64_t from = digits == low_digits ? low : PowerOfTen(digits - 1);
    const uint64_t to = bounded && digits == high_digits ? high : PowerOfTen(digits) - 1;
    alternatives.push_back(SameLengthRange(std::to_string(from), std::to_string(to)));
  }
  if (!bounded && low_digits < kMaxIntegerDigits) {  // any number with more digits
    alternatives.push_back("[1-9] [0-9]{" + std::to_string(low_digits) + "," +
                           std::to_string(kMaxIntegerDigits - 1) + "}");
  }
  return Alternatives(alternatives);
}

uint64_t Magnitude(int64_t value) {
  return value < 0 ? uint64_t(-(value + 1)) + 1 : uint64_t(value);
}

// Numbers m >= 0 written I or I.F, with low < m (or <=) and m < high (or <=; kNoLimit: none).
std::string NonNegativeNumbers(uint64_t low, bool low_exclusive, uint64_t high,
                               bool high_exclusive) {
  std::vector<std::string> alternatives;
  const bool bounded = high != kNoLimit;
  const uint64_t whole_from = low + (low_exclusive ? 1 : 0);
  if (!bounded || (high > 0 && whole_from <= high - 1)) {  // I in range, any fraction
    alternatives.push_back(UnsignedRange(whole_from, bounded ? high - 1 : kNoLimit) + " " +
                           kAnyFraction);
  }
  if (low_exclusive && (!bounded || high > low)) {  // just above the low bound
    alternatives.push_back(Quote(std::to_string(low)) + " " + kNonZeroFraction);
  }
  if (bounded && !high_exclusive && (high > low || (high == low && !low_exclusive))) {
    alternatives.push_back(Quote(std::to_string(high)) + " " + kZeroFraction);
  }
  return alternatives.empty() ? "" : Alternatives(alternatives);
}

}  // namespace

std::string IntegerRangeGbnf(std::optional<int64_t> min, std::optional<int64_t> max) {
  HEARTH_CHECK(!min || !max || *min <= *max);
  std::vector<std::string> alternatives;
  if (!min || *min < 0) {  // negatives: "-" and a magnitude from 1 (or -max) up to -min
    const uint64_t low = max && *max < 0 ? Magnitude(*max) : 1;
    alternatives.push_back("\"-\" " + UnsignedRange(low, min ? Magnitude(*min) : kNoLimit));
  }
  if (!max || *max >= 0) {
    const uint64_t low = min && *min > 0 ? uint64_t(*min) : 0;
    alternatives.push_back(UnsignedRange(low, max ? uint64_t(*max) : kNoLimit));
  }
  return Alternatives(alternatives);
}

std::string NumberRangeGbnf(const NumberBounds& b) {
  std::vector<std::string> alternatives;
  if (!b.min || *b.min < 0) {  // negatives -m: m > 0, m >= -max when max < 0, m <= -min
    const bool below_zero_max = b.max && *b.max < 0;
    const std::string negative = NonNegativeNumbers(
        below_zero_max ? Magnitude(*b.max) : 0, below_zero_max ? b.max_exclusive : true,
        b.min ? Magnitude(*b.min) : kNoLimit, b.min_exclusive);
    if (!negative.empty()) alternatives.push_back("\"-\" " + negative);
  }
  if (!b.max || *b.max > 0 || (*b.max == 0 && !b.max_exclusive)) {
    const bool min_counts = b.min && *b.min >= 0;
    const std::string non_negative =
        NonNegativeNumbers(min_counts ? uint64_t(*b.min) : 0, min_counts && b.min_exclusive,
                           b.max ? uint64_t(*b.max) : kNoLimit, b.max_exclusive);
    if (!non_negative.empty()) alternatives.push_back(non_negative);
  }
  return alternatives.empty() ? "" : Alternatives(alternatives);
}

}  // namespace hearth::json_schema
