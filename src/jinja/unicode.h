// UTF-8 helpers for the Jinja interpreter: strings are UTF-8 bytes, but Python (whose semantics
// templates expect) counts, slices, strips and case-maps code points. Invalid UTF-8 never fails
// here: each invalid byte counts as one code point and is copied through unchanged.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::jinja {

// One decoded code point and its length in bytes (1 for an invalid byte, whose `value` is then
// 0xDC00 + byte, as Python's surrogateescape would decode it).
struct CodePoint {
  char32_t value;
  size_t length;
};

CodePoint DecodeCodePoint(std::string_view s, size_t pos);
void AppendUtf8(char32_t code_point, std::string& out);

size_t CountCodePoints(std::string_view s);
// The byte offset of every code point, plus s.size() at the end (size = count + 1).
std::vector<size_t> CodePointOffsets(std::string_view s);

// Python's str.isspace() set (ASCII whitespace, U+001C..U+001F, U+0085, U+00A0, U+1680,
// U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
bool IsPythonSpace(char32_t c);
// Line boundaries of Python's str.splitlines() (\n, \r, \v, \f, \x1c-\x1e, \x85, \u2028/9).
bool IsLineBoundary(char32_t c);
// Python's str.isprintable() for one character (what repr() leaves unescaped).
bool IsPrintable(char32_t c);
bool IsAlphabetic(char32_t c);  // str.isalpha
bool IsDecimalDigit(char32_t c);  // str.isdigit (approximately: decimal digits)
bool IsCased(char32_t c);
bool IsUppercase(char32_t c);
bool IsLowercase(char32_t c);

// Full Unicode case mapping as Python's str.upper()/lower() do it (e.g. "ß" -> "SS").
std::string ToUpper(std::string_view s);
std::string ToLower(std::string_view s);
// Python's str.title(): a cased character after an uncased one is title-cased, others lowered.
std::string ToTitleWords(std::string_view s);
// Python's str.capitalize(): the first character title-cased, the rest lowered.
std::string Capitalize(std::string_view s);

// Strips Python whitespace (or, when `chars` is given, any of its code points) from the ends.
std::string_view StripView(std::string_view s, bool left, bool right, const std::string* chars);

}  // namespace hearth::jinja
