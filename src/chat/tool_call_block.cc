#include "chat/tool_call_block.h"

namespace hearth {

bool IsAsciiWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool IsToolNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

LiteralMatcher::LiteralMatcher(std::vector<std::string_view> options, bool skip_whitespace)
    : options_(std::move(options)), skip_whitespace_(skip_whitespace) {}

LiteralMatcher::Result LiteralMatcher::Feed(char c) {
  if (skip_whitespace_ && text_.empty() && IsAsciiWhitespace(c)) {
    consumed_ += c;
    return Result::kNeedMore;
  }
  text_ += c;
  bool partial = false;
  for (size_t i = 0; i < options_.size(); ++i) {
    if (options_[i] == text_) {
      consumed_ += c;
      matched_option_ = i;
      return Result::kMatched;
    }
    partial = partial || options_[i].starts_with(text_);
  }
  if (!partial) {
    text_.pop_back();
    return Result::kMismatch;
  }
  consumed_ += c;
  return Result::kNeedMore;
}

void LiteralMatcher::Reset() {
  text_.clear();
  consumed_.clear();
  matched_option_ = 0;
}

void AppendJsonEscaped(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (byte < 0x20) {
          out += "\\u00";
          out += kHex[byte >> 4];
          out += kHex[byte & 0xF];
        } else {
          out += c;
        }
    }
  }
}

bool CodeCallWriter::Begin(ToolCallSink& sink) {
  if (!sink.AcceptsToolName(kToolName)) return false;
  sink.BeginCall(kToolName, "");
  sink.AppendArguments("{\"code\":\"");
  return true;
}

void CodeCallWriter::Append(std::string_view code, ToolCallSink& sink) {
  AppendEscaped(utf8_.Feed(code), sink);
}

void CodeCallWriter::End(ToolCallSink& sink) {
  AppendEscaped(utf8_.Flush(), sink);
  sink.AppendArguments("\"}");
  sink.EndCall();
}

void CodeCallWriter::AppendEscaped(std::string_view text, ToolCallSink& sink) {
  std::string escaped;
  AppendJsonEscaped(escaped, text);
  if (!escaped.empty()) sink.AppendArguments(escaped);
}

}  // namespace hearth
