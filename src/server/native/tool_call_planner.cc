#include "server/native/tool_call_planner.h"

#include <algorithm>
#include <optional>

#include "chat/chat_format.h"
#include "chat/tool_call_prompt.h"
#include "grammar/grammar_constraint.h"
#include "grammar/json_schema_grammar.h"
#include "server/native/chat_output_parser.h"
#include "server/native/json_fields.h"

namespace hearth::server {
namespace {

struct ToolChoice {
  bool required = false;
  std::optional<std::string> forced_name;  // one function the model must call
};

// The function names of `tools`. Error: a tool that is not {"type": "function",
// "function": {"name": "...", "parameters": {...}?}}.
Result<std::vector<std::string>> ToolNames(const Json& tools) {
  std::vector<std::string> names;
  for (size_t i = 0; i < tools.size(); ++i) {
    const Json& tool = tools[i];
    const std::string where = "tools[" + std::to_string(i) + "]";
    const Json* function = tool.is_object() && tool.contains("function") ? &tool["function"] : nullptr;
    if (function == nullptr || !function->is_object() || !function->contains("name") ||
        !(*function)["name"].is_string()) {
      return InvalidArgument(where + " must be {\"type\": \"function\", \"function\": {\"name\": "
                                     "..., \"parameters\": {...}}}");
    }
    if (function->contains("parameters") && !(*function)["parameters"].is_object()) {
      return InvalidArgument(where + ".function.parameters must be a JSON schema object");
    }
    names.push_back((*function)["name"].get<std::string>());
  }
  return names;
}

Result<ToolChoice> ReadToolChoice(const Json& choice, const std::vector<std::string>& names) {
  ToolChoice out;
  if (choice.is_string()) {
    const std::string s = choice.get<std::string>();
    if (s != "auto" && s != "required" && s != "none") {
      return InvalidArgument("tool_choice is '" + s + "'; expected auto, required or none");
    }
    out.required = s == "required";
    return out;
  }
  const Json* function = choice.is_object() && choice.contains("function") ? &choice["function"]
                                                                            : nullptr;
  if (function == nullptr || !function->is_object() || !function->contains("name") ||
      !(*function)["name"].is_string()) {
    return InvalidArgument("tool_choice must be a string or {\"type\": \"function\", "
                           "\"function\": {\"name\": ...}}");
  }
  const std::string name = (*function)["name"].get<std::string>();
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    return InvalidArgument("tool_choice names the function '" + name + "', which is not in tools");
  }
  out.required = true;
  out.forced_name = name;
  return out;
}

// The schema of what ToolSystemPrompt asks a model without a tool syntax to write when it must
// call: {"tool_calls": [{"name": ..., "arguments": {...}}, ...]}.
Json GenericToolCallSchema(const Json& tools, const std::vector<std::string>& allowed,
                           bool parallel) {
  Json alternatives = Json::array();
  for (const Json& tool : tools) {
    const Json& function = tool["function"];
    const std::string name = function["name"].get<std::string>();
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) continue;
    const Json parameters = function.value("parameters", Json{{"type", "object"}});
    alternatives.push_back({{"type", "object"},
                            {"properties", {{"name", {{"const", name}}}, {"arguments", parameters}}},
                            {"required", {"name", "arguments"}},
                            {"additionalProperties", false}});
  }
  Json calls = {{"type", "array"},
                {"items", alternatives.size() == 1 ? alternatives[0]
                                                   : Json{{"anyOf", alternatives}}},
                {"minItems", 1u}};  // unsigned, as parsed JSON has it (the converter insists)
  if (!parallel) calls["maxItems"] = 1u;
  return {{"type", "object"},
          {"properties", {{"tool_calls", calls}}},
          {"required", {"tool_calls"}},
          {"additionalProperties", false}};
}

// Forces a call on a template without a tool syntax. Error (InvalidArgument): the functions'
// parameter schemas are beyond the grammar converter.
Status AddForcedCallConstraint(const ChatPlanInput& input, const std::vector<std::string>& allowed,
                               ChatPlan& plan) {
  Result<Grammar> grammar = GrammarFromJsonSchema(
      GenericToolCallSchema(input.tools.tools, allowed, input.tools.parallel_tool_calls));
  if (!grammar.ok()) {
    return InvalidArgument("tool_choice requires a call, but the tools' parameters cannot be "
                           "enforced: " + grammar.status().message());
  }
  auto shared = std::make_shared<const Grammar>(std::move(grammar).value());
  const LoadedModel* model = &input.model;  // the plan is used while the model is leased
  plan.make_constraint = [shared, model]() -> Result<std::unique_ptr<TokenConstraint>> {
    return std::unique_ptr<TokenConstraint>(
        std::make_unique<GrammarConstraint>(shared, model->grammar_vocabulary()));
  };
  return Status::Ok();
}

Status PlanTools(const ChatPlanInput& input, ChatFormat format, ChatPlan& plan,
                 ToolCallParserOptions& options) {
  HEARTH_ASSIGN_OR_RETURN(std::vector<std::string> names, ToolNames(input.tools.tools));
  HEARTH_ASSIGN_OR_RETURN(ToolChoice choice, ReadToolChoice(input.tools.tool_choice, names));
  const std::vector<std::string> allowed =
      choice.forced_name ? std::vector<std::string>{*choice.forced_name} : names;
  ChatRenderInput render;
  render.messages = input.messages;
  render.tools = input.tools.tools;
  render = PrepareToolRenderInput(std::move(render), format,
                                  PlanToolPrompt(input.model.chat_template()), choice.required);
  plan.messages = std::move(render.messages);
  plan.template_tools = std::move(render.tools);
  options.parse_tool_calls = true;
  options.tool_names = allowed;
  if (choice.required && format == ChatFormat::kGeneric) {
    return AddForcedCallConstraint(input, allowed, plan);
  }
  return Status::Ok();
}

}  // namespace

Result<ChatPlan> ToolCallChatPlan(const ChatPlanInput& input) {
  const ChatFormat format = DetectChatFormat(input.model.chat_template().source());
  const ChatFormatInfo& info = GetChatFormatInfo(format);
  ChatPlan plan;
  plan.extra_stops.assign(info.end_of_turn.begin(), info.end_of_turn.end());
  plan.preserved_tokens.assign(info.preserved_tokens.begin(), info.preserved_tokens.end());
  ToolCallParserOptions options;
  options.parse_tool_calls = false;
  if (input.tools.active()) {
    HEARTH_RETURN_IF_ERROR(PlanTools(input, format, plan, options));
  } else {
    plan.messages = input.messages;
    if (info.reasoning_open.empty()) {
      plan.make_parser = [](std::string_view) { return std::make_unique<PlainTextParser>(); };
      return plan;
    }
  }
  plan.make_parser = [format, options](std::string_view prompt) {
    ToolCallParserOptions o = options;
    o.reasoning_open_at_start = PromptOpensReasoning(format, prompt);
    return std::make_unique<ChatOutputParser>(format, o);
  };
  return plan;
}

}  // namespace hearth::server
