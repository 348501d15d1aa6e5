// Llama 3.x after <|python_tag|>: JSON call, builtin tool call, or code interpreter source.
#include <nlohmann/json.hpp>

#include "chat/json_scanner.h"
#include "chat/tool_call_family_blocks.h"
#include "chat/tool_call_json.h"
#include "chat/tool_call_markers.h"

namespace hearth {
namespace {

constexpr size_t kMaxIdentifier = 64;

bool IsIdentifierChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The argument list of a builtin call after "name.call(": key="value" pairs up to ')'.
class BuiltinArgumentsReader {
 public:
  enum class Status : uint8_t { kNeedMore, kDone, kInvalid };

  Status Feed(char c) {
    if (phase_ == Phase::kString) return StringByte(c);
    if (IsAsciiWhitespace(c) && phase_ != Phase::kKey) return Status::kNeedMore;
    switch (phase_) {
      case Phase::kKeyOrClose:
        if (c == ')') return Status::kDone;
        if (!IsIdentifierChar(c)) return Status::kInvalid;
        key_.assign(1, c);
        phase_ = Phase::kKey;
        return Status::kNeedMore;
      case Phase::kKey:
        if (IsIdentifierChar(c) && key_.size() < kMaxIdentifier) {
          key_ += c;
          return Status::kNeedMore;
        }
        phase_ = Phase::kEquals;
        return IsAsciiWhitespace(c) ? Status::kNeedMore : Feed(c);
      case Phase::kEquals:
        if (c != '=') return Status::kInvalid;
        phase_ = Phase::kValue;
        return Status::kNeedMore;
      case Phase::kValue:
        if (c != '"') return Status::kInvalid;
        value_ = JsonScanner();
        phase_ = Phase::kString;
        return StringByte(c);
      case Phase::kCommaOrClose:
        if (c == ')') return Status::kDone;
        if (c != ',') return Status::kInvalid;
        phase_ = Phase::kKeyOrClose;
        return Status::kNeedMore;
      case Phase::kString: break;
    }
    return Status::kInvalid;
  }

  std::string JsonText() const {
    return arguments_.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  }

 private:
  enum class Phase : uint8_t { kKeyOrClose, kKey, kEquals, kValue, kString, kCommaOrClose };

  Status StringByte(char c) {
    switch (value_.Feed(c).status) {
      case JsonScanStatus::kInvalid: return Status::kInvalid;
      case JsonScanStatus::kNeedMore: return Status::kNeedMore;
      case JsonScanStatus::kDone: break;
    }
    arguments_[key_] = value_.last_string();
    phase_ = Phase::kCommaOrClose;
    return Status::kNeedMore;
  }

  Phase phase_ = Phase::kKeyOrClose;
  std::string key_;
  JsonScanner value_;
  nlohmann::ordered_json arguments_ = nlohmann::ordered_json::object();
};

class LlamaPythonTagBlock final : public ToolCallBlock {
 public:
  BlockByte Feed(char c, ToolCallSink& sink) override {
    switch (phase_) {
      case Phase::kStart:
        if (IsAsciiWhitespace(c)) return BlockByte::kNeedMore;
        if (c == '{') {
          phase_ = Phase::kJson;
          return json_.Feed(c, sink);
        }
        if (!IsIdentifierChar(c)) return StartCode(std::string(1, c), sink);
        phase_ = Phase::kIdentifier;
        identifier_ += c;
        return BlockByte::kNeedMore;
      case Phase::kJson: return json_.Feed(c, sink);
      case Phase::kIdentifier: return IdentifierByte(c, sink);
      case Phase::kCallOpen:
        switch (call_open_.Feed(c)) {
          case LiteralMatcher::Result::kMatched: phase_ = Phase::kArguments; break;
          case LiteralMatcher::Result::kMismatch:
            return StartCode(identifier_ + call_open_.consumed() + c, sink);
          case LiteralMatcher::Result::kNeedMore: break;
        }
        return BlockByte::kNeedMore;
      case Phase::kArguments: return ArgumentsByte(c, sink);
      case Phase::kCode: code_.Append(std::string_view(&c, 1), sink); return BlockByte::kNeedMore;
    }
    return BlockByte::kInvalid;
  }

  bool Finish(ToolCallSink& sink) override {
    switch (phase_) {
      case Phase::kJson: return json_.CanFinish();
      case Phase::kIdentifier:
      case Phase::kCallOpen:
        // Source that happened to start like a builtin call.
        if (StartCode(identifier_ + call_open_.consumed(), sink) == BlockByte::kInvalid)
          return false;
        [[fallthrough]];
      case Phase::kCode: code_.End(sink); return true;
      case Phase::kStart:
      case Phase::kArguments: return false;
    }
    return false;
  }

 private:
  enum class Phase : uint8_t { kStart, kJson, kIdentifier, kCallOpen, kArguments, kCode };

  BlockByte IdentifierByte(char c, ToolCallSink& sink) {
    if (IsIdentifierChar(c) && identifier_.size() < kMaxIdentifier) {
      identifier_ += c;
      return BlockByte::kNeedMore;
    }
    if (c == markers::kLlamaBuiltinCallOpen.front()) {
      phase_ = Phase::kCallOpen;
      call_open_.Feed(c);
      return BlockByte::kNeedMore;
    }
    return StartCode(identifier_ + c, sink);
  }

  BlockByte ArgumentsByte(char c, ToolCallSink& sink) {
    switch (arguments_.Feed(c)) {
      case BuiltinArgumentsReader::Status::kNeedMore: return BlockByte::kNeedMore;
      case BuiltinArgumentsReader::Status::kInvalid: return BlockByte::kInvalid;
      case BuiltinArgumentsReader::Status::kDone: break;
    }
    if (!sink.AcceptsToolName(identifier_)) return BlockByte::kInvalid;
    sink.BeginCall(identifier_, "");
    sink.AppendArguments(arguments_.JsonText());
    sink.EndCall();
    return BlockByte::kEndsAfter;
  }

  BlockByte StartCode(const std::string& source, ToolCallSink& sink) {
    if (!code_.Begin(sink)) return BlockByte::kInvalid;
    phase_ = Phase::kCode;
    code_.Append(source, sink);
    return BlockByte::kNeedMore;
  }

  Phase phase_ = Phase::kStart;
  JsonCallsReader json_{JsonCallsLayout::kOneCall, CallIdSource::kGenerated};
  std::string identifier_;
  LiteralMatcher call_open_{{markers::kLlamaBuiltinCallOpen}, /*skip_whitespace=*/false};
  BuiltinArgumentsReader arguments_;
  CodeCallWriter code_;
};

}  // namespace

std::unique_ptr<ToolCallBlock> MakeLlamaPythonTagBlock() {
  return std::make_unique<LlamaPythonTagBlock>();
}

}  // namespace hearth
