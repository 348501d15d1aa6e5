// Single-pattern split rules: each pattern is a matcher that, at a position, returns the length
// of its match (0 for none); SplitByPattern turns leftmost non-overlapping matches and the gaps
// between them into pieces, as the reference's regex iterator does.
#include <algorithm>
#include <iterator>

#include "tokenizer/pretok_rules.h"
#include "tokenizer/unicode_props.h"

namespace hearth::pretok {
namespace {

struct Range {
  uint32_t first, last;
};

// DeepSeek LLM's explicit letter class (Latin, Greek, Cyrillic, Armenian, Georgian, Cherokee,
// Glagolitic, Coptic, full-width Latin, Deseret, Osage, Old Hungarian, Warang Citi, Adlam, ...).
constexpr Range kLatinLetters[] = {
    {0x41, 0x5A},       {0x61, 0x7A},       {0xB5, 0xB5},       {0xC0, 0xD6},
    {0xD8, 0xF6},       {0xF8, 0x1BA},      {0x1BC, 0x1BF},     {0x1C4, 0x293},
    {0x295, 0x2AF},     {0x370, 0x373},     {0x376, 0x377},     {0x37B, 0x37D},
    {0x37F, 0x37F},     {0x386, 0x386},     {0x388, 0x38A},     {0x38C, 0x38C},
    {0x38E, 0x3A1},     {0x3A3, 0x3F5},     {0x3F7, 0x481},     {0x48A, 0x52F},
    {0x531, 0x556},     {0x10A0, 0x10C5},   {0x13A0, 0x13F5},   {0x13F8, 0x13FD},
    {0x1C90, 0x1CBA},   {0x1CBD, 0x1CBF},   {0x1D00, 0x1D2B},   {0x1D6B, 0x1D77},
    {0x1D79, 0x1D9A},   {0x1E00, 0x1F15},   {0x1F18, 0x1F1D},   {0x1F20, 0x1F45},
    {0x1F48, 0x1F4D},   {0x1F50, 0x1F57},   {0x1F59, 0x1F59},   {0x1F5B, 0x1F5B},
    {0x1F5D, 0x1F5D},   {0x1F5F, 0x1F7D},   {0x1F80, 0x1FB4},   {0x1FB6, 0x1FBC},
    {0x1FBE, 0x1FBE},   {0x1FC2, 0x1FC4},   {0x1FC6, 0x1FCC},   {0x1FD0, 0x1FD3},
    {0x1FD6, 0x1FDB},   {0x1FE0, 0x1FEC},   {0x1FF2, 0x1FF4},   {0x1FF6, 0x1FFC},
    {0x2102, 0x2102},   {0x2107, 0x2107},   {0x210A, 0x2113},   {0x2115, 0x2115},
    {0x2119, 0x211D},   {0x2124, 0x2124},   {0x2126, 0x2126},   {0x2128, 0x2128},
    {0x212A, 0x212D},   {0x212F, 0x2134},   {0x2139, 0x2139},   {0x213C, 0x213F},
    {0x2145, 0x2149},   {0x214E, 0x214E},   {0x2183, 0x2184},   {0x2C00, 0x2C7B},
    {0x2C7E, 0x2CE4},   {0x2CEB, 0x2CEE},   {0x2CF2, 0x2CF3},   {0xA640, 0xA66D},
    {0xA680, 0xA69B},   {0xA722, 0xA76F},   {0xA771, 0xA787},   {0xA78B, 0xA78E},
    {0xAB70, 0xABBF},   {0xFB00, 0xFB06},   {0xFB13, 0xFB17},   {0xFF21, 0xFF3A},
    {0xFF41, 0xFF5A},   {0x10400, 0x1044F}, {0x104B0, 0x104D3}, {0x104D8, 0x104FB},
    {0x10C80, 0x10CB2}, {0x10CC0, 0x10CF2}, {0x118A0, 0x118DF}, {0x1E900, 0x1E943},
};
// ASCII and full-width punctuation, curly quotes, ideographic space, comma and full stop.
constexpr Range kAsciiPunct[] = {{0x21, 0x2F},     {0x3A, 0x7E},     {0x2018, 0x201F},
                                 {0x3000, 0x3002}, {0xFF01, 0xFF0F}, {0xFF1A, 0xFF5E}};
// CJK ideographs (U+4E00-U+9FA5), U+0800-U+4E00, Hangul syllables and Jamo (U+AC00-U+D7FF).
constexpr Range kCjk[] = {{0x800, 0x4E00}, {0x4E00, 0x9FA5}, {0xAC00, 0xD7FF}};

// Sorted by `first`; a range may only overlap its predecessor at a single shared end point.
template <size_t N>
bool InRanges(const Range (&ranges)[N], uint32_t cp) {
  const Range* it = std::upper_bound(std::begin(ranges), std::end(ranges), cp,
                                     [](uint32_t c, const Range& r) { return c < r.first; });
  return it != std::begin(ranges) && cp <= std::prev(it)->last;
}

// Explicit classes never match non-ASCII white space: the reference replaces it by U+000B
// before matching.
template <size_t N>
bool InClass(const Range (&ranges)[N], uint32_t cp, uint16_t flags) {
  if (cp >= 0x80 && unicode::IsWhitespace(flags)) return false;
  return InRanges(ranges, cp);
}

bool IsAsciiSymbolOfPunctRun(uint32_t cp, bool backtick) {
  switch (cp) {
    case '$':
    case '+':
    case '<':
    case '=':
    case '>':
    case '^':
    case '~':
    case '|': return true;
    case '`': return backtick;
    default: return false;
  }
}

class Matcher {
 public:
  Matcher(Pattern pattern, const TextView& text, size_t end)
      : pattern_(pattern), text_(text), end_(end) {}

  // Length of the match at `pos` (< end), or 0.
  size_t MatchAt(size_t pos) const {
    switch (pattern_) {
      case Pattern::kNumber: return IsNumber(pos) ? 1 : 0;
      case Pattern::kNumberRun: return Run(pos, [&](size_t i) { return IsNumber(i); });
      case Pattern::kAsciiDigitTriple:
        return pos + 3 <= end_ && IsAsciiDigit(pos) && IsAsciiDigit(pos + 1) &&
                       IsAsciiDigit(pos + 2)
                   ? 3
                   : 0;
      case Pattern::kNewline: return cp(pos) == '\r' || cp(pos) == '\n' ? 1 : 0;
      case Pattern::kPunctRun:
      case Pattern::kPunctRunBacktick: {
        const bool backtick = pattern_ == Pattern::kPunctRunBacktick;
        return Run(pos, [&](size_t i) {
          return (flags(i) & unicode::kPunctuation) || IsAsciiSymbolOfPunctRun(cp(i), backtick);
        });
      }
      case Pattern::kSpaceLetters:
        return OptionalSpaceThenRun(pos, [&](size_t i) { return flags(i) & unicode::kLetter; });
      case Pattern::kSpacePunct:
        return OptionalSpaceThenRun(pos,
                                    [&](size_t i) { return flags(i) & unicode::kPunctuation; });
      case Pattern::kSpaceLatinLetters:
        return OptionalSpaceThenRun(
            pos, [&](size_t i) { return InClass(kLatinLetters, cp(i), flags(i)); });
      case Pattern::kSpaceAsciiPunct:
        return OptionalSpaceThenRun(
            pos, [&](size_t i) { return InClass(kAsciiPunct, cp(i), flags(i)); });
      case Pattern::kCjkRun:
        return Run(pos, [&](size_t i) { return InClass(kCjk, cp(i), flags(i)); });
    }
    return 0;
  }

 private:
  uint32_t cp(size_t i) const { return text_.cpts[i]; }
  uint16_t flags(size_t i) const { return text_.flags[i]; }
  bool IsNumber(size_t i) const { return flags(i) & unicode::kNumber; }
  bool IsAsciiDigit(size_t i) const { return cp(i) >= '0' && cp(i) <= '9'; }

  // X+ : length of the run of positions satisfying `in_class` from `pos`.
  template <typename InClassFn>
  size_t Run(size_t pos, InClassFn in_class) const {
    size_t i = pos;
    while (i < end_ && in_class(i)) ++i;
    return i - pos;
  }

  // \s?X+ : the optional white space is taken when X+ follows it, else X+ must start at pos.
  template <typename InClassFn>
  size_t OptionalSpaceThenRun(size_t pos, InClassFn in_class) const {
    if (unicode::IsWhitespace(flags(pos)) && pos + 1 < end_) {
      if (size_t n = Run(pos + 1, in_class)) return n + 1;
    }
    return Run(pos, in_class);
  }

  Pattern pattern_;
  const TextView& text_;
  size_t end_;
};

}  // namespace

void SplitByPattern(Pattern pattern, const TextView& text, const Pieces& in, Pieces* out) {
  size_t begin = 0;
  for (uint32_t length : in) {
    const size_t end = begin + length;
    const Matcher matcher(pattern, text, end);
    size_t gap = begin;  // start of the text not matched yet
    for (size_t pos = begin; pos < end;) {
      const size_t n = matcher.MatchAt(pos);
      if (n == 0) {
        ++pos;
        continue;
      }
      if (pos > gap) out->push_back(uint32_t(pos - gap));
      out->push_back(uint32_t(n));
      pos += n;
      gap = pos;
    }
    if (end > gap) out->push_back(uint32_t(end - gap));
    begin = end;
  }
}

void SplitTrailingWhitespace(const TextView& text, const Pieces& in, Pieces* out) {
  size_t begin = 0;
  for (uint32_t length : in) {
    const size_t end = begin + length;
    size_t tail = end;
    while (tail > begin && unicode::IsWhitespace(text.flags[tail - 1])) --tail;
    if (tail > begin) out->push_back(uint32_t(tail - begin));
    if (end > tail) out->push_back(uint32_t(end - tail));
    begin = end;
  }
}

}  // namespace hearth::pretok
