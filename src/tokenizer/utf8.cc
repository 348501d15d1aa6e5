#include "tokenizer/utf8.h"

namespace hearth::utf8 {
namespace {

bool IsContinuation(uint8_t b) { return (b & 0xC0) == 0x80; }

// Reads one sequence at `pos` with the reference tokenizer's rules; returns false (and leaves
// `pos`) when it cannot.
bool ReadLenient(std::string_view text, size_t& pos, uint32_t* cp) {
  const uint8_t b0 = uint8_t(text[pos]);
  const size_t left = text.size() - pos;
  auto cont = [&](size_t i) { return uint32_t(uint8_t(text[pos + i]) & 0x3F); };
  auto conts_ok = [&](size_t n) {
    if (left <= n) return false;
    for (size_t i = 1; i <= n; ++i) {
      if (!IsContinuation(uint8_t(text[pos + i]))) return false;
    }
    return true;
  };
  if (b0 < 0x80) {
    *cp = b0;
    pos += 1;
    return true;
  }
  if ((b0 & 0xE0) == 0xC0 && conts_ok(1)) {
    *cp = (uint32_t(b0 & 0x1F) << 6) | cont(1);
    pos += 2;
    return true;
  }
  if ((b0 & 0xF0) == 0xE0 && conts_ok(2)) {
    *cp = (uint32_t(b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2);
    pos += 3;
    return true;
  }
  if ((b0 & 0xF8) == 0xF0 && conts_ok(3)) {
    const uint32_t value = (uint32_t(b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
    if (value > 0x10FFFF) return false;
    *cp = value;
    pos += 4;
    return true;
  }
  return false;
}

// Strict (RFC 3629) check of the sequence at `pos`.
enum class SequenceState { kValid, kTruncated, kInvalid };
struct SequenceCheck {
  SequenceState state;
  size_t length;  // kValid: the sequence; kInvalid: the maximal invalid subpart (>= 1)
};

SequenceCheck CheckStrict(std::string_view bytes, size_t pos) {
  const uint8_t b0 = uint8_t(bytes[pos]);
  if (b0 < 0x80) return {SequenceState::kValid, 1};
  size_t need;
  uint8_t second_lo = 0x80, second_hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 3;
    if (b0 == 0xE0) second_lo = 0xA0;
    if (b0 == 0xED) second_hi = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 4;
    if (b0 == 0xF0) second_lo = 0x90;
    if (b0 == 0xF4) second_hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return {SequenceState::kInvalid, 1};
  }
  for (size_t i = 1; i < need; ++i) {
    if (pos + i >= bytes.size()) return {SequenceState::kTruncated, i};
    const uint8_t b = uint8_t(bytes[pos + i]);
    const uint8_t lo = i == 1 ? second_lo : 0x80;
    const uint8_t hi = i == 1 ? second_hi : 0xBF;
    if (b < lo || b > hi) return {SequenceState::kInvalid, i};
  }
  return {SequenceState::kValid, need};
}

}  // namespace

uint32_t NextCodepointLenient(std::string_view text, size_t* pos) {
  uint32_t cp;
  if (ReadLenient(text, *pos, &cp)) return cp;
  ++*pos;
  return kReplacementChar;
}

std::vector<uint32_t> DecodeUtf8Lenient(std::string_view text) {
  std::vector<uint32_t> cpts;
  cpts.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) cpts.push_back(NextCodepointLenient(text, &pos));
  return cpts;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(char(cp));
  } else if (cp < 0x800) {
    out->push_back(char(0xC0 | (cp >> 6)));
    out->push_back(char(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(char(0xE0 | (cp >> 12)));
    out->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(char(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(char(0xF0 | ((cp >> 18) & 0x07)));
    out->push_back(char(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(char(0x80 | (cp & 0x3F)));
  }
}

std::string EncodeUtf8(uint32_t cp) {
  std::string s;
  AppendUtf8(cp, &s);
  return s;
}

Utf8Prefix ValidUtf8Prefix(std::string_view bytes) {
  Utf8Prefix result;
  size_t pos = 0;
  while (pos < bytes.size()) {
    const SequenceCheck check = CheckStrict(bytes, pos);
    if (check.state == SequenceState::kTruncated) {
      result.incomplete = true;
      break;
    }
    if (check.state == SequenceState::kInvalid) {
      result.invalid_bytes = check.length;
      break;
    }
    pos += check.length;
  }
  result.valid_bytes = pos;
  return result;
}

std::string RepairUtf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  while (!bytes.empty()) {
    const Utf8Prefix prefix = ValidUtf8Prefix(bytes);
    out.append(bytes.substr(0, prefix.valid_bytes));
    if (prefix.invalid_bytes == 0 && !prefix.incomplete) break;
    AppendUtf8(kReplacementChar, &out);
    const size_t skip =
        prefix.incomplete ? bytes.size() - prefix.valid_bytes : prefix.invalid_bytes;
    bytes.remove_prefix(prefix.valid_bytes + skip);
  }
  return out;
}

}  // namespace hearth::utf8
