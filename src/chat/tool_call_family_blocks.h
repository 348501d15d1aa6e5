// Internal to the tool-call parser: the block readers of the families whose blocks are more than
// wrapped JSON (tool_call_json.h has those).
#pragma once

#include <memory>

#include "chat/tool_call_block.h"

namespace hearth {

// After Llama's <|python_tag|>: a JSON call object, a Llama 3.1 builtin tool call
// `name.call(key="value", ...)` (string values only), or else Python source for the code
// interpreter: a call to "python" with {"code": source}, running to the end of the output.
std::unique_ptr<ToolCallBlock> MakeLlamaPythonTagBlock();

// One functionary v3.2 segment after ">>>" (the first one's ">>>" ends the prompt):
// "all\n" introduces content (the block ends after the header), "NAME\n{json}" is a call, and
// "python\n" followed by anything but '{' is code up to the next ">>>".
std::unique_ptr<ToolCallBlock> MakeFunctionarySegmentBlock();

// DeepSeek R1's calls: after <｜tool▁calls▁begin｜> (or, when the model skipped it, after the first
// <｜tool▁call▁begin｜>: `opened_by_call_begin`), any number of
// <｜tool▁call▁begin｜>TYPE<｜tool▁sep｜>NAME\n```json\n{args}\n```<｜tool▁call▁end｜>, then
// <｜tool▁calls▁end｜>. Fences are optional; a missing end marker ends the block leniently.
std::unique_ptr<ToolCallBlock> MakeDeepSeekCallsBlock(bool opened_by_call_begin);

}  // namespace hearth
