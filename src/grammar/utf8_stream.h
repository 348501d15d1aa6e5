// Utf8Stream: strict UTF-8 decoding one byte at a time (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), for text that arrives in pieces that may split a
// character (model tokens). While a character is incomplete it tells which code points the
// bytes so far can still become, so a matcher can judge a partial character.
//
// A small value type: copy it to try a byte without committing.
#pragma once

#include <cstdint>

#include "grammar/char_set.h"

namespace hearth {

class Utf8Stream {
 public:
  enum class Step : uint8_t {
    kComplete,  // the byte finished a character (code point in *code_point)
    kPending,   // the byte started or continued a character that needs more bytes
    kInvalid,   // the byte cannot come here; the stream is unchanged
  };

  Step Push(uint8_t byte, uint32_t* code_point) {
    if (remaining_ == 0) return PushLead(byte, code_point);
    if (byte < min_next_ || byte > max_next_) return Step::kInvalid;
    value_ = (value_ << 6) | (byte & 0x3F);
    min_next_ = 0x80;
    max_next_ = 0xBF;
    if (--remaining_ > 0) return Step::kPending;
    *code_point = value_;
    value_ = 0;
    return Step::kComplete;
  }

  // True between the first and the last byte of a character.
  bool pending() const { return remaining_ != 0; }

  // The code points the pending character can still become. Requires pending().
  CodePointRange PossibleCodePoints() const {
    const int rest_bits = 6 * (remaining_ - 1);
    const uint32_t low = ((value_ << 6) | (min_next_ & 0x3F)) << rest_bits;
    const uint32_t high =
        (((value_ << 6) | (max_next_ & 0x3F)) << rest_bits) | ((1u << rest_bits) - 1);
    return {low, high};
  }

  bool operator==(const Utf8Stream&) const = default;

 private:
  Step PushLead(uint8_t byte, uint32_t* code_point) {
    if (byte < 0x80) {
      *code_point = byte;
      return Step::kComplete;
    }
    uint8_t min_next = 0x80, max_next = 0xBF;
    if (byte >= 0xC2 && byte <= 0xDF) {
      remaining_ = 1;
      value_ = byte & 0x1F;
    } else if (byte >= 0xE0 && byte <= 0xEF) {
      remaining_ = 2;
      value_ = byte & 0x0F;
      if (byte == 0xE0) min_next = 0xA0;  // no overlong forms
      if (byte == 0xED) max_next = 0x9F;  // no surrogates
    } else if (byte >= 0xF0 && byte <= 0xF4) {
      remaining_ = 3;
      value_ = byte & 0x07;
      if (byte == 0xF0) min_next = 0x90;  // no overlong forms
      if (byte == 0xF4) max_next = 0x8F;  // nothing above U+10FFFF
    } else {
      return Step::kInvalid;
    }
    min_next_ = min_next;
    max_next_ = max_next;
    return Step::kPending;
  }

  uint32_t value_ = 0;       // the bits read so far
  uint8_t remaining_ = 0;    // continuation bytes still expected
  uint8_t min_next_ = 0x80;  // range of the next continuation byte
  uint8_t max_next_ = 0xBF;
};

}  // namespace hearth
