// The ChatPlanner backed by src/chat's tool-call support (the default one):
//   - the model's tool-call syntax is told from its chat template (DetectChatFormat);
//   - with tools (and tool_choice not "none"), the conversation is prepared for the template
//     (PrepareToolRenderInput: the template's own `tools`, or a system prompt describing them
//     and the history rewritten for templates without a tool syntax);
//   - every choice's output goes through a ToolCallParser (content, reasoning, tool calls);
//     without tools, only models that write <think> reasoning need one;
//   - tool_choice "required" (or naming a function) on a template without a tool syntax of its
//     own is enforced by a grammar: the output must be {"tool_calls": [...]} with arguments
//     valid against each function's parameters. Templates with their own syntax are not
//     constrained (the model is asked, not forced).
#pragma once

#include "server/native/generation_hooks.h"

namespace hearth::server {

// Errors (InvalidArgument): malformed tools or tool_choice, a tool_choice naming no tool.
Result<ChatPlan> ToolCallChatPlan(const ChatPlanInput& input);

}  // namespace hearth::server
