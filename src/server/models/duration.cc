#include "server/models/duration.h"

#include <cctype>
#include <cmath>
#include <string>

namespace hearth::server {
namespace {

// Milliseconds per unit, or a negative value for an unknown unit.
double UnitMilliseconds(std::string_view unit) {
  if (unit == "ns") return 1e-6;
  if (unit == "us" || unit == "\xC2\xB5s") return 1e-3;
  if (unit == "ms") return 1.0;
  if (unit == "s") return 1e3;
  if (unit == "m") return 60e3;
  if (unit == "h") return 3600e3;
  return -1.0;
}

bool IsNumberChar(char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; }

}  // namespace

Result<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  const Status invalid = InvalidArgument(
      "'" + std::string(text) + "' is not a duration (examples: \"5m\", \"1h30m\", \"300\" "
      "seconds, \"-1\" for ever, \"0\")");
  std::string_view rest = text;
  double sign = 1.0;
  if (!rest.empty() && (rest.front() == '-' || rest.front() == '+')) {
    sign = rest.front() == '-' ? -1.0 : 1.0;
    rest.remove_prefix(1);
  }
  if (rest.empty()) return invalid;
  double total_ms = 0.0;
  bool bare_number = true;
  while (!rest.empty()) {
    size_t n = 0;
    while (n < rest.size() && IsNumberChar(rest[n])) ++n;
    if (n == 0) return invalid;
    const std::string number(rest.substr(0, n));
    if (number.find('.') != number.rfind('.') || number == ".") return invalid;
    const double value = std::stod(number);
    rest.remove_prefix(n);
    size_t u = 0;
    while (u < rest.size() && !IsNumberChar(rest[u])) ++u;
    if (u == 0) {  // a number without unit: seconds, and only alone
      if (!rest.empty() || !bare_number || total_ms != 0.0) return invalid;
      total_ms = value * 1e3;
      break;
    }
    const double per_unit = UnitMilliseconds(rest.substr(0, u));
    if (per_unit < 0) return invalid;
    total_ms += value * per_unit;
    bare_number = false;
    rest.remove_prefix(u);
  }
  if (!std::isfinite(total_ms) || total_ms > 1e15) return invalid;
  return std::chrono::milliseconds(int64_t(sign * total_ms));
}

}  // namespace hearth::server
