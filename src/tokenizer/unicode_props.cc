#include "tokenizer/unicode_props.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>

namespace hearth::unicode {
namespace {

uint16_t CategoryFlag(int8_t category) {
  switch (category) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER: return kLetter;
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK: return kMark;
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER: return kNumber;
    case U_SPACE_SEPARATOR:
    case U_LINE_SEPARATOR:
    case U_PARAGRAPH_SEPARATOR: return kSeparator;
    case U_CONTROL_CHAR:
    case U_FORMAT_CHAR:
    case U_PRIVATE_USE_CHAR:
    case U_SURROGATE: return kControl;
    case U_DASH_PUNCTUATION:
    case U_START_PUNCTUATION:
    case U_END_PUNCTUATION:
    case U_CONNECTOR_PUNCTUATION:
    case U_OTHER_PUNCTUATION:
    case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION: return kPunctuation;
    case U_MATH_SYMBOL:
    case U_CURRENCY_SYMBOL:
    case U_MODIFIER_SYMBOL:
    case U_OTHER_SYMBOL: return kSymbol;
    default: return kUnassigned;
  }
}

uint16_t LookupFlags(uint32_t cp) {
  const auto c = UChar32(cp);
  uint16_t flags = CategoryFlag(u_charType(c));
  if (u_isUWhiteSpace(c)) flags |= kWhitespace;
  return flags;
}

// ASCII is most of most texts: a table built once (constant data, no mutable state).
const std::array<uint16_t, 128>& AsciiFlags() {
  static const std::array<uint16_t, 128> table = [] {
    std::array<uint16_t, 128> t{};
    for (uint32_t cp = 0; cp < 128; ++cp) t[cp] = LookupFlags(cp);
    return t;
  }();
  return table;
}

}  // namespace

uint16_t CodepointFlags(uint32_t cp) {
  if (cp < 128) return AsciiFlags()[cp];
  if (cp > 0x10FFFF) return 0;
  return LookupFlags(cp);
}

uint32_t ToLower(uint32_t cp) {
  if (cp > 0x10FFFF) return cp;
  return uint32_t(u_tolower(UChar32(cp)));
}

uint32_t FirstOfNfd(uint32_t cp) {
  if (cp < 0xC0 || cp > 0x10FFFF) return cp;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status) || nfd == nullptr) return cp;
  icu::UnicodeString decomposition;
  if (!nfd->getDecomposition(UChar32(cp), decomposition) || decomposition.isEmpty()) return cp;
  return uint32_t(decomposition.char32At(0));
}

}  // namespace hearth::unicode
