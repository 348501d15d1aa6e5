// UTF-8 helpers shared by the tokenizers and the stream decoder.
//
// Two decoders with different purposes:
//   - DecodeUtf8Lenient() reproduces how the reference tokenizer reads text before
//     pre-tokenization: it checks lead/continuation bit patterns and lengths only (overlong
//     forms and surrogates pass), and turns each byte it cannot read into U+FFFD. Encoding its
//     output again (AppendUtf8) gives back the input exactly when the input is valid UTF-8.
//   - Utf8Validator (strict, RFC 3629) decides what may be handed to a user: see
//     ValidUtf8Prefix().
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::utf8 {

inline constexpr uint32_t kReplacementChar = 0xFFFD;

// Bytes of the sequence that `lead` starts, judged from its top four bits only (1 for ASCII and
// for stray continuation bytes, 2 for 0xC0-0xDF, 3 for 0xE0-0xEF, 4 for 0xF0-0xFF).
inline size_t SequenceLength(uint8_t lead) {
  static constexpr uint8_t kLengths[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4};
  return kLengths[lead >> 4];
}

// The code point at `*pos` (< text.size()), read as DecodeUtf8Lenient reads it; advances `*pos`.
uint32_t NextCodepointLenient(std::string_view text, size_t* pos);

// Code points of `text`; every byte that does not start a readable sequence becomes U+FFFD
// (one per byte). Sequences that would decode above U+10FFFF are unreadable too.
std::vector<uint32_t> DecodeUtf8Lenient(std::string_view text);

// Appends the UTF-8 form of `cp` (at most U+10FFFF; surrogates are encoded like any other
// value, as the lenient decoder lets them through).
void AppendUtf8(uint32_t cp, std::string* out);
std::string EncodeUtf8(uint32_t cp);

// Strict validation: the length of the longest prefix of `bytes` made of complete, valid UTF-8
// sequences, and what stops it.
struct Utf8Prefix {
  size_t valid_bytes = 0;    // bytes [0, valid_bytes) are valid UTF-8
  size_t invalid_bytes = 0;  // > 0: this many bytes at valid_bytes can never start valid UTF-8
  bool incomplete = false;   // true: bytes from valid_bytes to the end are a truncated sequence
};
Utf8Prefix ValidUtf8Prefix(std::string_view bytes);

// `bytes` with every invalid or truncated sequence replaced by U+FFFD (one per maximal invalid
// subpart, as in the Unicode recommendation).
std::string RepairUtf8(std::string_view bytes);

}  // namespace hearth::utf8
