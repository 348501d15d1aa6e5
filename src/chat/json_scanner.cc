#include "chat/json_scanner.h"

#include <algorithm>

#include "base/check.h"

namespace hearth {
namespace {

bool IsJsonWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

JsonScanStep JsonScanner::Feed(char c) {
  HEARTH_CHECK(status_ == JsonScanStatus::kNeedMore) << "JsonScanner fed after it finished";
  JsonScanStep step;
  string_size_before_byte_ = string_.size();
  switch (token_) {
    case Token::kString: StringByte(c, step); break;
    case Token::kNumber: NumberByte(c, step); break;
    case Token::kLiteral: LiteralByte(c, step); break;
    case Token::kNone: StructuralByte(c, step); break;
  }
  step.status = status_;
  return step;
}

std::string_view JsonScanner::KeyAt(int level) const {
  if (level < 0 || level >= depth() || !frames_[size_t(level)].is_object) return {};
  return frames_[size_t(level)].key;
}

std::string_view JsonScanner::decoded_by_last_byte() const {
  std::string_view all = string_;
  return all.substr(std::min(string_size_before_byte_, all.size()));
}

void JsonScanner::StructuralByte(char c, JsonScanStep& step) {
  if (IsJsonWhitespace(c)) {
    step.insignificant = true;
    return;
  }
  const bool in_object = !frames_.empty() && frames_.back().is_object;
  switch (expect()) {
    case Expect::kValue: BeginValue(c, step); return;
    case Expect::kFirstValueOrEnd:
      if (c == ']') {
        frames_.pop_back();
        EndValue(step);
      } else {
        BeginValue(c, step);
      }
      return;
    case Expect::kFirstKeyOrEnd:
    case Expect::kKey:
      if (c == '}' && expect() == Expect::kFirstKeyOrEnd) {
        frames_.pop_back();
        EndValue(step);
      } else if (c == '"') {
        token_ = Token::kString;
        string_is_key_ = true;
        string_.clear();
        string_size_before_byte_ = 0;
      } else {
        Fail();
      }
      return;
    case Expect::kColon:
      if (c == ':') {
        expect() = Expect::kValue;
      } else {
        Fail();
      }
      return;
    case Expect::kCommaOrEnd:
      if (c == ',' && !frames_.empty()) {
        expect() = in_object ? Expect::kKey : Expect::kValue;
      } else if (!frames_.empty() && c == (in_object ? '}' : ']')) {
        frames_.pop_back();
        EndValue(step);
      } else {
        Fail();
      }
      return;
  }
}

void JsonScanner::BeginValue(char c, JsonScanStep& step) {
  const bool top_level = frames_.empty();
  step.begin_depth = depth();
  if (c == '{' || c == '[') {
    if (depth() >= max_depth_) return Fail();
    Frame frame;
    frame.is_object = c == '{';
    frame.expect = frame.is_object ? Expect::kFirstKeyOrEnd : Expect::kFirstValueOrEnd;
    frames_.push_back(std::move(frame));
  } else if (c == '"') {
    token_ = Token::kString;
    string_is_key_ = false;
    string_.clear();
    string_size_before_byte_ = 0;
  } else if (top_level) {
    Fail();  // see the header: no top-level scalars other than strings
  } else if (c == '-' || IsDigit(c)) {
    token_ = Token::kNumber;
    number_ = c == '-' ? Number::kSign : (c == '0' ? Number::kZero : Number::kInt);
  } else if (c == 't' || c == 'f' || c == 'n') {
    token_ = Token::kLiteral;
    literal_rest_ = c == 't' ? "rue" : (c == 'f' ? "alse" : "ull");
  } else {
    Fail();
  }
}

void JsonScanner::EndValue(JsonScanStep& step) {
  step.end_depth = step.end_depth >= 0 ? std::min(step.end_depth, depth()) : depth();
  if (frames_.empty()) {
    top_expect_ = Expect::kCommaOrEnd;
    status_ = JsonScanStatus::kDone;
  } else {
    frames_.back().expect = Expect::kCommaOrEnd;
  }
}

void JsonScanner::StringByte(char c, JsonScanStep& step) {
  const auto byte = static_cast<unsigned char>(c);
  if (escape_state_ != 0) {
    if (!EscapeByte(c)) Fail();
    return;
  }
  if (utf8_.inside() || byte >= 0x80) {
    if (high_surrogate_ != 0 || utf8_.Feed(byte) == Utf8Validator::Step::kInvalid) return Fail();
    string_ += c;
    return;
  }
  if (c == '\\') {
    escape_state_ = 1;
    return;
  }
  if (high_surrogate_ != 0 || byte < 0x20) return Fail();  // lone surrogate / raw control
  if (c == '"') {
    token_ = Token::kNone;
    if (string_is_key_) {
      frames_.back().key = string_;
      frames_.back().expect = Expect::kColon;
    } else {
      EndValue(step);
    }
    return;
  }
  string_ += c;
}

bool JsonScanner::EscapeByte(char c) {
  if (escape_state_ == 1) {
    if (c == 'u') {
      escape_state_ = 2;
      escape_unit_ = 0;
      return true;
    }
    if (high_surrogate_ != 0) return false;
    escape_state_ = 0;
    switch (c) {
      case '"':
      case '\\':
      case '/': string_ += c; return true;
      case 'b': string_ += '\b'; return true;
      case 'f': string_ += '\f'; return true;
      case 'n': string_ += '\n'; return true;
      case 'r': string_ += '\r'; return true;
      case 't': string_ += '\t'; return true;
      default: return false;
    }
  }
  const int digit = HexValue(c);
  if (digit < 0) return false;
  escape_unit_ = escape_unit_ * 16 + uint32_t(digit);
  if (++escape_state_ < 6) return true;
  escape_state_ = 0;
  const uint32_t unit = escape_unit_;
  const bool is_high = unit >= 0xD800 && unit <= 0xDBFF;
  const bool is_low = unit >= 0xDC00 && unit <= 0xDFFF;
  if (high_surrogate_ != 0) {
    if (!is_low) return false;
    AppendCodePoint(0x10000 + ((high_surrogate_ - 0xD800) << 10) + (unit - 0xDC00));
    high_surrogate_ = 0;
  } else if (is_high) {
    high_surrogate_ = unit;
  } else if (is_low) {
    return false;
  } else {
    AppendCodePoint(unit);
  }
  return true;
}

void JsonScanner::AppendCodePoint(uint32_t cp) {
  if (cp < 0x80) {
    string_ += static_cast<char>(cp);
  } else if (cp < 0x800) {
    string_ += static_cast<char>(0xC0 | (cp >> 6));
    string_ += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    string_ += static_cast<char>(0xE0 | (cp >> 12));
    string_ += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    string_ += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    string_ += static_cast<char>(0xF0 | (cp >> 18));
    string_ += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    string_ += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    string_ += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

void JsonScanner::NumberByte(char c, JsonScanStep& step) {
  const bool digit = IsDigit(c);
  const bool exponent = c == 'e' || c == 'E';
  switch (number_) {
    case Number::kSign:
      if (!digit) return Fail();
      number_ = c == '0' ? Number::kZero : Number::kInt;
      return;
    case Number::kDot:
      if (!digit) return Fail();
      number_ = Number::kFrac;
      return;
    case Number::kExp:
      if (c == '+' || c == '-') {
        number_ = Number::kExpSign;
        return;
      }
      [[fallthrough]];
    case Number::kExpSign:
      if (!digit) return Fail();
      number_ = Number::kExpDigits;
      return;
    case Number::kZero:
    case Number::kInt:
    case Number::kFrac:
    case Number::kExpDigits:
      if (digit && number_ != Number::kZero) return;
      if (c == '.' && (number_ == Number::kZero || number_ == Number::kInt)) {
        number_ = Number::kDot;
        return;
      }
      if (exponent && number_ != Number::kExpDigits) {
        number_ = Number::kExp;
        return;
      }
      break;  // the number ended before this byte
  }
  token_ = Token::kNone;
  EndValue(step);
  StructuralByte(c, step);
}

void JsonScanner::LiteralByte(char c, JsonScanStep& step) {
  if (literal_rest_.empty() || c != literal_rest_.front()) return Fail();
  literal_rest_.remove_prefix(1);
  if (literal_rest_.empty()) {
    token_ = Token::kNone;
    EndValue(step);
  }
}

}  // namespace hearth
