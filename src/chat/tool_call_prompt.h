// Getting a request's tools in front of a model whose template does not show them.
//
// A template either renders `tools` itself (Llama 3.x, Hermes/Qwen, Mistral, functionary,
// Command R+: pass them in ChatRenderInput::tools and nothing else) or ignores them (Phi-3.5,
// Gemma 2, ChatML, DeepSeek R1 distills). For the latter, the tools and the syntax to call them
// go into a system prompt (ToolSystemPrompt); templates without their own syntax (kGeneric)
// also need the conversation's earlier tool calls and tool results rewritten as that syntax,
// since they cannot render them (PrepareToolRenderInput does both).
//
// Typical use in a request handler:
//   ToolPromptPlan plan = PlanToolPrompt(tmpl, format);           // once per model load
//   ChatRenderInput input = ...;                                    // messages, tools
//   input = PrepareToolRenderInput(std::move(input), format, plan, tool_choice_required);
//   prompt = tmpl.Render(input);
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "chat/chat_format.h"
#include "chat/chat_template.h"

namespace hearth {

struct ToolPromptPlan {
  bool template_renders_tools = false;  // the template shows `tools` itself
  bool template_accepts_system = true;  // the template accepts a system message (Gemma 2: no)
};

// Finds out, by rendering probe conversations, what the template does with tools and with a
// system message. Cheap (two or three renders); do it once per template.
ToolPromptPlan PlanToolPrompt(const ChatTemplate& tmpl);

// System prompt text that lists `tools` (OpenAI's [{"type": "function", "function": {...}}])
// and says how to call them in `format`'s syntax; for kGeneric, asks for exactly one JSON
// object, {"tool_calls": [{"name": ..., "arguments": {...}}]} or {"response": "..."}.
// `require_tool_call` (tool_choice "required") leaves out the plain-answer option.
std::string ToolSystemPrompt(ChatFormat format, const nlohmann::ordered_json& tools,
                             bool require_tool_call);

// `input` ready to render with tools: unchanged when the template renders tools itself or
// there are none. Otherwise `tools` is cleared, ToolSystemPrompt is added to the system message
// (appended to an existing one, a new first message, or — where the template refuses a system
// role — put before the first user message's text), and for kGeneric the history is rewritten:
// assistant tool calls become the JSON object the model is asked to write, tool results become
// user messages ({"tool_result": {...}}), and consecutive messages of one role are merged.
ChatRenderInput PrepareToolRenderInput(ChatRenderInput input, ChatFormat format,
                                       const ToolPromptPlan& plan, bool require_tool_call);

}  // namespace hearth
