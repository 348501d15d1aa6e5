#include "chat/tool_call_output.h"

#include <algorithm>

#include "base/check.h"

namespace hearth {
namespace {

constexpr std::string_view kIdAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

uint64_t IdSeed(uint64_t requested) {
  if (requested != 0) return requested;
  std::random_device device;
  return (uint64_t(device()) << 32) ^ device();
}

ChatDelta MakeDelta(ChatDeltaKind kind, std::string_view text, size_t tool_call_index = 0) {
  ChatDelta delta;
  delta.kind = kind;
  delta.text = text;
  delta.tool_call_index = tool_call_index;
  return delta;
}

// Appends `delta` to `deltas`, merging it into the last one when both are text of one kind.
void AppendMerged(std::vector<ChatDelta>& deltas, ChatDelta delta) {
  if (!deltas.empty()) {
    ChatDelta& last = deltas.back();
    const bool same_text_kind =
        last.kind == delta.kind &&
        (delta.kind == ChatDeltaKind::kContent || delta.kind == ChatDeltaKind::kReasoning ||
         (delta.kind == ChatDeltaKind::kToolCallArguments &&
          last.tool_call_index == delta.tool_call_index));
    if (same_text_kind) {
      last.text += delta.text;
      return;
    }
  }
  deltas.push_back(std::move(delta));
}

}  // namespace

ToolCallOutput::ToolCallOutput(const ToolCallParserOptions& options, ToolCallIdStyle id_style)
    : parse_tool_calls_(options.parse_tool_calls),
      tool_names_(options.tool_names),
      hold_blocks_(options.streaming == ToolCallStreaming::kWholeBlocks),
      id_style_(id_style),
      id_random_(IdSeed(options.id_seed)) {}

void ToolCallOutput::Content(std::string_view text) {
  if (!text.empty()) Emit(MakeDelta(ChatDeltaKind::kContent, text), false);
}

void ToolCallOutput::Reasoning(std::string_view text) {
  if (!text.empty()) Emit(MakeDelta(ChatDeltaKind::kReasoning, text), false);
}

void ToolCallOutput::BeginBlock() {
  in_block_ = true;
  block_passed_on_ = false;
  block_calls_ = 0;
  block_complete_calls_ = 0;
  held_complete_ = 0;
  call_open_ = false;
  held_.clear();
}

void ToolCallOutput::CommitBlock() {
  for (ChatDelta& delta : held_) AppendMerged(deltas_, std::move(delta));
  held_.clear();
  committed_calls_ += block_calls_;
  block_calls_ = 0;
  in_block_ = false;
}

void ToolCallOutput::RetractBlock() {
  HEARTH_CHECK(CanRetractBlock()) << "a block that passed deltas on cannot be retracted";
  held_.clear();
  block_calls_ = 0;
  in_block_ = false;
}

bool ToolCallOutput::CloseMalformedBlock(std::string_view why) {
  held_.resize(held_complete_);  // the unfinished call's held deltas, if any
  const bool report = call_open_ && !hold_blocks_;
  if (report) {
    Emit(MakeDelta(ChatDeltaKind::kToolCallInvalid, why, current_call_index()), false);
  } else {
    block_calls_ = block_complete_calls_;  // an unfinished call never showed: reuse its number
  }
  call_open_ = false;
  CommitBlock();
  return report;
}

std::vector<ChatDelta> ToolCallOutput::TakeDeltas() {
  std::vector<ChatDelta> deltas = std::move(deltas_);
  deltas_.clear();
  return deltas;
}

void ToolCallOutput::BeginCall(std::string_view name, std::string_view model_id) {
  ++block_calls_;
  call_open_ = true;
  ChatDelta delta = MakeDelta(ChatDeltaKind::kToolCallBegin, "", current_call_index());
  delta.tool_call_id = model_id.empty() ? NewId() : std::string(model_id);
  delta.function_name = name;
  Emit(std::move(delta), true);
}

void ToolCallOutput::EndCall() {
  call_open_ = false;
  ++block_complete_calls_;
  held_complete_ = held_.size();
}

void ToolCallOutput::AppendArguments(std::string_view json_text) {
  Emit(MakeDelta(ChatDeltaKind::kToolCallArguments, json_text, current_call_index()), true);
}

void ToolCallOutput::AppendContent(std::string_view text) {
  if (!text.empty()) Emit(MakeDelta(ChatDeltaKind::kContent, text), false);
}

bool ToolCallOutput::AcceptsToolName(std::string_view name) const {
  if (!parse_tool_calls_) return false;
  return tool_names_.empty() ||
         std::find(tool_names_.begin(), tool_names_.end(), name) != tool_names_.end();
}

void ToolCallOutput::Emit(ChatDelta delta, bool holdable) {
  if (holdable && hold_blocks_) {
    AppendMerged(held_, std::move(delta));
    return;
  }
  if (in_block_) block_passed_on_ = true;
  AppendMerged(deltas_, std::move(delta));
}

std::string ToolCallOutput::NewId() {
  const bool mistral = id_style_ == ToolCallIdStyle::kNineAlphanumeric;
  std::string id = mistral ? "" : "call_";
  const size_t length = mistral ? 9 : 24;
  for (size_t i = 0; i < length; ++i) id += kIdAlphabet[id_random_() % kIdAlphabet.size()];
  return id;
}

}  // namespace hearth
