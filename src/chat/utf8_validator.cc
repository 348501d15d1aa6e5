#include "chat/utf8_validator.h"

namespace hearth {
namespace {

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

// Bytes that follow a lead byte, or -1 for a byte that cannot lead.
int ContinuationCount(unsigned char lead) {
  if (lead < 0x80) return 0;
  if (lead >= 0xC2 && lead <= 0xDF) return 1;
  if (lead >= 0xE0 && lead <= 0xEF) return 2;
  if (lead >= 0xF0 && lead <= 0xF4) return 3;
  return -1;
}

}  // namespace

Utf8Validator::Step Utf8Validator::Feed(unsigned char byte) {
  if (remaining_ == 0) {
    const int count = ContinuationCount(byte);
    if (count < 0) return Step::kInvalid;
    if (count == 0) return Step::kCharacterDone;
    remaining_ = count;
    lead_ = byte;
    return Step::kInside;
  }
  unsigned char low = 0x80, high = 0xBF;
  if (lead_ == 0xE0) low = 0xA0;   // overlong three-byte forms
  if (lead_ == 0xED) high = 0x9F;  // UTF-16 surrogates
  if (lead_ == 0xF0) low = 0x90;   // overlong four-byte forms
  if (lead_ == 0xF4) high = 0x8F;  // past U+10FFFF
  if (byte < low || byte > high) {
    remaining_ = 0;
    return Step::kInvalid;
  }
  lead_ = 0;  // the narrower ranges apply to the first continuation byte only
  return --remaining_ == 0 ? Step::kCharacterDone : Step::kInside;
}

std::string Utf8Repairer::Feed(std::string_view bytes) {
  std::string out;
  for (char c : bytes) {
    const bool was_inside = validator_.inside();
    Utf8Validator::Step step = validator_.Feed(static_cast<unsigned char>(c));
    if (step == Utf8Validator::Step::kInvalid && was_inside) {
      // The character broke off before this byte: replace it, then look at the byte afresh.
      out += kReplacementCharacter;
      held_.clear();
      step = validator_.Feed(static_cast<unsigned char>(c));
    }
    switch (step) {
      case Utf8Validator::Step::kInvalid: out += kReplacementCharacter; break;
      case Utf8Validator::Step::kInside: held_ += c; break;
      case Utf8Validator::Step::kCharacterDone:
        out += held_;
        out += c;
        held_.clear();
        break;
    }
  }
  return out;
}

std::string Utf8Repairer::Flush() {
  if (held_.empty()) return {};
  held_.clear();
  validator_ = Utf8Validator();
  return std::string(kReplacementCharacter);
}

}  // namespace hearth
