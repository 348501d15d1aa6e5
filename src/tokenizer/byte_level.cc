#include "tokenizer/byte_level.h"

#include <array>
#include <cstdio>

#include "tokenizer/utf8.h"

namespace hearth::byte_level {
namespace {

bool StandsForItself(uint32_t byte) {
  return (byte >= 0x21 && byte <= 0x7E) || (byte >= 0xA1 && byte <= 0xAC) ||
         (byte >= 0xAE && byte <= 0xFF);
}

struct Tables {
  std::array<uint32_t, 256> byte_to_cp{};
  std::array<std::string, 256> byte_symbol;
  std::array<int16_t, 512> cp_to_byte{};  // every mapped code point is below 0x144
};

const Tables& GetTables() {
  static const Tables tables = [] {
    Tables t;
    t.cp_to_byte.fill(-1);
    uint32_t next_extra = 256;
    for (uint32_t byte = 0; byte < 256; ++byte) {
      const uint32_t cp = StandsForItself(byte) ? byte : next_extra++;
      t.byte_to_cp[byte] = cp;
      t.byte_symbol[byte] = utf8::EncodeUtf8(cp);
      t.cp_to_byte[cp] = int16_t(byte);
    }
    return t;
  }();
  return tables;
}

}  // namespace

uint32_t ByteToCodepoint(uint8_t byte) { return GetTables().byte_to_cp[byte]; }

std::optional<uint8_t> CodepointToByte(uint32_t cp) {
  const Tables& t = GetTables();
  if (cp >= t.cp_to_byte.size() || t.cp_to_byte[cp] < 0) return std::nullopt;
  return uint8_t(t.cp_to_byte[cp]);
}

const std::string& ByteSymbol(uint8_t byte) { return GetTables().byte_symbol[byte]; }

void AppendDecodedSymbols(std::string_view text, std::string* out) {
  for (size_t pos = 0; pos < text.size();) {
    const uint32_t cp = utf8::NextCodepointLenient(text, &pos);
    if (std::optional<uint8_t> byte = CodepointToByte(cp)) {
      out->push_back(char(*byte));
      continue;
    }
    *out += "[UNK_BYTE_0x";
    for (char c : utf8::EncodeUtf8(cp)) {
      char hex[3];
      std::snprintf(hex, sizeof(hex), "%02x", unsigned(uint8_t(c)));
      *out += hex;
    }
    out->append(text);
    *out += "]";
  }
}

std::string DecodeSymbols(std::string_view text) {
  std::string out;
  AppendDecodedSymbols(text, &out);
  return out;
}

}  // namespace hearth::byte_level
