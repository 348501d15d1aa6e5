#include "server/native/generation_hooks.h"

#include "server/native/grammar_constraints.h"
#include "server/native/tool_call_planner.h"

namespace hearth::server {

Result<ChatPlan> PlainChatPlan(const ChatPlanInput& input) {
  if (input.tools.active()) {
    return Unimplemented(
        "tools are not supported yet by this server (send tool_choice \"none\" or no tools)");
  }
  ChatPlan plan;
  plan.messages = input.messages;
  plan.make_parser = [](std::string_view) { return std::make_unique<PlainTextParser>(); };
  return plan;
}

GenerationHooks DefaultGenerationHooks() {
  GenerationHooks hooks;
  hooks.make_constraint = GrammarConstraintFactory();
  hooks.plan_chat = ToolCallChatPlan;
  return hooks;
}

}  // namespace hearth::server
