// Functionary v3.2 segments: >>>recipient\n then content ("all"), JSON arguments, or code.
#include <optional>

#include "chat/marker_scan.h"
#include "chat/tool_call_family_blocks.h"
#include "chat/tool_call_json.h"
#include "chat/tool_call_markers.h"

namespace hearth {
namespace {

constexpr size_t kMaxRecipient = 128;

class FunctionarySegmentBlock final : public ToolCallBlock {
 public:
  BlockByte Feed(char c, ToolCallSink& sink) override {
    switch (phase_) {
      case Phase::kRecipient: return RecipientByte(c, sink);
      case Phase::kBody:
        if (IsAsciiWhitespace(c)) return BlockByte::kNeedMore;
        if (c == '{') {
          phase_ = Phase::kArguments;
          arguments_.emplace(recipient_);
          return ArgumentsByte(c, sink);
        }
        if (recipient_ != CodeCallWriter::kToolName || !code_.Begin(sink)) {
          return BlockByte::kInvalid;
        }
        phase_ = Phase::kCode;
        return CodeByte(c, sink);
      case Phase::kArguments: return ArgumentsByte(c, sink);
      case Phase::kCode: return CodeByte(c, sink);
    }
    return BlockByte::kInvalid;
  }

  bool Finish(ToolCallSink& sink) override {
    switch (phase_) {
      case Phase::kRecipient: return recipient_ == markers::kFunctionaryContentRecipient;
      case Phase::kCode:
        code_.Append(held_code_, sink);
        code_.End(sink);
        return true;
      case Phase::kBody:
      case Phase::kArguments: return false;
    }
    return false;
  }

  std::string TakeGiveback() override { return std::move(giveback_); }

 private:
  enum class Phase : uint8_t { kRecipient, kBody, kArguments, kCode };

  BlockByte RecipientByte(char c, ToolCallSink& sink) {
    if (c == '\n') {
      if (recipient_ == markers::kFunctionaryContentRecipient) return BlockByte::kEndsAfter;
      if (recipient_.empty() || !sink.AcceptsToolName(recipient_)) return BlockByte::kInvalid;
      phase_ = Phase::kBody;
      return BlockByte::kNeedMore;
    }
    if (!IsToolNameChar(c) || recipient_.size() >= kMaxRecipient) return BlockByte::kInvalid;
    recipient_ += c;
    return BlockByte::kNeedMore;
  }

  BlockByte ArgumentsByte(char c, ToolCallSink& sink) {
    switch (arguments_->Feed(c, sink)) {
      case JsonScanStatus::kNeedMore: return BlockByte::kNeedMore;
      case JsonScanStatus::kDone: return BlockByte::kEndsAfter;
      case JsonScanStatus::kInvalid: return BlockByte::kInvalid;
    }
    return BlockByte::kInvalid;
  }

  // Code runs to the next ">>>" (held back while it may be one), which starts the next segment.
  BlockByte CodeByte(char c, ToolCallSink& sink) {
    held_code_ += c;
    const MarkerPattern recipient{markers::kFunctionaryRecipient};
    const MarkerScan scan = ScanForMarker(held_code_, {&recipient, 1}, /*at_boundary=*/false);
    code_.Append(std::string_view(held_code_).substr(0, scan.safe_length), sink);
    if (scan.match) {
      code_.End(sink);
      // The marker ends with this byte: the bytes before it go back, and this one follows them.
      giveback_ = held_code_.substr(scan.safe_length, held_code_.size() - scan.safe_length - 1);
      held_code_.clear();
      return BlockByte::kEndsBefore;
    }
    held_code_.erase(0, scan.safe_length);
    return BlockByte::kNeedMore;
  }

  Phase phase_ = Phase::kRecipient;
  std::string recipient_;
  std::optional<ArgumentsObjectReader> arguments_;
  CodeCallWriter code_;
  std::string held_code_;  // a possible start of ">>>"
  std::string giveback_;
};

}  // namespace

std::unique_ptr<ToolCallBlock> MakeFunctionarySegmentBlock() {
  return std::make_unique<FunctionarySegmentBlock>();
}

}  // namespace hearth
