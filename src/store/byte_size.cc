#include "store/byte_size.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

namespace hearth::store {

Result<uint64_t> ParseByteSize(std::string_view text) {
  const std::string quoted = "'" + std::string(text) + "'";
  size_t end = 0;
  while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) ||
                               text[end] == '.')) {
    ++end;
  }
  double number = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + end, number);
  if (end == 0 || ec != std::errc() || ptr != text.data() + end) {
    return InvalidArgument(quoted + ": not a size (examples: 192G, 64GiB, 512M)");
  }
  std::string unit;
  for (char c : text.substr(end)) {
    if (c != ' ') unit += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  double scale = 0;
  if (unit.empty() || unit == "B") scale = 1;
  else if (unit == "K" || unit == "KB") scale = 1e3;
  else if (unit == "M" || unit == "MB") scale = 1e6;
  else if (unit == "G" || unit == "GB") scale = 1e9;
  else if (unit == "T" || unit == "TB") scale = 1e12;
  else if (unit == "KIB") scale = 1024.0;
  else if (unit == "MIB") scale = 1024.0 * 1024;
  else if (unit == "GIB") scale = 1024.0 * 1024 * 1024;
  else if (unit == "TIB") scale = 1024.0 * 1024 * 1024 * 1024;
  else {
    return InvalidArgument(quoted + ": unknown unit '" + std::string(text.substr(end)) +
                           "' (use K, M, G, T or KiB, MiB, GiB, TiB)");
  }
  const double bytes = number * scale;
  if (bytes >= 1.8e19) return InvalidArgument(quoted + ": too large");
  return static_cast<uint64_t>(std::llround(bytes));
}

}  // namespace hearth::store
