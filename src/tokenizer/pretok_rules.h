// The split rules the pre-tokenizers are made of (internal to the tokenizer library).
//
// A rule refines a list of pieces: each piece of `in` (a length in code points, consecutive
// over the text) is split into pieces appended to `out`, whose lengths sum to the same total.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hearth::pretok {

using Pieces = std::vector<uint32_t>;

struct TextView {
  const uint32_t* cpts;
  const uint16_t* flags;
  size_t size;
};

// GPT-2: 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S), with \s+ for a
// lone white space character (the reference's hand-written matcher).
void SplitGpt2(const TextView& text, const Pieces& in, Pieces* out);

// Llama 3 (max_digits 3) and Qwen2 (max_digits 1):
// (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,max}| ?[^\s\p{L}\p{N}]+[\r\n]*|
// \s*[\r\n]+|\s+(?!\S)|\s+
void SplitLlama3(const TextView& text, const Pieces& in, Pieces* out, size_t max_digits);

// Single patterns: every leftmost non-overlapping match becomes a piece, and so does every gap.
enum class Pattern : uint8_t {
  kNumber,             // \p{N}
  kNumberRun,          // \p{N}+
  kAsciiDigitTriple,   // [0-9][0-9][0-9]
  kNewline,            // [\r\n]
  kPunctRun,           // [\p{P}\$\+<=>\^~\|]+
  kPunctRunBacktick,   // [\p{P}\$\+<=>\^~\|`]+
  kSpaceLetters,       // \s?\p{L}+
  kSpacePunct,         // \s?\p{P}+
  kSpaceLatinLetters,  // \s?[A-Za-zµÀ-ÖØ-ö...]+  (DeepSeek LLM's list of alphabets)
  kSpaceAsciiPunct,    // \s?[!-/:-~！-／：-～‘-‟　-。]+
  kCjkRun,             // [一-龥ࠀ-一가-퟿]+
};
void SplitByPattern(Pattern pattern, const TextView& text, const Pieces& in, Pieces* out);

// \s+$: the white space at the end of each piece becomes a piece of its own.
void SplitTrailingWhitespace(const TextView& text, const Pieces& in, Pieces* out);

}  // namespace hearth::pretok
