// Which tool-call syntax a model writes, told from its chat template, and what the server must
// know about that syntax: where the turn ends, which special tokens must reach the parser as
// text, what starts a call, and whether the output carries <think> reasoning.
//
// Families, by the template text that identifies them (first match wins), and what the model
// writes:
//   kFunctionaryV32  ">>>all":        >>>NAME\n{args} segments; >>>all\n introduces content
//   kMistralNemo     "[TOOL_CALLS]":  [TOOL_CALLS][{"name", "arguments", "id"}, ...]
//   kDeepSeekR1      "<｜tool▁calls▁begin｜>":  <｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function
//                    <｜tool▁sep｜>NAME\n```json\n{args}\n```<｜tool▁call▁end｜>...; <think> reasoning
//   kCommandRPlus    "<|START_OF_TURN_TOKEN|>" and "Action:":  Action:\n```json\n[{"tool_name",
//                    "parameters"}, ...]```
//   kHermes2Pro      "<tool_call>" (Hermes 2 Pro, Qwen2.5):  <tool_call>{"name", "arguments"}
//                    </tool_call>, possibly several
//   kLlama3          "<|start_header_id|>" and ("ipython" or "\"parameters\": "):  {"name",
//                    "parameters"}, optionally after <|python_tag|>; Llama 3.1 builtin tools as
//                    <|python_tag|>NAME.call(key="value")
//   kGeneric         anything else (Phi-3.5, Gemma 2, ChatML): asked by ToolSystemPrompt
//                    (tool_call_prompt.h) for {"tool_calls": [{"name", "arguments"}]} or
//                    {"response": "..."}
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace hearth {

enum class ChatFormat : uint8_t {
  kGeneric,
  kLlama3,
  kMistralNemo,
  kHermes2Pro,
  kFunctionaryV32,
  kCommandRPlus,
  kDeepSeekR1,
};

// The tool-call syntax of a chat template's source text.
ChatFormat DetectChatFormat(std::string_view template_source);

// How generated tool call ids look: what the model's template accepts in the next turn.
enum class ToolCallIdStyle : uint8_t {
  kOpenAi,            // "call_" + 24 letters and digits
  kNineAlphanumeric,  // Mistral's templates refuse any other id
};

struct ChatFormatInfo {
  std::string_view name;  // "llama3", "hermes2pro", ... (logs, `hearth show`)
  // False for kGeneric: the template has no tool syntax of its own, so the request's tools go
  // into a system prompt (GenericToolSystemPrompt) instead of the template.
  bool native_tool_syntax = false;
  // Texts that end the assistant's turn: generation stops there and they are not output. The
  // model's end-of-generation tokens stop it too; these are the ones a tool call turn uses
  // (Llama 3.1 ends a builtin tool call with <|eom_id|>). Empty: the model's EOS only.
  std::span<const std::string_view> end_of_turn;
  // Special tokens the parser must see: detokenize them as their text instead of dropping them.
  std::span<const std::string_view> preserved_tokens;
  // Texts that start a tool call (e.g. to trigger a lazy grammar, or to know a call is coming).
  std::span<const std::string_view> tool_call_triggers;
  // Reasoning delimiters ("<think>", "</think>"), empty when the format has none.
  std::string_view reasoning_open;
  std::string_view reasoning_close;
  ToolCallIdStyle id_style = ToolCallIdStyle::kOpenAi;
};

const ChatFormatInfo& GetChatFormatInfo(ChatFormat format);
std::string_view ChatFormatName(ChatFormat format);

// True when a rendered prompt ends inside an open reasoning block (R1 templates end the
// generation prompt with "<think>\n"): the parser must then start in reasoning
// (ToolCallParserOptions::reasoning_open_at_start).
bool PromptOpensReasoning(ChatFormat format, std::string_view prompt);

}  // namespace hearth
