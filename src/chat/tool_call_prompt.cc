#include "chat/tool_call_prompt.h"

#include <string_view>

#include "chat/tool_call_markers.h"

namespace hearth {
namespace {

using Json = nlohmann::ordered_json;
namespace m = markers;

constexpr std::string_view kProbeToolName = "hearth_probe_tool_3f9c";
constexpr std::string_view kProbeSystemText = "hearth probe system text 3f9c";

std::string Dump(const Json& value, int indent = -1) {
  return value.dump(indent, ' ', false, Json::error_handler_t::replace);
}

std::string StringField(const Json& object, const char* key) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// How a call looks in `format` (placeholders in angle brackets).
std::string CallExample(ChatFormat format) {
  const std::string name = "\"<tool name>\"";
  const std::string args = "{<arguments as its parameters schema says>}";
  const std::string fenced = "\n```json\n" + args + "\n```";
  switch (format) {
    case ChatFormat::kLlama3: return "{\"name\": " + name + ", \"parameters\": " + args + "}";
    case ChatFormat::kMistralNemo:
      return std::string(m::kMistralToolCalls) + "[{\"name\": " + name +
             ", \"arguments\": " + args + ", \"id\": \"<9 letters or digits>\"}]";
    case ChatFormat::kHermes2Pro:
      return std::string(m::kHermesCallOpen) + "\n{\"name\": " + name + ", \"arguments\": " + args +
             "}\n" + std::string(m::kHermesCallClose);
    case ChatFormat::kFunctionaryV32:
      return std::string(m::kFunctionaryRecipient) + "<tool name>\n" + args;
    case ChatFormat::kCommandRPlus:
      return std::string(m::kCommandRAction) + "\n```json\n[{\"tool_name\": " + name +
             ", \"parameters\": " + args + "}]\n```";
    case ChatFormat::kDeepSeekR1:
      return std::string(m::kDeepSeekCallsBegin) + std::string(m::kDeepSeekCallBegin) + "function" +
             std::string(m::kDeepSeekSeparator) + "<tool name>" + fenced +
             std::string(m::kDeepSeekCallEnd) + std::string(m::kDeepSeekCallsEnd);
    case ChatFormat::kGeneric: break;
  }
  return "{\"tool_calls\": [{\"name\": " + name + ", \"arguments\": " + args + "}]}";
}

// The function descriptions of OpenAI's tools array.
Json FunctionList(const Json& tools) {
  Json functions = Json::array();
  if (!tools.is_array()) return functions;
  for (const Json& tool : tools) {
    const bool wrapped = tool.is_object() && tool.contains("function");
    functions.push_back(wrapped ? tool.at("function") : tool);
  }
  return functions;
}

// Appends a message, merging it into the previous one when both have one role and text.
void AppendMerged(Json& messages, Json message) {
  if (!messages.empty() && messages.back().is_object() && message.is_object()) {
    Json& last = messages.back();
    const bool same_role = StringField(last, "role") == StringField(message, "role");
    const bool texts =
        last.value("content", Json()).is_string() && message.value("content", Json()).is_string();
    if (same_role && texts) {
      last["content"] =
          last["content"].get<std::string>() + "\n\n" + message["content"].get<std::string>();
      return;
    }
  }
  messages.push_back(std::move(message));
}

// An assistant message with tool_calls, as the generic format's JSON object.
Json AssistantCallsAsText(const Json& message) {
  Json calls = Json::array();
  for (const Json& tool_call : message.at("tool_calls")) {
    const Json& function = tool_call.is_object() && tool_call.contains("function")
                               ? tool_call.at("function")
                               : tool_call;
    Json call = {{"name", StringField(function, "name")}};
    Json arguments = function.is_object() ? function.value("arguments", Json::object()) : Json();
    if (arguments.is_string()) {
      Json parsed = Json::parse(arguments.get<std::string>(), nullptr, false);
      if (!parsed.is_discarded()) arguments = std::move(parsed);
    }
    call["arguments"] = std::move(arguments);
    if (const std::string id = StringField(tool_call, "id"); !id.empty()) call["id"] = id;
    calls.push_back(std::move(call));
  }
  Json envelope = Json::object();
  if (const std::string text = StringField(message, "content"); !text.empty()) {
    envelope["response"] = text;
  }
  envelope["tool_calls"] = std::move(calls);
  return {{"role", "assistant"}, {"content", Dump(envelope)}};
}

Json ToolResultAsText(const Json& message) {
  Json result = Json::object();
  if (const std::string id = StringField(message, "tool_call_id"); !id.empty()) {
    result["tool_call_id"] = id;
  }
  if (const std::string name = StringField(message, "name"); !name.empty()) result["name"] = name;
  result["content"] = message.value("content", Json());
  return {{"role", "user"}, {"content", Dump(Json{{"tool_result", std::move(result)}})}};
}

// The history written in the generic format (see PrepareToolRenderInput).
Json RewriteHistoryForGeneric(const Json& messages) {
  Json rewritten = Json::array();
  for (const Json& message : messages) {
    const std::string role = StringField(message, "role");
    const bool has_calls = role == "assistant" && message.contains("tool_calls") &&
                           message.at("tool_calls").is_array() && !message.at("tool_calls").empty();
    if (has_calls) {
      AppendMerged(rewritten, AssistantCallsAsText(message));
    } else if (role == "tool") {
      AppendMerged(rewritten, ToolResultAsText(message));
    } else {
      AppendMerged(rewritten, message);
    }
  }
  return rewritten;
}

void AddSystemText(Json& messages, const std::string& text, bool accepts_system) {
  if (!messages.empty() && StringField(messages[0], "role") == "system" &&
      messages[0].value("content", Json()).is_string()) {
    messages[0]["content"] = messages[0]["content"].get<std::string>() + "\n\n" + text;
    return;
  }
  if (accepts_system) {
    messages.insert(messages.begin(), Json{{"role", "system"}, {"content", text}});
    return;
  }
  for (Json& message : messages) {
    if (StringField(message, "role") == "user" && message.value("content", Json()).is_string()) {
      message["content"] = text + "\n\n" + message["content"].get<std::string>();
      return;
    }
  }
  messages.insert(messages.begin(), Json{{"role", "user"}, {"content", text}});
}

}  // namespace

ToolPromptPlan PlanToolPrompt(const ChatTemplate& tmpl) {
  ToolPromptPlan plan;
  ChatRenderInput with_tool;
  with_tool.messages = Json::array({{{"role", "user"}, {"content", "Hello"}}});
  with_tool.tools =
      Json::array({{{"type", "function"},
                    {"function",
                     {{"name", kProbeToolName},
                      {"description", "Probe"},
                      {"parameters", {{"type", "object"}, {"properties", Json::object()}}}}}}});
  const Result<std::string> tools_prompt = tmpl.Render(with_tool);
  plan.template_renders_tools =
      tools_prompt.ok() && tools_prompt->find(kProbeToolName) != std::string::npos;

  ChatRenderInput with_system;
  with_system.messages = Json::array({{{"role", "system"}, {"content", kProbeSystemText}},
                                      {{"role", "user"}, {"content", "Hello"}}});
  const Result<std::string> system_prompt = tmpl.Render(with_system);
  plan.template_accepts_system =
      system_prompt.ok() && system_prompt->find(kProbeSystemText) != std::string::npos;
  return plan;
}

std::string ToolSystemPrompt(ChatFormat format, const Json& tools, bool require_tool_call) {
  std::string prompt = "You can use these tools (their parameters are JSON Schema):\n";
  prompt += Dump(FunctionList(tools), 2);
  if (format == ChatFormat::kGeneric) {
    prompt += "\n\nReply with exactly one JSON object and nothing else.\nTo call tools: ";
    prompt += CallExample(format);
    if (!require_tool_call) {
      prompt += "\nTo answer the user directly: {\"response\": \"<your answer>\"}";
    }
    return prompt;
  }
  prompt += "\n\nTo call a tool, write:\n" + CallExample(format);
  prompt +=
      require_tool_call ? "\nCall at least one tool." : "\nIf no tool is needed, answer directly.";
  return prompt;
}

ChatRenderInput PrepareToolRenderInput(ChatRenderInput input, ChatFormat format,
                                       const ToolPromptPlan& plan, bool require_tool_call) {
  const bool has_tools = input.tools.is_array() && !input.tools.empty();
  if (!input.messages.is_array()) return input;  // rendering will say what is wrong
  const bool generic = format == ChatFormat::kGeneric;
  // A template with a syntax we cannot parse (kGeneric) is asked for the generic one instead.
  if (!has_tools || (plan.template_renders_tools && !generic)) return input;
  const std::string system = ToolSystemPrompt(format, input.tools, require_tool_call);
  input.tools = Json();
  if (generic) input.messages = RewriteHistoryForGeneric(input.messages);
  AddSystemText(input.messages, system, plan.template_accepts_system);
  return input;
}

}  // namespace hearth
