// The GPT-2 byte-level alphabet: byte-level BPE vocabularies spell every byte as one printable
// code point (bytes that are printable Latin-1 stand for themselves; the other 68 bytes map to
// U+0100 onwards in byte order, so a space is "Ġ" U+0120 and a newline "Ċ" U+010A).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hearth::byte_level {

// The code point that stands for `byte`.
uint32_t ByteToCodepoint(uint8_t byte);
// The byte a code point stands for, or nullopt for code points outside the alphabet.
std::optional<uint8_t> CodepointToByte(uint32_t cp);

// UTF-8 of ByteToCodepoint(byte), e.g. "Ġ" for ' '.
const std::string& ByteSymbol(uint8_t byte);

// Undoes the mapping for a vocabulary string, appending to `out`: every code point of the
// alphabet becomes its byte. A code point outside the alphabet is kept as
// "[UNK_BYTE_0x<its utf-8 in hex><text>]", the reference's marker. (Text is read with the
// lenient decoder.)
void AppendDecodedSymbols(std::string_view text, std::string* out);
std::string DecodeSymbols(std::string_view text);

}  // namespace hearth::byte_level
