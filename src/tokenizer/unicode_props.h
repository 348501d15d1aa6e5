// Unicode properties of code points, as the pre-tokenizer patterns see them (\p{L}, \p{N},
// \p{P}, \p{S}, \p{M}, \s). General categories and White_Space come from ICU.
//
// Pure functions of the code point; safe from any thread.
#pragma once

#include <cstdint>

namespace hearth::unicode {

// Bit flags; a code point has exactly one category flag (kLetter ... kUnassigned) and may also
// have kWhitespace. Code points past U+10FFFF have no flags at all (0).
enum CodepointFlag : uint16_t {
  kLetter = 1 << 0,       // \p{L}
  kNumber = 1 << 1,       // \p{N}
  kPunctuation = 1 << 2,  // \p{P}
  kSymbol = 1 << 3,       // \p{S}
  kMark = 1 << 4,         // \p{M}
  kSeparator = 1 << 5,    // \p{Z}
  kControl = 1 << 6,      // \p{C} except unassigned: Cc, Cf, Co, Cs
  kUnassigned = 1 << 7,   // Cn
  kWhitespace = 1 << 8,   // White_Space property (= \s of the reference's regexes)
};

uint16_t CodepointFlags(uint32_t cp);

inline bool IsLetter(uint16_t flags) { return flags & kLetter; }
inline bool IsNumber(uint16_t flags) { return flags & kNumber; }
inline bool IsWhitespace(uint16_t flags) { return flags & kWhitespace; }

// Simple (one-to-one) lower-case mapping; the code point itself where there is none.
uint32_t ToLower(uint32_t cp);

// The first code point of the canonical decomposition (NFD) of `cp`, or `cp` itself: what
// WordPiece uses to strip accents one code point at a time.
uint32_t FirstOfNfd(uint32_t cp);

}  // namespace hearth::unicode
