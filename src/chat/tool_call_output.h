// Internal to the tool-call parser: collects the deltas of one Feed/Finish call, numbers tool
// calls, generates their ids, and holds a block's call deltas back until the block is known to
// be well formed (ToolCallStreaming::kWholeBlocks) or passes them on at once (kIncremental).
#pragma once

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "chat/tool_call_block.h"
#include "chat/tool_call_parser.h"

namespace hearth {

class ToolCallOutput final : public ToolCallSink {
 public:
  ToolCallOutput(const ToolCallParserOptions& options, ToolCallIdStyle id_style);

  // Text outside blocks.
  void Content(std::string_view text);
  void Reasoning(std::string_view text);

  // A block opens, and ends in one of three ways.
  void BeginBlock();
  // Well formed: its held deltas are passed on.
  void CommitBlock();
  // Malformed, and nothing of it was passed on yet: it never happened (its calls' numbers are
  // reused). Only valid when CanRetractBlock().
  bool CanRetractBlock() const { return !block_passed_on_; }
  void RetractBlock();
  // Malformed, but it cannot be retracted, or some of its calls are complete: the complete calls
  // stand, and an unfinished call that was passed on is reported kToolCallInvalid. Returns
  // whether one was.
  bool CloseMalformedBlock(std::string_view why);
  // Calls of the open block that are complete (EndCall).
  size_t complete_calls_in_block() const { return block_complete_calls_; }

  // The deltas so far, adjacent ones of one kind merged; the collector is then empty.
  std::vector<ChatDelta> TakeDeltas();

  // ToolCallSink.
  void BeginCall(std::string_view name, std::string_view model_id) override;
  void AppendArguments(std::string_view json_text) override;
  void EndCall() override;
  void AppendContent(std::string_view text) override;
  bool AcceptsToolName(std::string_view name) const override;

 private:
  // `holdable`: a call delta, held back until the block commits in kWholeBlocks mode.
  void Emit(ChatDelta delta, bool holdable);
  std::string NewId();
  size_t current_call_index() const { return committed_calls_ + block_calls_ - 1; }

  bool parse_tool_calls_;
  std::vector<std::string> tool_names_;
  bool hold_blocks_;
  ToolCallIdStyle id_style_;
  std::mt19937_64 id_random_;

  std::vector<ChatDelta> deltas_;
  std::vector<ChatDelta> held_;
  size_t committed_calls_ = 0;  // calls of earlier blocks
  size_t block_calls_ = 0;      // calls begun in the open block
  size_t block_complete_calls_ = 0;
  size_t held_complete_ = 0;  // held deltas of the open block's complete calls
  bool in_block_ = false;
  bool block_passed_on_ = false;
  bool call_open_ = false;
};

}  // namespace hearth
