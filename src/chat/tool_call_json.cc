#include "chat/tool_call_json.h"

namespace hearth {
namespace {

enum class MemberRole : uint8_t { kUnknown, kName, kArguments, kId, kIgnored };

MemberRole RoleOfKey(std::string_view key) {
  if (key == "name" || key == "tool_name") return MemberRole::kName;
  if (key == "arguments" || key == "parameters") return MemberRole::kArguments;
  if (key == "id") return MemberRole::kId;
  if (key == "type") return MemberRole::kIgnored;
  return MemberRole::kUnknown;
}

// The JSON object text held in a string ("arguments": "{\"a\": 1}"), compact; nullopt if the
// string holds anything else (or nests too deep).
std::optional<std::string> ObjectTextInString(std::string_view text) {
  JsonScanner scanner;
  std::string compact;
  for (char c : text) {
    if (scanner.status() != JsonScanStatus::kNeedMore) {
      if (!IsAsciiWhitespace(c)) return std::nullopt;  // something after the object
      continue;
    }
    const JsonScanStep step = scanner.Feed(c);
    if (step.status == JsonScanStatus::kInvalid) return std::nullopt;
    if (step.insignificant) continue;
    if (compact.empty() && c != '{') return std::nullopt;
    compact += c;
  }
  if (scanner.status() != JsonScanStatus::kDone) return std::nullopt;
  return compact;
}

}  // namespace

bool CallObjectAssembler::OnByte(char c, const JsonScanStep& step, const JsonScanner& scanner,
                                 ToolCallSink& sink) {
  const int member_depth = object_depth_ + 1;
  if (step.begin_depth == member_depth) {
    if (!BeginMember(c, scanner.KeyAt(object_depth_))) return false;
    if (role_ == Role::kArguments) AnnounceIfReady(sink, /*object_complete=*/false);
  }
  if (role_ == Role::kArguments && !arguments_are_string_ && !step.insignificant) {
    AddArgumentText(std::string_view(&c, 1), sink);
  }
  if (step.end_depth == member_depth && !EndMember(scanner, sink)) return false;
  if (step.end_depth == object_depth_) return EndObject(sink);
  return true;
}

bool CallObjectAssembler::BeginMember(char c, std::string_view key) {
  switch (RoleOfKey(key)) {
    case MemberRole::kUnknown: return false;
    case MemberRole::kName: role_ = Role::kName; return c == '"' && !has_name_;
    case MemberRole::kArguments:
      role_ = Role::kArguments;
      if (has_arguments_ || (c != '{' && c != '"')) return false;
      has_arguments_ = true;
      arguments_are_string_ = c == '"';
      return true;
    case MemberRole::kId:
      role_ = c == '"' ? Role::kId : Role::kIgnored;  // a numeric id is no id we can use
      return true;
    case MemberRole::kIgnored: role_ = Role::kIgnored; return true;
  }
  return false;
}

bool CallObjectAssembler::EndMember(const JsonScanner& scanner, ToolCallSink& sink) {
  const Role role = role_;
  role_ = Role::kNone;
  switch (role) {
    case Role::kName:
      name_ = scanner.last_string();
      has_name_ = true;
      if (name_.empty() || !sink.AcceptsToolName(name_)) return false;
      AnnounceIfReady(sink, /*object_complete=*/false);
      return true;
    case Role::kId: id_ = scanner.last_string(); return true;
    case Role::kArguments:
      if (arguments_are_string_) {
        std::optional<std::string> text = ObjectTextInString(scanner.last_string());
        if (!text) return false;
        AddArgumentText(*text, sink);
      }
      return true;
    case Role::kNone:
    case Role::kIgnored: return true;
  }
  return true;
}

bool CallObjectAssembler::EndObject(ToolCallSink& sink) {
  if (!has_name_ || !has_arguments_) return false;
  AnnounceIfReady(sink, /*object_complete=*/true);
  sink.EndCall();
  complete_ = true;
  return true;
}

void CallObjectAssembler::AddArgumentText(std::string_view text, ToolCallSink& sink) {
  if (announced_) {
    sink.AppendArguments(text);
  } else {
    held_arguments_ += text;
  }
}

void CallObjectAssembler::AnnounceIfReady(ToolCallSink& sink, bool object_complete) {
  if (announced_ || !has_name_ || !has_arguments_) return;
  if (ids_ == CallIdSource::kModel && !object_complete) return;
  sink.BeginCall(name_, ids_ == CallIdSource::kModel ? id_ : "");
  announced_ = true;
  if (!held_arguments_.empty()) sink.AppendArguments(held_arguments_);
  held_arguments_.clear();
}

JsonScanStatus ArgumentsObjectReader::Feed(char c, ToolCallSink& sink) {
  const JsonScanStep step = scanner_.Feed(c);
  if (step.status == JsonScanStatus::kInvalid) return step.status;
  if (step.insignificant) return step.status;
  if (!started_) {
    if (c != '{') return JsonScanStatus::kInvalid;
    started_ = true;
    sink.BeginCall(name_, "");
  }
  sink.AppendArguments(std::string_view(&c, 1));
  if (step.status == JsonScanStatus::kDone) sink.EndCall();
  return step.status;
}

BlockByte JsonCallsReader::Feed(char c, ToolCallSink& sink) {
  const JsonScanStep step = scanner_.Feed(c);
  if (step.status == JsonScanStatus::kInvalid) {
    return CanFinish() ? BlockByte::kEndsBefore : BlockByte::kInvalid;
  }
  if (!call_ && response_depth_ < 0 && step.begin_depth >= 0 && !StartValue(c, step.begin_depth)) {
    return BlockByte::kInvalid;
  }
  if (call_) {
    if (!call_->OnByte(c, step, scanner_, sink)) return BlockByte::kInvalid;
    if (call_->complete()) {
      call_.reset();
      produced_ = true;
    }
  }
  if (response_depth_ >= 0) {
    const std::string_view text = scanner_.decoded_by_last_byte();
    if (!text.empty()) {
      sink.AppendContent(text);
      produced_ = true;
    }
    if (step.end_depth >= 0 && step.end_depth <= response_depth_) response_depth_ = -1;
  }
  if (step.status == JsonScanStatus::kDone) {
    return produced_ ? BlockByte::kEndsAfter : BlockByte::kInvalid;
  }
  return BlockByte::kNeedMore;
}

// A value begins at `depth` outside any call: is it where the layout allows a call, a list of
// calls or the response text?
bool JsonCallsReader::StartValue(char c, int depth) {
  switch (layout_) {
    case JsonCallsLayout::kOneCall:
      if (depth != 0 || c != '{') return false;
      call_.emplace(0, ids_);
      return true;
    case JsonCallsLayout::kCallList:
      if (depth == 0 && c == '[') return true;
      if (depth > 1 || c != '{') return false;
      call_.emplace(depth, ids_);
      return true;
    case JsonCallsLayout::kGenericEnvelope: {
      if (depth == 0) return c == '{';
      const std::string_view key = scanner_.KeyAt(0);
      if (depth == 1 && key == "tool_calls") return c == '[';
      if (depth == 1 && key == "response" && c == '"') {
        response_depth_ = 1;
        return true;
      }
      const bool single_call = depth == 1 && key == "tool_call";
      const bool listed_call = depth == 2 && key == "tool_calls";
      if (!(single_call || listed_call) || c != '{') return false;
      call_.emplace(depth, ids_);
      return true;
    }
  }
  return false;
}

WrappedJsonBlock::WrappedJsonBlock(std::string_view open, JsonCallsLayout layout, CallIdSource ids,
                                   std::string_view close)
    : phase_(open.empty() ? Phase::kJson : Phase::kOpen),
      open_({open}),
      json_(layout, ids),
      has_close_(!close.empty()),
      close_({close}) {}

BlockByte WrappedJsonBlock::Feed(char c, ToolCallSink& sink) {
  switch (phase_) {
    case Phase::kOpen:
      switch (open_.Feed(c)) {
        case LiteralMatcher::Result::kMatched: phase_ = Phase::kJson; return BlockByte::kNeedMore;
        case LiteralMatcher::Result::kMismatch: return BlockByte::kInvalid;
        case LiteralMatcher::Result::kNeedMore: return BlockByte::kNeedMore;
      }
      break;
    case Phase::kJson: {
      const BlockByte result = json_.Feed(c, sink);
      if (result != BlockByte::kEndsAfter || !has_close_) return result;
      phase_ = Phase::kClose;
      return BlockByte::kNeedMore;
    }
    case Phase::kClose:
      switch (close_.Feed(c)) {
        case LiteralMatcher::Result::kMatched: return BlockByte::kEndsAfter;
        case LiteralMatcher::Result::kMismatch:
          giveback_ = close_.consumed();
          return BlockByte::kEndsBefore;
        case LiteralMatcher::Result::kNeedMore: return BlockByte::kNeedMore;
      }
      break;
  }
  return BlockByte::kInvalid;
}

bool WrappedJsonBlock::Finish(ToolCallSink& /*sink*/) {
  return phase_ == Phase::kClose || (phase_ == Phase::kJson && json_.CanFinish());
}

}  // namespace hearth
