#include "jinja/unicode.h"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <cstdint>

namespace hearth::jinja {
namespace {

bool IsContinuation(unsigned char b) { return (b & 0xC0) == 0x80; }

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

// Applies `map` (UTF-8 -> UTF-8 on valid text) to each maximal valid run of `s`, copying
// invalid bytes through unchanged.
template <typename Map>
std::string MapValidRuns(std::string_view s, Map map) {
  std::string out;
  out.reserve(s.size());
  size_t run_start = 0;
  size_t pos = 0;
  auto flush = [&](size_t end) {
    if (end > run_start) out += map(s.substr(run_start, end - run_start));
  };
  while (pos < s.size()) {
    CodePoint cp = DecodeCodePoint(s, pos);
    if (cp.value >= 0xDC80 && cp.value <= 0xDCFF && cp.length == 1) {
      flush(pos);
      out += s[pos];
      run_start = pos + 1;
    }
    pos += cp.length;
  }
  flush(s.size());
  return out;
}

std::string IcuUpper(std::string_view s) {
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), int32_t(s.size())))
      .toUpper(icu::Locale::getRoot())
      .toUTF8String(out);
  return out;
}

std::string IcuLower(std::string_view s) {
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), int32_t(s.size())))
      .toLower(icu::Locale::getRoot())
      .toUTF8String(out);
  return out;
}

void AppendLower(char32_t c, std::string& out) {
  if (c < 0x80) {
    out += char(c >= 'A' && c <= 'Z' ? c + 32 : c);
  } else {
    std::string one;
    AppendUtf8(c, one);
    out += IcuLower(one);
  }
}

void AppendTitle(char32_t c, std::string& out) {
  if (c < 0x80) {
    out += char(c >= 'a' && c <= 'z' ? c - 32 : c);
  } else {
    AppendUtf8(char32_t(u_totitle(UChar32(c))), out);
  }
}

bool IsSurrogateEscape(const CodePoint& cp) {
  return cp.length == 1 && cp.value >= 0xDC80 && cp.value <= 0xDCFF;
}

// Appends the code point at `cp` of `s` at `pos`: invalid bytes are copied unchanged.
template <typename Fn>
void AppendMapped(std::string_view s, size_t pos, const CodePoint& cp, Fn fn, std::string& out) {
  if (IsSurrogateEscape(cp)) {
    out += s[pos];
  } else {
    fn(cp.value, out);
  }
}

}  // namespace

CodePoint DecodeCodePoint(std::string_view s, size_t pos) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  const CodePoint invalid{char32_t(0xDC00 + b0), 1};
  if (b0 < 0x80) return {b0, 1};
  size_t length;
  char32_t value;
  if ((b0 & 0xE0) == 0xC0) {
    length = 2;
    value = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    length = 3;
    value = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    length = 4;
    value = b0 & 0x07;
  } else {
    return invalid;
  }
  if (pos + length > s.size()) return invalid;
  for (size_t i = 1; i < length; ++i) {
    const auto b = static_cast<unsigned char>(s[pos + i]);
    if (!IsContinuation(b)) return invalid;
    value = (value << 6) | (b & 0x3F);
  }
  static constexpr char32_t kMinForLength[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (value < kMinForLength[length] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    return invalid;
  }
  return {value, length};
}

void AppendUtf8(char32_t c, std::string& out) {
  if (c < 0x80) {
    out += char(c);
  } else if (c < 0x800) {
    out += char(0xC0 | (c >> 6));
    out += char(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += char(0xE0 | (c >> 12));
    out += char(0x80 | ((c >> 6) & 0x3F));
    out += char(0x80 | (c & 0x3F));
  } else {
    out += char(0xF0 | (c >> 18));
    out += char(0x80 | ((c >> 12) & 0x3F));
    out += char(0x80 | ((c >> 6) & 0x3F));
    out += char(0x80 | (c & 0x3F));
  }
}

size_t CountCodePoints(std::string_view s) {
  size_t count = 0;
  for (size_t pos = 0; pos < s.size(); pos += DecodeCodePoint(s, pos).length) ++count;
  return count;
}

std::vector<size_t> CodePointOffsets(std::string_view s) {
  std::vector<size_t> offsets;
  offsets.reserve(s.size() + 1);
  for (size_t pos = 0; pos < s.size(); pos += DecodeCodePoint(s, pos).length) {
    offsets.push_back(pos);
  }
  offsets.push_back(s.size());
  return offsets;
}

bool IsPythonSpace(char32_t c) {
  if (c < 0x80) return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool IsLineBoundary(char32_t c) {
  return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || (c >= 0x1C && c <= 0x1E) ||
         c == 0x85 || c == 0x2028 || c == 0x2029;
}

bool IsPrintable(char32_t c) {
  if (c == ' ') return true;
  if (c >= 0xDC80 && c <= 0xDCFF) return false;
  switch (u_charType(UChar32(c))) {
    case U_CONTROL_CHAR:
    case U_FORMAT_CHAR:
    case U_SURROGATE:
    case U_PRIVATE_USE_CHAR:
    case U_UNASSIGNED:
    case U_LINE_SEPARATOR:
    case U_PARAGRAPH_SEPARATOR:
    case U_SPACE_SEPARATOR:
      return false;
    default:
      return true;
  }
}

bool IsAlphabetic(char32_t c) {
  switch (u_charType(UChar32(c))) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
      return true;
    default:
      return false;
  }
}

bool IsDecimalDigit(char32_t c) { return u_charType(UChar32(c)) == U_DECIMAL_DIGIT_NUMBER; }
bool IsCased(char32_t c) { return u_hasBinaryProperty(UChar32(c), UCHAR_CASED); }
bool IsUppercase(char32_t c) { return u_hasBinaryProperty(UChar32(c), UCHAR_UPPERCASE); }
bool IsLowercase(char32_t c) { return u_hasBinaryProperty(UChar32(c), UCHAR_LOWERCASE); }

std::string ToUpper(std::string_view s) {
  if (IsAscii(s)) {
    std::string out(s);
    for (char& c : out) {
      if (c >= 'a' && c <= 'z') c = char(c - 32);
    }
    return out;
  }
  return MapValidRuns(s, IcuUpper);
}

std::string ToLower(std::string_view s) {
  if (IsAscii(s)) {
    std::string out(s);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = char(c + 32);
    }
    return out;
  }
  return MapValidRuns(s, IcuLower);
}

std::string ToTitleWords(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool previous_cased = false;
  for (size_t pos = 0; pos < s.size();) {
    const CodePoint cp = DecodeCodePoint(s, pos);
    AppendMapped(s, pos, cp, previous_cased ? AppendLower : AppendTitle, out);
    previous_cased = !IsSurrogateEscape(cp) && IsCased(cp.value);
    pos += cp.length;
  }
  return out;
}

std::string Capitalize(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t pos = 0; pos < s.size();) {
    const CodePoint cp = DecodeCodePoint(s, pos);
    AppendMapped(s, pos, cp, pos == 0 ? AppendTitle : AppendLower, out);
    pos += cp.length;
  }
  return out;
}

std::string_view StripView(std::string_view s, bool left, bool right, const std::string* chars) {
  std::vector<char32_t> set;
  if (chars != nullptr) {
    for (size_t pos = 0; pos < chars->size();) {
      const CodePoint cp = DecodeCodePoint(*chars, pos);
      set.push_back(cp.value);
      pos += cp.length;
    }
  }
  auto strip = [&](char32_t c) {
    if (chars == nullptr) return IsPythonSpace(c);
    for (char32_t x : set) {
      if (x == c) return true;
    }
    return false;
  };
  size_t begin = 0;
  size_t end = s.size();
  if (left) {
    while (begin < end) {
      const CodePoint cp = DecodeCodePoint(s, begin);
      if (!strip(cp.value)) break;
      begin += cp.length;
    }
  }
  if (right) {
    while (end > begin) {
      size_t start = end - 1;  // back up to the start of the last code point
      while (start > begin && IsContinuation(static_cast<unsigned char>(s[start])) &&
             end - start < 4) {
        --start;
      }
      CodePoint cp = DecodeCodePoint(s, start);
      if (start + cp.length != end) {  // not a whole code point: a lone byte
        start = end - 1;
        cp = DecodeCodePoint(s, start);
      }
      if (!strip(cp.value)) break;
      end = start;
    }
  }
  return s.substr(begin, end - begin);
}

}  // namespace hearth::jinja
