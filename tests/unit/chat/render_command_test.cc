// Runs the built `hearth render` on a fixture template and a model, comparing exact bytes.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "run_hearth.h"
#include "shared_data.h"

namespace hearth {
namespace {

std::filesystem::path TempDir() {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("hearth_render_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

testing::CommandResult RunRender(const std::string& args) {
  return testing::RunHearth("render " + args);
}

// The first case of a fixture, written as a conversation file.
std::pair<std::filesystem::path, std::string> FixtureCase(const std::string& name, size_t index) {
  const auto cases = nlohmann::ordered_json::parse(
      testing::ReadWholeFile(testing::SharedPath("fixtures/templates/" + name + ".cases.json")));
  const auto& c = cases.at(index);
  nlohmann::ordered_json conversation = {{"messages", c.at("messages")},
                                         {"tools", c.at("tools")},
                                         {"add_generation_prompt", c.at("add_generation_prompt")},
                                         {"bos_token", c.at("bos_token")},
                                         {"eos_token", c.at("eos_token")}};
  const auto path = TempDir() / (name + std::to_string(index) + ".json");
  WriteFile(path, conversation.dump());
  return {path, c.at("expected").get<std::string>()};
}

TEST(RenderCommand, PrintsExactlyTheFixturePrompt) {
  const std::string name = "meta-llama-Llama-3.2-3B-Instruct";
  for (size_t index : {0, 5}) {  // user_only, tools_call
    auto [conversation, expected] = FixtureCase(name, index);
    const testing::CommandResult r =
        RunRender(testing::SharedPath("fixtures/templates/" + name + ".jinja") + " " +
                  conversation.string() + " --date 2026-07-26");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, expected);
    EXPECT_EQ(r.err, "");
  }
}

TEST(RenderCommand, ModelUsesItsTemplateAndTokens) {
  const auto conversation = TempDir() / "model.json";
  WriteFile(conversation, R"({"messages":[{"role":"user","content":"Hi"}]})");
  testing::CommandResult r = RunRender(testing::SharedPath("models/random/phi3-Q8_0.gguf") + " " +
                              conversation.string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "<s><|user|>\nHi<|end|>\n<|assistant|>\n");
  r = RunRender(testing::SharedPath("models/stories260K.gguf") + " " + conversation.string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");  // default
}

TEST(RenderCommand, ErrorsGoToStderrWithExitCodeOne) {
  const auto bad_json = TempDir() / "bad.json";
  WriteFile(bad_json, "{\"messages\": [");
  const std::string tmpl = testing::SharedPath("fixtures/templates/google-gemma-2-2b-it.jinja");
  testing::CommandResult r = RunRender(tmpl + " " + bad_json.string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("invalid JSON at byte 15"), std::string::npos) << r.err;

  const auto system = TempDir() / "system.json";
  WriteFile(system, R"({"messages":[{"role":"system","content":"x"}]})");
  r = RunRender(tmpl + " " + system.string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("System role not supported"), std::string::npos) << r.err;

  r = RunRender(tmpl + " /nonexistent/conversation.json");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/nonexistent/conversation.json"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace hearth
