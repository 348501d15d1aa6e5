// Tool prompts for templates that do not show tools: probing the fixture templates, the system
// prompt text, and the generic rewrite of a tool conversation (it must render, and the model's
// side of it must parse back).
#include "chat/tool_call_prompt.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "chat/tool_call_parser.h"
#include "shared_data.h"

namespace hearth {
namespace {

using Json = nlohmann::ordered_json;

ChatTemplate LoadTemplate(const std::string& name) {
  const auto path =
      std::filesystem::path(testing::SharedPath("fixtures/templates")) / (name + ".jinja");
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  Result<ChatTemplate> tmpl = ChatTemplate::Parse(buffer.str(), name);
  EXPECT_TRUE(tmpl.ok()) << tmpl.status().ToString();
  return tmpl.ok() ? std::move(*tmpl) : ChatTemplate::Default();
}

Json WeatherTools() {
  return Json::parse(R"([{"type": "function", "function": {"name": "get_weather",
      "description": "Current weather for a city", "parameters": {"type": "object",
      "properties": {"city": {"type": "string"}}, "required": ["city"]}}}])");
}

// user, assistant calling get_weather, the tool's result, and a follow-up question.
Json ToolConversation() {
  return Json::parse(R"([
      {"role": "user", "content": "Weather in Paris?"},
      {"role": "assistant", "content": "", "tool_calls": [{"id": "call_1", "type": "function",
       "function": {"name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}}]},
      {"role": "tool", "tool_call_id": "call_1", "name": "get_weather", "content": "{\"temp_c\": 18}"},
      {"role": "user", "content": "And in Rome?"}])");
}

TEST(ToolPrompt, ProbesWhatEachTemplateDoes) {
  struct Expected {
    std::string name;
    bool renders_tools;
    bool accepts_system;
  };
  const Expected expected[] = {
      {"CohereForAI-c4ai-command-r-plus-tool_use", true, true},
      {"NousResearch-Hermes-2-Pro-Llama-3-8B-tool_use", true, true},
      {"Qwen-Qwen2.5-7B-Instruct", true, true},
      {"deepseek-ai-DeepSeek-R1-Distill-Llama-8B", false, true},
      {"google-gemma-2-2b-it", false, false},
      {"meetkai-functionary-medium-v3.2", true, true},
      {"meta-llama-Llama-3.1-8B-Instruct", true, true},
      {"microsoft-Phi-3.5-mini-instruct", false, true},
      {"mistralai-Mistral-Nemo-Instruct-2407", true, true},
  };
  for (const Expected& e : expected) {
    const ToolPromptPlan plan = PlanToolPrompt(LoadTemplate(e.name));
    EXPECT_EQ(plan.template_renders_tools, e.renders_tools) << e.name;
    EXPECT_EQ(plan.template_accepts_system, e.accepts_system) << e.name;
  }
}

TEST(ToolPrompt, SystemPromptListsToolsAndTheSyntax) {
  const std::string generic = ToolSystemPrompt(ChatFormat::kGeneric, WeatherTools(), false);
  EXPECT_NE(generic.find("\"get_weather\""), std::string::npos);
  EXPECT_NE(generic.find("Current weather for a city"), std::string::npos);
  EXPECT_NE(generic.find("{\"tool_calls\": [{\"name\""), std::string::npos);
  EXPECT_NE(generic.find("{\"response\""), std::string::npos);
  EXPECT_EQ(ToolSystemPrompt(ChatFormat::kGeneric, WeatherTools(), true).find("{\"response\""),
            std::string::npos);
  const std::string r1 = ToolSystemPrompt(ChatFormat::kDeepSeekR1, WeatherTools(), false);
  EXPECT_NE(r1.find("<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>"),
            std::string::npos);
}

TEST(ToolPrompt, NativeTemplatesAreLeftAlone) {
  const ChatTemplate tmpl = LoadTemplate("Qwen-Qwen2.5-7B-Instruct");
  ChatRenderInput input;
  input.messages = ToolConversation();
  input.tools = WeatherTools();
  const ChatRenderInput prepared =
      PrepareToolRenderInput(input, ChatFormat::kHermes2Pro, PlanToolPrompt(tmpl), false);
  EXPECT_EQ(prepared.messages, input.messages);
  EXPECT_EQ(prepared.tools, input.tools);
}

TEST(ToolPrompt, GenericRewriteRendersAndParsesBack) {
  for (const std::string name : {"google-gemma-2-2b-it", "microsoft-Phi-3.5-mini-instruct"}) {
    SCOPED_TRACE(name);
    const ChatTemplate tmpl = LoadTemplate(name);
    const ToolPromptPlan plan = PlanToolPrompt(tmpl);
    ChatRenderInput input;
    input.messages = ToolConversation();
    input.tools = WeatherTools();
    const ChatRenderInput prepared =
        PrepareToolRenderInput(input, ChatFormat::kGeneric, plan, false);
    EXPECT_TRUE(prepared.tools.is_null());
    const Result<std::string> prompt = tmpl.Render(prepared);
    ASSERT_TRUE(prompt.ok()) << prompt.status().ToString();
    EXPECT_NE(prompt->find("You can use these tools"), std::string::npos);
    EXPECT_NE(prompt->find("temp_c"), std::string::npos) << "the tool result is shown";
    EXPECT_NE(prompt->find("And in Rome?"), std::string::npos);
    // The assistant turn, as the model would write it, parses back to the original call.
    const Json& assistant = prepared.messages.at(prepared.messages[0]["role"] == "system" ? 2 : 1);
    ASSERT_EQ(assistant["role"], "assistant");
    const ParsedChatOutput parsed =
        ParseToolCalls(ChatFormat::kGeneric, assistant["content"].get<std::string>());
    ASSERT_EQ(parsed.tool_calls.size(), 1u);
    EXPECT_EQ(parsed.tool_calls[0].name, "get_weather");
    EXPECT_EQ(parsed.tool_calls[0].arguments, "{\"city\":\"Paris\"}");
  }
}

TEST(ToolPrompt, SystemTextJoinsAnExistingSystemMessage) {
  ChatRenderInput input;
  input.messages = Json::parse(R"([{"role": "system", "content": "Be brief."},
                                   {"role": "user", "content": "Hi"}])");
  input.tools = WeatherTools();
  const ChatRenderInput prepared =
      PrepareToolRenderInput(input, ChatFormat::kDeepSeekR1, ToolPromptPlan{}, true);
  ASSERT_EQ(prepared.messages.size(), 2u);
  const std::string system = prepared.messages[0]["content"];
  EXPECT_TRUE(system.starts_with("Be brief.\n\nYou can use these tools")) << system;
  EXPECT_NE(system.find("Call at least one tool."), std::string::npos);
}

TEST(ToolPrompt, OddMessagesDoNotThrow) {
  ChatRenderInput input;
  input.tools = WeatherTools();
  input.messages =
      Json::parse(R"([7, "text", {"role": "assistant", "tool_calls": [3, {"function": 1}]},
                                   {"role": "tool"}, {"role": "user", "content": ["part"]}])");
  const ChatRenderInput prepared =
      PrepareToolRenderInput(input, ChatFormat::kGeneric, ToolPromptPlan{}, false);
  EXPECT_TRUE(prepared.messages.is_array());
  input.messages = Json::object();
  EXPECT_EQ(PrepareToolRenderInput(input, ChatFormat::kGeneric, ToolPromptPlan{}, false).messages,
            Json::object());
}

}  // namespace
}  // namespace hearth
