// The literal texts of the tool-call syntaxes, named once for the format table (chat_format.cc)
// and the parser's syntax table (tool_call_syntax.cc).
#pragma once

#include <string_view>

namespace hearth::markers {

// Reasoning (DeepSeek R1 distills).
inline constexpr std::string_view kThinkOpen = "<think>";
inline constexpr std::string_view kThinkClose = "</think>";

// Llama 3.x: {"name": ..., "parameters": {...}}, optionally after <|python_tag|>.
inline constexpr std::string_view kLlamaPythonTag = "<|python_tag|>";
inline constexpr std::string_view kLlamaEndOfTurn = "<|eot_id|>";
inline constexpr std::string_view kLlamaEndOfMessage = "<|eom_id|>";  // after a builtin tool call
inline constexpr std::string_view kLlamaBuiltinCallOpen = ".call(";

// Mistral Nemo: [TOOL_CALLS][{"name": ..., "arguments": {...}, "id": "..."}].
inline constexpr std::string_view kMistralToolCalls = "[TOOL_CALLS]";
inline constexpr std::string_view kMistralEndOfTurn = "</s>";

// Hermes 2 Pro, Qwen2.5: <tool_call>{"name": ..., "arguments": {...}}</tool_call>.
inline constexpr std::string_view kHermesCallOpen = "<tool_call>";
inline constexpr std::string_view kHermesCallClose = "</tool_call>";
inline constexpr std::string_view kImEnd = "<|im_end|>";

// Functionary v3.2: >>>recipient\n then content (recipient "all") or JSON arguments.
inline constexpr std::string_view kFunctionaryRecipient = ">>>";
inline constexpr std::string_view kFunctionaryContentRecipient = "all";
inline constexpr std::string_view kFunctionaryDetect = ">>>all";

// Command R+ (tool_use): Action:\n```json\n[{"tool_name": ..., "parameters": {...}}]```.
inline constexpr std::string_view kCommandRAction = "Action:";
inline constexpr std::string_view kCommandRTurnStart = "<|START_OF_TURN_TOKEN|>";
inline constexpr std::string_view kCommandREndOfTurn = "<|END_OF_TURN_TOKEN|>";

// Markdown code fences around JSON (Command R+, and models answering the generic prompt).
inline constexpr std::string_view kJsonFenceOpen = "```json";
inline constexpr std::string_view kFenceClose = "```";

// DeepSeek R1:
// <｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>NAME\n```json\n{...}
// \n```<｜tool▁call▁end｜>...<｜tool▁calls▁end｜>.
inline constexpr std::string_view kDeepSeekCallsBegin = "<｜tool▁calls▁begin｜>";
inline constexpr std::string_view kDeepSeekCallsEnd = "<｜tool▁calls▁end｜>";
inline constexpr std::string_view kDeepSeekCallBegin = "<｜tool▁call▁begin｜>";
inline constexpr std::string_view kDeepSeekCallEnd = "<｜tool▁call▁end｜>";
inline constexpr std::string_view kDeepSeekSeparator = "<｜tool▁sep｜>";
inline constexpr std::string_view kDeepSeekEndOfSentence = "<｜end▁of▁sentence｜>";

// The generic format: one JSON object, {"tool_calls": [...]} or {"response": "..."}.
inline constexpr std::string_view kJsonObjectOpen = "{";

}  // namespace hearth::markers
