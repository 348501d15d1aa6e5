// Checking UTF-8 one byte at a time (RFC 3629: no overlong forms, no surrogates, nothing past
// U+10FFFF), for text that arrives in pieces that may split a character.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace hearth {

class Utf8Validator {
 public:
  enum class Step : uint8_t {
    kCharacterDone,  // the byte completed a character
    kInside,         // the byte began or continued a multi-byte character
    kInvalid,        // the byte cannot be here (the validator is then reset)
  };

  Step Feed(unsigned char byte);
  // A multi-byte character is begun and not complete.
  bool inside() const { return remaining_ > 0; }

 private:
  int remaining_ = 0;       // continuation bytes still expected
  unsigned char lead_ = 0;  // the lead byte, until the first continuation byte is checked
};

// Passes text on with every ill-formed byte sequence replaced by U+FFFD, holding back an
// incomplete character until the next piece completes it (or Flush()).
class Utf8Repairer {
 public:
  // The repaired text that `bytes` completes.
  std::string Feed(std::string_view bytes);
  // What is held back, as U+FFFD.
  std::string Flush();

 private:
  Utf8Validator validator_;
  std::string held_;  // the bytes of an incomplete character
};

}  // namespace hearth
