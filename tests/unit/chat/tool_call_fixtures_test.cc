// For every template fixture whose conversation has an assistant tool call, the text the model
// would have written for that turn is derived by rendering the conversation with the template
// itself (adjusted where the fixture's template refuses it: Mistral wants 9-character ids,
// functionary and R1 want arguments as a JSON string, R1 wants null content; templates without
// a tool syntax get the generic rewrite of tool_call_prompt.h). The parser must recover the
// same calls from that text, one-shot and streamed in any pieces.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "chat/chat_format.h"
#include "chat/chat_template.h"
#include "chat/tool_call_prompt.h"
#include "shared_data.h"
#include "tool_call_test_util.h"

namespace hearth {
namespace {

using Json = nlohmann::ordered_json;

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::filesystem::path TemplateDir() { return testing::SharedPath("fixtures/templates"); }

bool HasToolCall(const Json& test_case) {
  const Json& messages = test_case.at("messages");
  return std::any_of(messages.begin(), messages.end(),
                     [](const Json& message) { return message.contains("tool_calls"); });
}

std::vector<std::string> FixturesWithToolCalls() {
  std::vector<std::string> names;
  if (!std::filesystem::exists(TemplateDir())) return names;
  const std::string suffix = ".cases.json";
  for (const auto& entry : std::filesystem::directory_iterator(TemplateDir())) {
    const std::string file = entry.path().filename().string();
    if (!file.ends_with(suffix)) continue;
    const Json cases = Json::parse(ReadFile(entry.path()));
    if (std::any_of(cases.begin(), cases.end(), HasToolCall)) {
      names.push_back(file.substr(0, file.size() - suffix.size()));
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Where each template starts the assistant's turn (the end of its generation prompt).
std::string AssistantHeader(ChatFormat format, const std::string& name) {
  switch (format) {
    case ChatFormat::kLlama3: return "<|start_header_id|>assistant<|end_header_id|>\n\n";
    case ChatFormat::kFunctionaryV32: return "<|start_header_id|>assistant<|end_header_id|>\n\n>>>";
    case ChatFormat::kHermes2Pro: return "<|im_start|>assistant\n";
    case ChatFormat::kMistralNemo: return "[/INST]";
    case ChatFormat::kCommandRPlus: return "<|CHATBOT_TOKEN|>";
    case ChatFormat::kDeepSeekR1: return "<｜Assistant｜>";
    case ChatFormat::kGeneric: break;
  }
  return name.find("gemma") != std::string::npos ? "<start_of_turn>model\n" : "<|assistant|>\n";
}

// The model's text for the last (assistant) message of `messages`, or "" if the template does
// not render its tool calls.
std::string AssistantText(const ChatTemplate& tmpl, ChatFormat format, const std::string& name,
                          const Json& messages, const Json& tools) {
  ChatRenderInput input;
  input.messages = messages;
  input.tools = tools;
  input.add_generation_prompt = false;
  if (format == ChatFormat::kGeneric) {
    input = PrepareToolRenderInput(std::move(input), format, PlanToolPrompt(tmpl), false);
  }
  const Result<std::string> rendered = tmpl.Render(input);
  if (!rendered.ok()) return "";
  const std::string header = AssistantHeader(format, name);
  const size_t start = rendered->rfind(header);
  if (start == std::string::npos) return "";
  std::string text = rendered->substr(start + header.size());
  std::vector<std::string_view> ends(GetChatFormatInfo(format).end_of_turn.begin(),
                                     GetChatFormatInfo(format).end_of_turn.end());
  ends.insert(ends.end(), {"<|START_OF_TURN_TOKEN|>", "<|end|>", "<end_of_turn>"});
  for (std::string_view end : ends) text = text.substr(0, text.find(end));
  return text.find("get_weather") == std::string::npos ? "" : text;
}

// The conversation up to the assistant's tool call, adjusted as `level` says (see the top).
Json AdjustedConversation(const Json& messages, int level, bool two_calls) {
  Json conversation = Json::array();
  for (const Json& message : messages) {
    conversation.push_back(message);
    if (message.contains("tool_calls")) break;
  }
  Json& assistant = conversation.back();
  if (two_calls) {
    const Json arguments = {
        {"zone", "Europe/Paris"}, {"precise", true}, {"fields", {1, 2.5, nullptr}}};
    const Json function = {{"name", "get_time"}, {"arguments", arguments}};
    assistant["tool_calls"].push_back(
        {{"id", "call_2"}, {"type", "function"}, {"function", function}});
  }
  int index = 0;
  for (Json& call : assistant["tool_calls"]) {
    if (level >= 1) call["id"] = index++ == 0 ? "abcDEF123" : "xyz789ABC";
    if (level >= 2) call["function"]["arguments"] = call["function"]["arguments"].dump();
  }
  if (level >= 3) assistant["content"] = nullptr;
  return conversation;
}

struct DerivedTurn {
  std::string text;
  Json expected_calls;
};

// The first adjustment level whose rendering shows the calls.
DerivedTurn DeriveTurn(const ChatTemplate& tmpl, ChatFormat format, const std::string& name,
                       const Json& test_case, bool two_calls) {
  for (int level = 0; level <= 3; ++level) {
    const Json conversation = AdjustedConversation(test_case.at("messages"), level, two_calls);
    std::string text = AssistantText(tmpl, format, name, conversation, test_case.at("tools"));
    if (!text.empty()) return {std::move(text), conversation.back().at("tool_calls")};
  }
  return {};
}

void ExpectCallsRecovered(const ParsedChatOutput& parsed, const Json& expected, ChatFormat format) {
  ASSERT_EQ(parsed.tool_calls.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE("call " + std::to_string(i));
    const ToolCall& call = parsed.tool_calls[i];
    EXPECT_EQ(call.name, expected[i]["function"]["name"].get<std::string>());
    const auto arguments = nlohmann::json::parse(call.arguments, nullptr, false);
    ASSERT_TRUE(arguments.is_object()) << call.arguments;
    EXPECT_EQ(arguments, testing::ArgumentsValue(expected[i]["function"]["arguments"]));
    const bool model_writes_ids = format == ChatFormat::kMistralNemo;
    if (model_writes_ids) {
      EXPECT_EQ(call.id, expected[i]["id"].get<std::string>());
    } else {
      EXPECT_TRUE(call.id.starts_with("call_") && call.id.size() == 29) << call.id;
    }
  }
  EXPECT_EQ(parsed.content, "");
}

class ToolCallFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(ToolCallFixture, RecoversRenderedCalls) {
  const std::string name = GetParam();
  Result<ChatTemplate> tmpl =
      ChatTemplate::Parse(ReadFile(TemplateDir() / (name + ".jinja")), name);
  ASSERT_TRUE(tmpl.ok()) << tmpl.status().ToString();
  const ChatFormat format = DetectChatFormat(tmpl->source());
  for (const Json& test_case : Json::parse(ReadFile(TemplateDir() / (name + ".cases.json")))) {
    if (!test_case.contains("tools") || !HasToolCall(test_case)) continue;
    for (bool two_calls : {false, true}) {
      SCOPED_TRACE(test_case.at("name").get<std::string>() + (two_calls ? " (two calls)" : ""));
      const DerivedTurn turn = DeriveTurn(*tmpl, format, name, test_case, two_calls);
      if (turn.text.empty()) {
        // Only Llama's templates refuse several calls in one turn.
        EXPECT_TRUE(two_calls && format == ChatFormat::kLlama3) << "could not derive the turn";
        continue;
      }
      SCOPED_TRACE("model text: " + turn.text);
      ExpectCallsRecovered(ParseToolCalls(format, turn.text), turn.expected_calls, format);
      testing::ExpectStreamingMatchesOneShot(format, turn.text);
      if (format == ChatFormat::kDeepSeekR1) {
        // R1's prompt ends with "<think>\n": the model reasons first.
        ToolCallParserOptions options;
        options.reasoning_open_at_start = true;
        const std::string with_reasoning = "Paris, so call get_weather.\n</think>\n\n" + turn.text;
        const ParsedChatOutput parsed = ParseToolCalls(format, with_reasoning, options);
        EXPECT_EQ(parsed.reasoning_content, "Paris, so call get_weather.");
        ExpectCallsRecovered(parsed, turn.expected_calls, format);
        testing::ExpectStreamingMatchesOneShot(format, with_reasoning, options);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ToolCallFixture, ::testing::ValuesIn(FixturesWithToolCalls()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string id = info.param;
                           for (char& ch : id) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return id;
                         });

TEST(ToolCallFixtures, EveryFamilyHasAToolCallCase) {
  EXPECT_EQ(FixturesWithToolCalls().size(), 12u) << "missing ../shared/fixtures/templates?";
}

}  // namespace
}  // namespace hearth
