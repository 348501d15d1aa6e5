// Internal to the tool-call parser: for each ChatFormat, the markers that open a tool call
// block and the reader for each kind of block.
#pragma once

#include <memory>
#include <optional>
#include <span>

#include "chat/chat_format.h"
#include "chat/marker_scan.h"
#include "chat/tool_call_block.h"

namespace hearth {

enum class ToolBlockKind : uint8_t {
  kHermesCall,          // <tool_call> {call} </tool_call>
  kLlamaJsonCall,       // {call} at a boundary (the marker is the call's '{')
  kLlamaPythonTag,      // <|python_tag|> ...
  kMistralCalls,        // [TOOL_CALLS] [calls]
  kCommandRActions,     // Action: ```json [calls] ```
  kFunctionarySegment,  // >>> recipient\n ...
  kDeepSeekCalls,       // <｜tool▁calls▁begin｜> ...
  kDeepSeekCall,  // <｜tool▁call▁begin｜> ... (the model skipped <｜tool▁calls▁begin｜>)
  kGenericJson,   // {envelope} at a boundary (the marker is the envelope's '{')
  kGenericFencedJson,  // ```json {envelope} ``` at a boundary
};

struct ToolCallMarker {
  MarkerPattern pattern;
  ToolBlockKind block;
  bool marker_starts_block = false;  // the marker's text is the block's first byte(s)
};

struct ToolCallSyntax {
  std::span<const ToolCallMarker> markers;
  // Set when the output starts inside a block (functionary: the prompt ends with ">>>").
  std::optional<ToolBlockKind> initial_block;
};

ToolCallSyntax ToolCallSyntaxFor(ChatFormat format);

std::unique_ptr<ToolCallBlock> MakeToolCallBlock(ToolBlockKind kind);

}  // namespace hearth
