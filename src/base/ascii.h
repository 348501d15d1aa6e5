// ASCII case for names, keys and headers (model names, quant names, HTTP header fields): the
// C locale's rules, never the user's locale, so "Q4_K_M" and "q4_k_m" compare equal
// everywhere and nothing depends on global state.
#pragma once

#include <string>
#include <string_view>

namespace hearth {

inline char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

inline std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

inline bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

}  // namespace hearth
