// GBNF for bounded numbers, as the JSON-schema converter needs them: the decimal integers of a
// range (exact, digit by digit: [15, 342] is 1[5-9] | [2-9][0-9] | [1-2][0-9]{2} | 3[0-3][0-9]
// | 34[0-2]) and decimal numbers between whole bounds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace hearth::json_schema {

// At most this many digits before the decimal point (as json_rules.h's integers).
inline constexpr int kMaxIntegerDigits = 19;

// The integers in [min, max] (a missing bound: unbounded, up to kMaxIntegerDigits digits), as
// JSON writes them: "-" for negatives, no leading zeros, no "-0". Requires min <= max.
std::string IntegerRangeGbnf(std::optional<int64_t> min, std::optional<int64_t> max);

// Whole-number bounds on a number; exclusive bounds leave the bound itself out.
struct NumberBounds {
  std::optional<int64_t> min;
  bool min_exclusive = false;
  std::optional<int64_t> max;
  bool max_exclusive = false;
};

// The decimal numbers (an optional fraction of at most 20 digits, no exponent) within
// `bounds`, or "" when there is none.
std::string NumberRangeGbnf(const NumberBounds& bounds);

}  // namespace hearth::json_schema
