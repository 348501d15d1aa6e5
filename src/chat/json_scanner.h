// Incremental JSON syntax checking for text a model is still writing: one byte at a time, with
// no lookahead, it says whether the bytes so far can still be the start of a valid JSON value
// (RFC 8259: strings must be valid UTF-8 without raw control characters, numbers in JSON's
// grammar) and where values begin and end. Tool-call parsers use it to find the extent of a call
// object and to stream its argument text while it is being generated.
//
// The scanned value must be an object, an array or a string (a top-level number would only end
// at the byte after it, which belongs to someone else). Nesting deeper than `max_depth`
// containers is refused as invalid, so hostile output cannot grow the stack without bound.
//
// Depths: a value "at depth d" is nested in d containers; the top-level value is at depth 0 and
// the members of a top-level object are at depth 1. Containers are numbered the same way: the
// top-level container is level 0.
//
// Not thread-safe; cheap to copy.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chat/utf8_validator.h"

namespace hearth {

enum class JsonScanStatus : uint8_t {
  kNeedMore,  // a valid prefix; the value is not complete yet
  kDone,      // the top-level value is complete (feed no more bytes)
  kInvalid,   // no continuation can make this valid JSON (feed no more bytes)
};

// What one byte did.
struct JsonScanStep {
  JsonScanStatus status = JsonScanStatus::kNeedMore;
  int begin_depth = -1;        // >= 0: this byte is the first byte of a value at that depth
  int end_depth = -1;          // >= 0: this byte completed a value at that depth (the outermost,
                               // when it also closed the container around a number)
  bool insignificant = false;  // whitespace between tokens: dropping it keeps the JSON's meaning
};

class JsonScanner {
 public:
  explicit JsonScanner(int max_depth = 128) : max_depth_(max_depth) {}

  JsonScanStep Feed(char c);

  JsonScanStatus status() const { return status_; }
  // Open containers after the last byte.
  int depth() const { return static_cast<int>(frames_.size()); }
  // The key of the member being read in the object at container `level` ("" before its first
  // key has been read, or when that container is an array).
  std::string_view KeyAt(int level) const;
  // The decoded text of the string that the last byte completed (keys included).
  const std::string& last_string() const { return string_; }
  // What the last byte added to the decoded text of the string being read (UTF-8, possibly
  // empty: an escape sequence or a multi-byte character decodes on its last byte).
  std::string_view decoded_by_last_byte() const;

 private:
  enum class Expect : uint8_t {
    kValue,
    kFirstKeyOrEnd,
    kKey,
    kColon,
    kFirstValueOrEnd,
    kCommaOrEnd
  };
  enum class Token : uint8_t { kNone, kString, kNumber, kLiteral };
  struct Frame {
    bool is_object = false;
    Expect expect = Expect::kValue;
    std::string key;
  };

  void StructuralByte(char c, JsonScanStep& step);
  void BeginValue(char c, JsonScanStep& step);
  void EndValue(JsonScanStep& step);
  void StringByte(char c, JsonScanStep& step);
  bool EscapeByte(char c);
  void NumberByte(char c, JsonScanStep& step);
  void LiteralByte(char c, JsonScanStep& step);
  void AppendCodePoint(uint32_t code_point);
  Expect& expect() { return frames_.empty() ? top_expect_ : frames_.back().expect; }
  void Fail() { status_ = JsonScanStatus::kInvalid; }

  int max_depth_;
  JsonScanStatus status_ = JsonScanStatus::kNeedMore;
  Expect top_expect_ = Expect::kValue;  // kValue before the top-level value, kCommaOrEnd after
  std::vector<Frame> frames_;

  Token token_ = Token::kNone;
  // String state.
  bool string_is_key_ = false;
  std::string string_;
  size_t string_size_before_byte_ = 0;
  int escape_state_ = 0;      // 0: none, 1: after '\', 2..5: reading \uXXXX hex digit n-2
  uint32_t escape_unit_ = 0;  // the UTF-16 code unit being read
  uint32_t high_surrogate_ = 0;
  Utf8Validator utf8_;  // raw (unescaped) non-ASCII characters
  // Number state (JSON grammar positions).
  enum class Number : uint8_t { kSign, kZero, kInt, kDot, kFrac, kExp, kExpSign, kExpDigits };
  Number number_ = Number::kSign;
  // Literal state: the remaining bytes of "true" / "false" / "null".
  std::string_view literal_rest_;
};

}  // namespace hearth
