// Every chat template fixture (../shared/fixtures/templates: real templates and the prompts
// Jinja2 rendered from them, as Hugging Face configures it) must render byte for byte, and
// every refused conversation must fail with the reference's message.
#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "chat/chat_template.h"
#include "shared_data.h"

namespace hearth {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// 2026-07-26, noon local time: strftime_now in the fixtures was fixed to that day.
std::chrono::system_clock::time_point FixtureDay() {
  std::tm day{};
  day.tm_year = 2026 - 1900;
  day.tm_mon = 6;
  day.tm_mday = 26;
  day.tm_hour = 12;
  day.tm_isdst = -1;
  return std::chrono::system_clock::from_time_t(std::mktime(&day));
}

// "TemplateError: System role not supported" -> "System role not supported".
std::string WithoutExceptionType(const std::string& error) {
  const size_t colon = error.find(": ");
  return colon == std::string::npos ? error : error.substr(colon + 2);
}

std::vector<std::string> FixtureNames() {
  std::vector<std::string> names;
  const auto dir = std::filesystem::path(testing::SharedPath("fixtures/templates"));
  if (!std::filesystem::exists(dir)) return names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string file = entry.path().filename().string();
    const std::string suffix = ".jinja";
    if (file.size() > suffix.size() && file.ends_with(suffix)) {
      names.push_back(file.substr(0, file.size() - suffix.size()));
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

class ChatTemplateFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(ChatTemplateFixture, RendersEveryCaseExactly) {
  const auto dir = std::filesystem::path(testing::SharedPath("fixtures/templates"));
  const std::string name = GetParam();
  Result<ChatTemplate> tmpl = ChatTemplate::Parse(ReadFile(dir / (name + ".jinja")), name);
  ASSERT_TRUE(tmpl.ok()) << tmpl.status().ToString();
  const auto cases = nlohmann::ordered_json::parse(ReadFile(dir / (name + ".cases.json")));
  ASSERT_TRUE(cases.is_array());
  ASSERT_FALSE(cases.empty());
  for (const auto& c : cases) {
    SCOPED_TRACE(name + " / " + c.at("name").get<std::string>());
    ChatRenderInput input;
    input.messages = c.at("messages");
    input.tools = c.value("tools", nlohmann::ordered_json());
    input.add_generation_prompt = c.at("add_generation_prompt").get<bool>();
    input.bos_token = c.at("bos_token").get<std::string>();
    input.eos_token = c.at("eos_token").get<std::string>();
    input.now = FixtureDay();
    Result<std::string> prompt = tmpl->Render(input);
    if (c.contains("error")) {
      ASSERT_FALSE(prompt.ok()) << "rendered instead of failing:\n" << *prompt;
      const std::string expected = WithoutExceptionType(c.at("error").get<std::string>());
      EXPECT_TRUE(prompt.status().message().ends_with(expected))
          << prompt.status().message() << "\n  should end with: " << expected;
    } else {
      ASSERT_TRUE(prompt.ok()) << prompt.status().ToString();
      EXPECT_EQ(*prompt, c.at("expected").get<std::string>());
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ChatTemplateFixture, ::testing::ValuesIn(FixtureNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string id = info.param;
                           for (char& ch : id) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return id;
                         });

TEST(ChatTemplateFixtures, AllFamiliesArePresent) {
  EXPECT_GE(FixtureNames().size(), 12u) << "missing ../shared/fixtures/templates?";
}

}  // namespace
}  // namespace hearth
