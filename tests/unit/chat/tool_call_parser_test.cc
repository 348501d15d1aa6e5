// ToolCallParser behaviour beyond the fixtures: content passing through without delay,
// malformed calls, reasoning, each family's special cases, ids, options, hostile output.
#include "chat/tool_call_parser.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tool_call_test_util.h"

namespace hearth {
namespace {

using testing::ExpectStreamingMatchesOneShot;
using testing::ParseInChunks;

constexpr ChatFormat kAllFormats[] = {ChatFormat::kGeneric,        ChatFormat::kLlama3,
                                      ChatFormat::kMistralNemo,    ChatFormat::kHermes2Pro,
                                      ChatFormat::kFunctionaryV32, ChatFormat::kCommandRPlus,
                                      ChatFormat::kDeepSeekR1};

// What functionary's output starts with before content (its prompt ends with ">>>").
std::string ContentHeader(ChatFormat format) {
  return format == ChatFormat::kFunctionaryV32 ? "all\n" : "";
}

size_t LongestMarker(ChatFormat format) {
  const ChatFormatInfo& info = GetChatFormatInfo(format);
  size_t longest = info.reasoning_open.size();
  for (std::string_view trigger : info.tool_call_triggers)
    longest = std::max(longest, trigger.size());
  return longest;
}

nlohmann::json Arguments(const ToolCall& call) {
  return nlohmann::json::parse(call.arguments, nullptr, false);
}

class EveryFormat : public ::testing::TestWithParam<ChatFormat> {};

TEST_P(EveryFormat, ContentPassesThroughUnchangedAndPromptly) {
  const ChatFormat format = GetParam();
  // Bits that start markers of some format, none completing one here.
  const std::string reply =
      "Sure. <b>Paris</b> [sunny] {18 °C} -> a >> b; Action items: none. ``` <｜end |>日本語 ✓";
  const std::string text = ContentHeader(format) + reply;
  const auto streamed =
      ParseInChunks(format, text, {1}, testing::OptionsWithSeed(ToolCallStreaming::kIncremental));
  EXPECT_EQ(streamed.message.content, reply);
  EXPECT_TRUE(streamed.message.tool_calls.empty());
  EXPECT_EQ(streamed.message.reasoning_content, "");
  const size_t allowed_delay = ContentHeader(format).size() + LongestMarker(format) - 1;
  for (const auto& [fed, content] : streamed.content_progress) {
    EXPECT_GE(content + allowed_delay, fed) << "content held back after " << fed << " bytes";
  }
  ExpectStreamingMatchesOneShot(format, text);
}

TEST_P(EveryFormat, UnfinishedMarkerAtTheEndIsContent) {
  const ChatFormat format = GetParam();
  const auto& triggers = GetChatFormatInfo(format).tool_call_triggers;
  const std::string_view longest = *std::max_element(
      triggers.begin(), triggers.end(), [](auto a, auto b) { return a.size() < b.size(); });
  const std::string reply = "Almost " + std::string(longest.substr(0, longest.size() - 1));
  EXPECT_EQ(ParseToolCalls(format, ContentHeader(format) + reply).content, reply);
}

INSTANTIATE_TEST_SUITE_P(Formats, EveryFormat, ::testing::ValuesIn(kAllFormats),
                         [](const ::testing::TestParamInfo<ChatFormat>& info) {
                           std::string name(ChatFormatName(info.param));
                           std::replace_if(
                               name.begin(), name.end(),
                               [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); },
                               '_');
                           return name;
                         });

struct MalformedCase {
  ChatFormat format;
  std::string text;  // the whole output; all of it must come back as content
};

class MalformedCall : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(MalformedCall, FallsBackToContent) {
  const auto& [format, text] = GetParam();
  const ParsedChatOutput parsed = ParseToolCalls(format, text);
  EXPECT_EQ(parsed.content, text);
  EXPECT_TRUE(parsed.tool_calls.empty());
  ExpectStreamingMatchesOneShot(format, text);  // incremental too: the failed call is dropped
}

TEST_P(MalformedCall, IncrementalStreamingReportsACallItHadToAbandon) {
  const auto& [format, text] = GetParam();
  const auto streamed =
      ParseInChunks(format, text, {1}, testing::OptionsWithSeed(ToolCallStreaming::kIncremental));
  EXPECT_EQ(streamed.message.content, text);
  const bool announced =
      std::any_of(streamed.deltas.begin(), streamed.deltas.end(),
                  [](const ChatDelta& d) { return d.kind == ChatDeltaKind::kToolCallBegin; });
  const bool invalidated =
      std::any_of(streamed.deltas.begin(), streamed.deltas.end(),
                  [](const ChatDelta& d) { return d.kind == ChatDeltaKind::kToolCallInvalid; });
  EXPECT_EQ(announced, invalidated) << "every call announced must be invalidated";
}

INSTANTIATE_TEST_SUITE_P(
    Families, MalformedCall,
    ::testing::Values(
        MalformedCase{ChatFormat::kHermes2Pro,
                      "Checking.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": "
                      "{\"city\": }}\n</tool_call>"},
        MalformedCase{ChatFormat::kHermes2Pro, "<tool_call>\n{not json}\n</tool_call> done"},
        MalformedCase{ChatFormat::kHermes2Pro,
                      "<tool_call>{\"arguments\": {\"a\": 1}}</tool_call>"},
        MalformedCase{ChatFormat::kHermes2Pro,
                      "<tool_call>{\"name\": \"f\", \"arguments\": 5}</tool_call>"},
        MalformedCase{ChatFormat::kLlama3,
                      "{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\""},
        MalformedCase{ChatFormat::kLlama3, "{\"name\": \"John\", \"age\": 31}"},
        MalformedCase{ChatFormat::kLlama3, "<|python_tag|>brave_search.call(query=unquoted)"},
        MalformedCase{ChatFormat::kMistralNemo,
                      "[TOOL_CALLS][{\"name\": \"get_weather\", \"arguments\": {\"city\": "
                      "\"Paris\"}, \"id\": \"abc"},
        MalformedCase{ChatFormat::kMistralNemo, "[TOOL_CALLS][1, 2]"},
        MalformedCase{ChatFormat::kFunctionaryV32, "get_weather\n{\"city\": Paris}"},
        MalformedCase{ChatFormat::kFunctionaryV32, "get weather\n{}"},
        MalformedCase{ChatFormat::kCommandRPlus,
                      "Action:\n```json\n[{\"tool_name\": \"x\" \"parameters\": {}}]\n```"},
        MalformedCase{ChatFormat::kCommandRPlus, "Action: go to Paris."},
        MalformedCase{ChatFormat::kDeepSeekR1,
                      "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>"
                      "get_weather\n```json\n{\"city\": \"Paris\",}\n```"
                      "<｜tool▁call▁end｜><｜tool▁calls▁end｜>"},
        MalformedCase{ChatFormat::kDeepSeekR1, "<｜tool▁calls▁begin｜>"},
        MalformedCase{ChatFormat::kGeneric, "{\"tool_calls\": [{\"name\": \"get_weather\"}]}"},
        MalformedCase{ChatFormat::kGeneric, "{\"answer\": 42}"}));

TEST(ToolCallParser, AWellFormedCallSurvivesAMalformedOne) {
  const std::string text =
      "<tool_call>\n{\"name\": \"a\", \"arguments\": {}}\n</tool_call>\n"
      "<tool_call>\n{\"name\": \"b\", \"arguments\": {]}\n</tool_call>";
  const ParsedChatOutput parsed = ParseToolCalls(ChatFormat::kHermes2Pro, text);
  ASSERT_EQ(parsed.tool_calls.size(), 1u);
  EXPECT_EQ(parsed.tool_calls[0].name, "a");
  EXPECT_EQ(parsed.content, "<tool_call>\n{\"name\": \"b\", \"arguments\": {]}\n</tool_call>");
  ExpectStreamingMatchesOneShot(ChatFormat::kHermes2Pro, text);
}

TEST(ToolCallParser, ContentAroundCalls) {
  const std::string text =
      "Let me check both.\n<tool_call>\n{\"name\": \"a\", \"arguments\": {\"x\": [1, {\"y\": "
      "null}]}}\n"
      "</tool_call>\n<tool_call>{\"arguments\": \"{\\\"q\\\": \\\"é\\\"}\", \"name\": "
      "\"b\"}</tool_call>\n\nDone.";
  const ParsedChatOutput parsed = ParseToolCalls(ChatFormat::kHermes2Pro, text);
  EXPECT_EQ(parsed.content, "Let me check both.\nDone.");
  ASSERT_EQ(parsed.tool_calls.size(), 2u);
  EXPECT_EQ(parsed.tool_calls[0].arguments, "{\"x\":[1,{\"y\":null}]}");
  EXPECT_EQ(parsed.tool_calls[1].name, "b");
  EXPECT_EQ(Arguments(parsed.tool_calls[1]), nlohmann::json::parse("{\"q\": \"é\"}"));
  ExpectStreamingMatchesOneShot(ChatFormat::kHermes2Pro, text);
}

TEST(ToolCallParser, IncrementalModeStreamsArgumentsBeforeTheCallEnds) {
  const std::string text =
      "<tool_call>{\"name\": \"f\", \"arguments\": {\"text\": \"a long argument\"}}</tool_call>";
  ToolCallParser parser(ChatFormat::kHermes2Pro,
                        testing::OptionsWithSeed(ToolCallStreaming::kIncremental));
  std::vector<ChatDelta> early = parser.Feed(text.substr(0, text.find("long")));
  ASSERT_EQ(early.size(), 2u);
  EXPECT_EQ(early[0].kind, ChatDeltaKind::kToolCallBegin);
  EXPECT_EQ(early[0].function_name, "f");
  EXPECT_EQ(early[1].kind, ChatDeltaKind::kToolCallArguments);
  EXPECT_EQ(early[1].text, "{\"text\":\"a ");

  ToolCallParser whole(ChatFormat::kHermes2Pro,
                       testing::OptionsWithSeed(ToolCallStreaming::kWholeBlocks));
  EXPECT_TRUE(whole.Feed(text.substr(0, text.size() - 1)).empty());
  EXPECT_EQ(whole.Feed(text.substr(text.size() - 1)).size(), 2u);
}

TEST(ToolCallParser, DeepSeekReasoningIsSplit) {
  const std::string text = "<think>\nThe user wants weather.\n\n</think>\n\nIt is sunny.";
  const ParsedChatOutput parsed = ParseToolCalls(ChatFormat::kDeepSeekR1, text);
  EXPECT_EQ(parsed.reasoning_content, "The user wants weather.");
  EXPECT_EQ(parsed.content, "It is sunny.");
  ExpectStreamingMatchesOneShot(ChatFormat::kDeepSeekR1, text);

  ToolCallParserOptions opened;
  opened.reasoning_open_at_start = true;
  const std::string after_prompt = text.substr(std::string("<think>\n").size());
  EXPECT_EQ(ParseToolCalls(ChatFormat::kDeepSeekR1, after_prompt, opened), parsed);
  EXPECT_EQ(ParseToolCalls(ChatFormat::kDeepSeekR1, text, opened), parsed) << "a repeated <think>";
  ExpectStreamingMatchesOneShot(ChatFormat::kDeepSeekR1, after_prompt, opened);

  ToolCallParserOptions no_split;
  no_split.split_reasoning = false;
  EXPECT_EQ(ParseToolCalls(ChatFormat::kDeepSeekR1, text, no_split).content, text);
}

TEST(ToolCallParser, ReasoningStreamsAndAnUnfinishedOneIsReasoning) {
  ToolCallParserOptions opened = testing::OptionsWithSeed(ToolCallStreaming::kIncremental);
  opened.reasoning_open_at_start = true;
  const auto streamed =
      ParseInChunks(ChatFormat::kDeepSeekR1, "Step one. Step two </th", {1}, opened);
  EXPECT_EQ(streamed.message.reasoning_content, "Step one. Step two </th");
  EXPECT_EQ(streamed.message.content, "");
  ToolCallParser parser(ChatFormat::kDeepSeekR1, opened);
  std::vector<ChatDelta> deltas = parser.Feed("Step one. Step");
  ASSERT_EQ(deltas.size(), 1u);
  EXPECT_EQ(deltas[0].kind, ChatDeltaKind::kReasoning);
  EXPECT_EQ(deltas[0].text, "Step one. Step");
}

TEST(ToolCallParser, DeepSeekWithoutCallsBeginOrFences) {
  const std::string text =
      "Calling.<｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather\n{\"city\": "
      "\"Paris\"}<｜tool▁call▁end｜>";
  const ParsedChatOutput parsed = ParseToolCalls(ChatFormat::kDeepSeekR1, text);
  EXPECT_EQ(parsed.content, "Calling.");
  ASSERT_EQ(parsed.tool_calls.size(), 1u);
  EXPECT_EQ(parsed.tool_calls[0].arguments, "{\"city\":\"Paris\"}");
  ExpectStreamingMatchesOneShot(ChatFormat::kDeepSeekR1, text);
}

TEST(ToolCallParser, LlamaBuiltinToolsAndCode) {
  ParsedChatOutput parsed = ParseToolCalls(
      ChatFormat::kLlama3,
      "<|python_tag|>brave_search.call(query=\"weather in \\\"Paris\\\"\", n=\"3\")");
  ASSERT_EQ(parsed.tool_calls.size(), 1u);
  EXPECT_EQ(parsed.tool_calls[0].name, "brave_search");
  EXPECT_EQ(Arguments(parsed.tool_calls[0]),
            nlohmann::json::parse(R"({"query": "weather in \"Paris\"", "n": "3"})"));

  const std::string code = "import math\nprint(\"pi\", math.pi)\t# done";
  parsed = ParseToolCalls(ChatFormat::kLlama3, "<|python_tag|>" + code);
  ASSERT_EQ(parsed.tool_calls.size(), 1u);
  EXPECT_EQ(parsed.tool_calls[0].name, "python");
  EXPECT_EQ(Arguments(parsed.tool_calls[0]), nlohmann::json({{"code", code}}));
  ExpectStreamingMatchesOneShot(ChatFormat::kLlama3, "<|python_tag|>" + code);

  const std::string json_call =
      "<|python_tag|>{\"type\": \"function\", \"name\": \"get_weather\", \"parameters\": "
      "{\"city\": \"Paris\"}}";
  parsed = ParseToolCalls(ChatFormat::kLlama3, json_call);
  ASSERT_EQ(parsed.tool_calls.size(), 1u);
  EXPECT_EQ(parsed.tool_calls[0].arguments, "{\"city\":\"Paris\"}");
  ExpectStreamingMatchesOneShot(ChatFormat::kLlama3, json_call);
}

TEST(ToolCallParser, LlamaJsonThatIsNotACallIsContent) {
  for (const std::string text : {"{\"answer\": 42}", "  {\"name\": \"John\", \"age\": 31}", "{}"}) {
    EXPECT_EQ(ParseToolCalls(ChatFormat::kLlama3, text).content, text);
    ExpectStreamingMatchesOneShot(ChatFormat::kLlama3, text);
  }
}

TEST(ToolCallParser, FunctionarySegments) {
  const std::string text =
      "all\nLet me check.>>>get_weather\n{\"city\": \"Paris\"}>>>python\nprint(\"a >> "
      "b\")\n>>>all\nDone.";
  const ParsedChatOutput parsed = ParseToolCalls(ChatFormat::kFunctionaryV32, text);
  EXPECT_EQ(parsed.content, "Let me check.Done.");
  ASSERT_EQ(parsed.tool_calls.size(), 2u);
  EXPECT_EQ(parsed.tool_calls[0].name, "get_weather");
  EXPECT_EQ(parsed.tool_calls[1].name, "python");
  EXPECT_EQ(Arguments(parsed.tool_calls[1]), nlohmann::json({{"code", "print(\"a >> b\")\n"}}));
  ExpectStreamingMatchesOneShot(ChatFormat::kFunctionaryV32, text);
}

TEST(ToolCallParser, GenericResponseStreamsAsContent) {
  const std::string text = "{\"response\": \"Hello \\\"there\\\"\\n\\u00e9\\ud83d\\ude00 ok\"}";
  const ParsedChatOutput parsed = ParseToolCalls(ChatFormat::kGeneric, text);
  EXPECT_EQ(parsed.content, "Hello \"there\"\né😀 ok");
  EXPECT_TRUE(parsed.tool_calls.empty());
  ExpectStreamingMatchesOneShot(ChatFormat::kGeneric, text);
  ToolCallParser parser(ChatFormat::kGeneric,
                        testing::OptionsWithSeed(ToolCallStreaming::kWholeBlocks));
  const std::vector<ChatDelta> early = parser.Feed("{\"response\": \"Hel");
  ASSERT_EQ(early.size(), 1u);
  EXPECT_EQ(early[0].text, "Hel");
}

TEST(ToolCallParser, GenericFencedCallsAndSingleCall) {
  const std::string fenced =
      "```json\n{\"tool_calls\": [{\"name\": \"a\", \"arguments\": {}}, {\"name\": \"b\", "
      "\"arguments\": {\"k\": true}}]}\n```";
  ParsedChatOutput parsed = ParseToolCalls(ChatFormat::kGeneric, fenced);
  ASSERT_EQ(parsed.tool_calls.size(), 2u);
  EXPECT_EQ(parsed.tool_calls[1].arguments, "{\"k\":true}");
  EXPECT_EQ(parsed.content, "");
  ExpectStreamingMatchesOneShot(ChatFormat::kGeneric, fenced);

  parsed =
      ParseToolCalls(ChatFormat::kGeneric, "{\"tool_call\": {\"name\": \"a\", \"arguments\": {}}}");
  ASSERT_EQ(parsed.tool_calls.size(), 1u);
  EXPECT_EQ(parsed.tool_calls[0].name, "a");
}

TEST(ToolCallParser, ToolNamesAndNoTools) {
  const std::string text = "<tool_call>{\"name\": \"rm_rf\", \"arguments\": {}}</tool_call>";
  ToolCallParserOptions known;
  known.tool_names = {"get_weather"};
  EXPECT_EQ(ParseToolCalls(ChatFormat::kHermes2Pro, text, known).content, text);
  known.tool_names.push_back("rm_rf");
  EXPECT_EQ(ParseToolCalls(ChatFormat::kHermes2Pro, text, known).tool_calls.size(), 1u);

  ToolCallParserOptions no_tools;
  no_tools.parse_tool_calls = false;
  EXPECT_EQ(ParseToolCalls(ChatFormat::kHermes2Pro, text, no_tools).content, text);
  EXPECT_EQ(ParseToolCalls(ChatFormat::kFunctionaryV32, "all\nHi >>>f\n{}", no_tools).content,
            "Hi >>>f\n{}");
  EXPECT_EQ(ParseToolCalls(ChatFormat::kGeneric, "{\"response\": \"x\"}", no_tools).content,
            "{\"response\": \"x\"}");
}

TEST(ToolCallParser, Ids) {
  const std::string two =
      "<tool_call>{\"name\": \"a\", \"arguments\": {}, \"id\": \"mine\"}</tool_call>"
      "<tool_call>{\"name\": \"a\", \"arguments\": {}}</tool_call>";
  const ParsedChatOutput hermes = ParseToolCalls(ChatFormat::kHermes2Pro, two);
  ASSERT_EQ(hermes.tool_calls.size(), 2u);
  for (const ToolCall& call : hermes.tool_calls) {
    EXPECT_EQ(call.id.size(), 29u);
    EXPECT_TRUE(call.id.starts_with("call_"));
    EXPECT_TRUE(
        std::all_of(call.id.begin() + 5, call.id.end(), [](char c) { return std::isalnum(c); }));
  }
  EXPECT_NE(hermes.tool_calls[0].id, hermes.tool_calls[1].id);
  EXPECT_NE(ParseToolCalls(ChatFormat::kHermes2Pro, two).tool_calls[0].id, hermes.tool_calls[0].id)
      << "ids are random without a seed";

  const ParsedChatOutput mistral =
      ParseToolCalls(ChatFormat::kMistralNemo,
                     "[TOOL_CALLS][{\"name\": \"a\", \"arguments\": {}, \"id\": \"abcDEF123\"}, "
                     "{\"name\": \"b\", \"arguments\": {}}]");
  ASSERT_EQ(mistral.tool_calls.size(), 2u);
  EXPECT_EQ(mistral.tool_calls[0].id, "abcDEF123");
  EXPECT_EQ(mistral.tool_calls[1].id.size(), 9u);
}

TEST(ToolCallParser, SplitUtf8AndMarkersAcrossPieces) {
  const std::string text =
      "Voilà 日本 <tool_call>{\"name\": \"f\", \"arguments\": {\"s\": \"ü\"}}</tool_call>";
  for (size_t split = 0; split <= text.size(); ++split) {
    const auto streamed = ParseInChunks(ChatFormat::kHermes2Pro, text, {split == 0 ? 1 : split},
                                        testing::OptionsWithSeed(ToolCallStreaming::kIncremental));
    EXPECT_EQ(streamed.message.content, "Voilà 日本 ");
    ASSERT_EQ(streamed.message.tool_calls.size(), 1u);
    EXPECT_EQ(streamed.message.tool_calls[0].arguments, "{\"s\":\"ü\"}");
  }
}

// Invariants on any output: whole-block streaming equals one-shot parsing, incremental
// streaming does too unless it had to invalidate a call, and arguments are JSON objects.
void ExpectConsistent(ChatFormat format, const std::string& text, uint32_t seed) {
  ToolCallParserOptions options;
  options.id_seed = 3;
  options.reasoning_open_at_start = seed % 2 == 0;
  const ParsedChatOutput one_shot = ParseToolCalls(format, text, options);
  for (const ToolCall& call : one_shot.tool_calls) {
    EXPECT_TRUE(nlohmann::json::parse(call.arguments, nullptr, false).is_object())
        << call.arguments;
  }
  options.streaming = ToolCallStreaming::kWholeBlocks;
  EXPECT_EQ(ParseInChunks(format, text, testing::RandomChunkSizes(seed), options).message, one_shot)
      << ChatFormatName(format) << " output: " << text;
  options.streaming = ToolCallStreaming::kIncremental;
  const auto incremental = ParseInChunks(format, text, {1}, options);
  const bool invalidated =
      std::any_of(incremental.deltas.begin(), incremental.deltas.end(),
                  [](const ChatDelta& d) { return d.kind == ChatDeltaKind::kToolCallInvalid; });
  if (!invalidated) {
    EXPECT_EQ(incremental.message, one_shot) << ChatFormatName(format) << " output: " << text;
  }
}

TEST(ToolCallParser, HostileOutputDoesNotCrash) {
  const std::string deep = "[TOOL_CALLS]" + std::string(100000, '[');
  EXPECT_EQ(ParseToolCalls(ChatFormat::kMistralNemo, deep).content, deep);
  const std::string deep_in_string =
      "<tool_call>{\"name\": \"f\", \"arguments\": \"{\\\"a\\\": " + std::string(100000, '[') +
      "\"}</tool_call>";
  EXPECT_EQ(ParseToolCalls(ChatFormat::kHermes2Pro, deep_in_string).content, deep_in_string);
  // clang-format off
  const std::string pieces[] = {
      "<tool_call>", "</tool_call>", "{", "}", "[", "]", "\"", "\\", ":", ",", "name", "arguments",
      "[TOOL_CALLS]", "<|python_tag|>", ">>>", "all\n", "Action:", "```json", "```", "<think>",
      "</think>", "\n", " ", "x", "<｜tool▁calls▁begin｜>", "<｜tool▁call▁begin｜>", "<｜tool▁sep｜>",
      "<｜tool▁call▁end｜>", "response", "tool_calls", "\xff", "\xe6\x97"};
  // clang-format on
  std::mt19937 random(1234);
  for (ChatFormat format : kAllFormats) {
    for (uint32_t round = 0; round < 150; ++round) {
      std::string text;
      const size_t count = 1 + random() % 40;
      for (size_t i = 0; i < count; ++i) text += pieces[random() % std::size(pieces)];
      ExpectConsistent(format, text, round);
    }
  }
}

// Well-formed calls of each family mixed with content, then damaged (a byte dropped or added,
// or the output cut short).
TEST(ToolCallParser, DamagedCallsStayConsistent) {
  const std::vector<std::vector<std::string>> calls = {
      // indexed by ChatFormat
      {R"({"tool_calls": [{"name": "a", "arguments": {"x": [1, "y"]}}]})",
       R"({"response": "hi \"you\""})"},
      {R"({"name": "a", "parameters": {"x": 1}})", R"(<|python_tag|>brave_search.call(query="p"))",
       "<|python_tag|>print(1)"},
      {R"([TOOL_CALLS][{"name": "a", "arguments": {"x": 1}, "id": "abcDEF123"}, {"name": "b", "arguments": {}}])"},
      {"<tool_call>\n{\"name\": \"a\", \"arguments\": {\"x\": {\"y\": [true]}}}\n</tool_call>",
       R"(<tool_call>{"name": "b", "arguments": "{\"k\": 2}"}</tool_call>)"},
      {">>>a\n{\"x\": 1}", ">>>python\nprint('>')\n", ">>>all\nsome text"},
      {"Action:\n```json\n[{\"tool_name\": \"a\", \"parameters\": {\"x\": 1}}]\n```"},
      {"<think>hmm</think>",
       "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>a\n```json\n{\"x\": "
       "1}\n```"
       "<｜tool▁call▁end｜><｜tool▁calls▁end｜>",
       "<｜tool▁call▁begin｜>function<｜tool▁sep｜>b\n{}<｜tool▁call▁end｜>"}};
  const std::string fillers[] = {"Hello ", "\n", " ", "{", "日本"};
  std::mt19937 random(7);
  for (uint32_t round = 0; round < 2000; ++round) {
    const auto format = static_cast<ChatFormat>(round % std::size(kAllFormats));
    const auto& family_calls = calls[static_cast<size_t>(format)];
    std::string text;
    for (size_t i = 0, count = 1 + random() % 4; i < count; ++i) {
      text += random() % 3 == 0 ? fillers[random() % std::size(fillers)]
                                : family_calls[random() % family_calls.size()];
    }
    const size_t position = random() % text.size();
    switch (random() % 4) {
      case 0: text.erase(position, 1); break;
      case 1: text.insert(position, 1, "{}[]\",: x"[random() % 9]); break;
      case 2: text.resize(position); break;
      default: break;  // undamaged
    }
    ExpectConsistent(format, text, round);
  }
}

}  // namespace
}  // namespace hearth
