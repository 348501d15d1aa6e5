// DeepSeek R1:
// <｜tool▁call▁begin｜>function<｜tool▁sep｜>NAME\n```json\n{...}\n```<｜tool▁call▁end｜>...
#include <optional>

#include "chat/tool_call_family_blocks.h"
#include "chat/tool_call_json.h"
#include "chat/tool_call_markers.h"

namespace hearth {
namespace {

namespace m = markers;

constexpr size_t kMaxType = 32;
constexpr size_t kMaxName = 128;

class DeepSeekCallsBlock final : public ToolCallBlock {
 public:
  explicit DeepSeekCallsBlock(bool opened_by_call_begin)
      : phase_(opened_by_call_begin ? Phase::kType : Phase::kCallBegin) {}

  BlockByte Feed(char c, ToolCallSink& sink) override {
    switch (phase_) {
      case Phase::kCallBegin: return CallBeginByte(c);
      case Phase::kType:
        if (c != m::kDeepSeekSeparator.front()) {
          if (!IsToolNameChar(c) || type_length_ >= kMaxType) return BlockByte::kInvalid;
          ++type_length_;
          return BlockByte::kNeedMore;
        }
        phase_ = Phase::kSeparator;
        [[fallthrough]];
      case Phase::kSeparator: return SeparatorByte(c);
      case Phase::kName: return NameByte(c, sink);
      case Phase::kFence: {
        if (!fence_.matching() && c == '{') {
          phase_ = Phase::kArguments;
          return ArgumentsByte(c, sink);
        }
        const LiteralMatcher::Result result = fence_.Feed(c);  // skips leading whitespace
        if (result == LiteralMatcher::Result::kMismatch) return BlockByte::kInvalid;
        if (result == LiteralMatcher::Result::kMatched) phase_ = Phase::kArguments;
        return BlockByte::kNeedMore;
      }
      case Phase::kArguments: return ArgumentsByte(c, sink);
      case Phase::kAfterArguments: return AfterArgumentsByte(c);
    }
    return BlockByte::kInvalid;
  }

  bool Finish(ToolCallSink& /*sink*/) override {
    const bool between_calls = phase_ == Phase::kCallBegin || phase_ == Phase::kAfterArguments;
    return between_calls && calls_ > 0;
  }

  std::string TakeGiveback() override { return std::move(giveback_); }

 private:
  enum class Phase : uint8_t {
    kCallBegin,
    kType,
    kSeparator,
    kName,
    kFence,
    kArguments,
    kAfterArguments
  };

  // Expecting the next call or the end of the calls.
  BlockByte CallBeginByte(char c) {
    switch (next_.Feed(c)) {
      case LiteralMatcher::Result::kNeedMore: return BlockByte::kNeedMore;
      case LiteralMatcher::Result::kMatched:
        if (next_.matched_option() == 1) return BlockByte::kEndsAfter;
        next_.Reset();
        type_length_ = 0;
        name_.clear();
        phase_ = Phase::kType;
        return BlockByte::kNeedMore;
      case LiteralMatcher::Result::kMismatch: return EndLeniently(next_);
    }
    return BlockByte::kInvalid;
  }

  BlockByte SeparatorByte(char c) {
    switch (separator_.Feed(c)) {
      case LiteralMatcher::Result::kNeedMore: return BlockByte::kNeedMore;
      case LiteralMatcher::Result::kMismatch: return BlockByte::kInvalid;
      case LiteralMatcher::Result::kMatched: break;
    }
    separator_.Reset();
    phase_ = Phase::kName;
    return type_length_ > 0 ? BlockByte::kNeedMore : BlockByte::kInvalid;
  }

  BlockByte NameByte(char c, ToolCallSink& sink) {
    if (c == '\n') {
      if (name_.empty() || !sink.AcceptsToolName(name_)) return BlockByte::kInvalid;
      fence_.Reset();
      phase_ = Phase::kFence;
      return BlockByte::kNeedMore;
    }
    if (!IsToolNameChar(c) || name_.size() >= kMaxName) return BlockByte::kInvalid;
    name_ += c;
    return BlockByte::kNeedMore;
  }

  BlockByte ArgumentsByte(char c, ToolCallSink& sink) {
    if (!arguments_) arguments_.emplace(name_);
    switch (arguments_->Feed(c, sink)) {
      case JsonScanStatus::kNeedMore: return BlockByte::kNeedMore;
      case JsonScanStatus::kInvalid: return BlockByte::kInvalid;
      case JsonScanStatus::kDone: break;
    }
    arguments_.reset();
    ++calls_;
    after_.Reset();
    phase_ = Phase::kAfterArguments;
    return BlockByte::kNeedMore;
  }

  // After a call's arguments: an optional closing fence, then the call's end marker.
  BlockByte AfterArgumentsByte(char c) {
    switch (after_.Feed(c)) {
      case LiteralMatcher::Result::kNeedMore: return BlockByte::kNeedMore;
      case LiteralMatcher::Result::kMismatch: return EndLeniently(after_);
      case LiteralMatcher::Result::kMatched: break;
    }
    const bool call_ended = after_.matched_option() == 1;
    after_.Reset();
    if (call_ended) {
      next_.Reset();
      phase_ = Phase::kCallBegin;
    }
    return BlockByte::kNeedMore;
  }

  // Something else follows a complete call: the calls so far stand, the rest is content.
  BlockByte EndLeniently(const LiteralMatcher& matcher) {
    if (calls_ == 0) return BlockByte::kInvalid;
    giveback_ = matcher.consumed();
    return BlockByte::kEndsBefore;
  }

  Phase phase_;
  size_t type_length_ = 0;
  std::string name_;
  size_t calls_ = 0;
  LiteralMatcher next_{{m::kDeepSeekCallBegin, m::kDeepSeekCallsEnd}};
  LiteralMatcher separator_{{m::kDeepSeekSeparator}, /*skip_whitespace=*/false};
  LiteralMatcher fence_{{m::kJsonFenceOpen}};
  LiteralMatcher after_{{m::kFenceClose, m::kDeepSeekCallEnd}};
  std::optional<ArgumentsObjectReader> arguments_;
  std::string giveback_;
};

}  // namespace

std::unique_ptr<ToolCallBlock> MakeDeepSeekCallsBlock(bool opened_by_call_begin) {
  return std::make_unique<DeepSeekCallsBlock>(opened_by_call_begin);
}

}  // namespace hearth
