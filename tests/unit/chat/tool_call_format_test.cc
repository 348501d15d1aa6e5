// ChatFormat detection on every fixture template, and the format table.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "chat/chat_format.h"
#include "shared_data.h"

namespace hearth {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::filesystem::path TemplatePath(const std::string& name) {
  return std::filesystem::path(testing::SharedPath("fixtures/templates")) / name;
}

TEST(ChatFormat, DetectsEveryFixtureFamily) {
  const std::map<std::string, ChatFormat> expected = {
      {"CohereForAI-c4ai-command-r-plus-tool_use", ChatFormat::kCommandRPlus},
      {"NousResearch-Hermes-2-Pro-Llama-3-8B-tool_use", ChatFormat::kHermes2Pro},
      {"Qwen-Qwen2.5-7B-Instruct", ChatFormat::kHermes2Pro},
      {"deepseek-ai-DeepSeek-R1-Distill-Llama-8B", ChatFormat::kDeepSeekR1},
      {"deepseek-ai-DeepSeek-R1-Distill-Qwen-32B", ChatFormat::kDeepSeekR1},
      {"google-gemma-2-2b-it", ChatFormat::kGeneric},
      {"meetkai-functionary-medium-v3.2", ChatFormat::kFunctionaryV32},
      {"meta-llama-Llama-3.1-8B-Instruct", ChatFormat::kLlama3},
      {"meta-llama-Llama-3.2-3B-Instruct", ChatFormat::kLlama3},
      {"meta-llama-Llama-3.3-70B-Instruct", ChatFormat::kLlama3},
      {"microsoft-Phi-3.5-mini-instruct", ChatFormat::kGeneric},
      {"mistralai-Mistral-Nemo-Instruct-2407", ChatFormat::kMistralNemo},
  };
  for (const auto& [name, format] : expected) {
    const std::string source = ReadFile(TemplatePath(name + ".jinja"));
    ASSERT_FALSE(source.empty()) << name;
    EXPECT_EQ(DetectChatFormat(source), format)
        << name << " detected as " << ChatFormatName(DetectChatFormat(source));
  }
}

TEST(ChatFormat, UnknownTemplatesAreGeneric) {
  EXPECT_EQ(DetectChatFormat(""), ChatFormat::kGeneric);
  EXPECT_EQ(DetectChatFormat("{{ '<|im_start|>' + message['role'] }}"), ChatFormat::kGeneric);
  // Llama 3.0: the header tokens, but no tool syntax.
  EXPECT_EQ(DetectChatFormat("{{ '<|start_header_id|>' + role + '<|end_header_id|>' }}"),
            ChatFormat::kGeneric);
}

TEST(ChatFormat, TableIsComplete) {
  for (ChatFormat format : {ChatFormat::kGeneric, ChatFormat::kLlama3, ChatFormat::kMistralNemo,
                            ChatFormat::kHermes2Pro, ChatFormat::kFunctionaryV32,
                            ChatFormat::kCommandRPlus, ChatFormat::kDeepSeekR1}) {
    const ChatFormatInfo& info = GetChatFormatInfo(format);
    SCOPED_TRACE(info.name);
    EXPECT_FALSE(info.name.empty());
    EXPECT_FALSE(info.tool_call_triggers.empty());
    EXPECT_EQ(info.native_tool_syntax, format != ChatFormat::kGeneric);
    EXPECT_EQ(info.end_of_turn.empty(), format == ChatFormat::kGeneric);
  }
  const ChatFormatInfo& llama = GetChatFormatInfo(ChatFormat::kLlama3);
  EXPECT_NE(std::find(llama.end_of_turn.begin(), llama.end_of_turn.end(), "<|eom_id|>"),
            llama.end_of_turn.end());
  EXPECT_EQ(GetChatFormatInfo(ChatFormat::kMistralNemo).id_style,
            ToolCallIdStyle::kNineAlphanumeric);
  EXPECT_EQ(GetChatFormatInfo(ChatFormat::kDeepSeekR1).reasoning_close, "</think>");
}

TEST(ChatFormat, R1PromptsOpenTheReasoning) {
  const auto cases = nlohmann::json::parse(
      ReadFile(TemplatePath("deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.cases.json")));
  size_t checked = 0;
  for (const auto& c : cases) {
    if (!c.contains("expected")) continue;
    const std::string prompt = c.at("expected");
    EXPECT_EQ(PromptOpensReasoning(ChatFormat::kDeepSeekR1, prompt),
              c.at("add_generation_prompt").get<bool>() && prompt.ends_with("<think>\n"))
        << prompt;
    ++checked;
  }
  EXPECT_GT(checked, 0u);
  EXPECT_FALSE(PromptOpensReasoning(ChatFormat::kHermes2Pro, "<think>\n"));
}

}  // namespace
}  // namespace hearth
