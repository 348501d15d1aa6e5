// The two places where constrained output and tool calls plug into the native handler:
//
//   - ConstraintFactory: a TokenConstraint for a response format (JSON object, JSON schema),
//     one per choice. Without one, such formats are refused with a 400.
//   - ChatPlanner: for a chat request, what the template renders (the messages, possibly with a
//     system prompt describing the tools, and the tools) plus a per-choice OutputParser that
//     turns the model's text into content / reasoning / tool calls, stop strings that end a
//     turn, and optionally a per-choice constraint (e.g. forcing a call for
//     tool_choice "required"). PlainChatPlan renders the messages as they are, parses
//     everything as content and refuses requests with tools.
//
// Hooks run on HTTP threads, concurrently: they must be thread-safe (pure functions of their
// input are).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "llm/model.h"
#include "sampling/token_constraint.h"
#include "server/models/loaded_model.h"
#include "server/native/native_request.h"
#include "server/native/output_parser.h"

namespace hearth::server {

using ConstraintFactory = std::function<Result<std::unique_ptr<TokenConstraint>>(
    const LoadedModel& model, const ResponseFormat& format)>;

struct ChatPlanInput {
  const LoadedModel& model;
  const nlohmann::ordered_json& messages;  // normalized (chat_messages.h)
  const ToolRequest& tools;
};

struct ChatPlan {
  nlohmann::ordered_json messages;           // what the template renders
  nlohmann::ordered_json template_tools = nullptr;  // `tools` for the template; null: none
  std::vector<std::string> extra_stops;     // texts that end the turn, added to the request's
  // Special tokens (by text) the parser must see: output as text instead of dropped.
  std::vector<std::string> preserved_tokens;
  // One choice's parser; `prompt` is the rendered prompt text. Required.
  std::function<std::unique_ptr<OutputParser>(std::string_view prompt)> make_parser;
  // One choice's constraint; null: none.
  std::function<Result<std::unique_ptr<TokenConstraint>>()> make_constraint;
};

using ChatPlanner = std::function<Result<ChatPlan>(const ChatPlanInput& input)>;

struct GenerationHooks {
  ConstraintFactory make_constraint;  // null: only ResponseFormat::Kind::kText is served
  ChatPlanner plan_chat;              // null: PlainChatPlan
};

// Messages as they are, plain-text parsing; InvalidArgument-style refusal (Unimplemented) for
// active tools.
Result<ChatPlan> PlainChatPlan(const ChatPlanInput& input);

// The hooks this build provides (grammar-constrained formats and tool calls where available).
GenerationHooks DefaultGenerationHooks();

}  // namespace hearth::server
