// `hearth tokenize`, run as a user would.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <utility>

#include "gguf/gguf_writer.h"
#include "shared_data.h"

namespace hearth {
namespace {

using ::hearth::testing::SharedPath;

// Runs `command`, stdout only unless `with_stderr`; returns its output and exit code.
std::pair<std::string, int> RunCommand(const std::string& command, bool with_stderr = false) {
  std::string out;
  FILE* pipe = popen((command + (with_stderr ? " 2>&1" : " 2>/dev/null")).c_str(), "r");
  if (pipe == nullptr) return {"popen failed", -1};
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) out.append(buf, n);
  const int status = pclose(pipe);
  return {out, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

std::string Tokenize(const std::string& args) {
  return std::string(HEARTH_BINARY) + " tokenize " + SharedPath("models/stories260K.gguf") + " " +
         args;
}

constexpr const char* kPrompt = "'Once upon a time, there was a little girl named Lily.'";

TEST(TokenizeCommandTest, IdsMatchTheReference) {
  const auto [out, code] = RunCommand(Tokenize(std::string(kPrompt) + " --ids"));
  ASSERT_EQ(code, 0) << out;
  // fixtures/logits/stories260K__p0.json
  EXPECT_EQ(out, "1 403 407 261 378 432 383 286 261 376 298 315 421 395 317 426\n");
}

TEST(TokenizeCommandTest, NoBos) {
  const auto [out, code] = RunCommand(Tokenize(std::string(kPrompt) + " --ids --no-bos"));
  ASSERT_EQ(code, 0) << out;
  EXPECT_EQ(out, "403 407 261 378 432 383 286 261 376 298 315 421 395 317 426\n");
}

TEST(TokenizeCommandTest, PiecesOnePerLine) {
  const auto [out, code] = RunCommand(Tokenize("'Once upon'"));
  ASSERT_EQ(code, 0) << out;
  EXPECT_EQ(out, "1\t'<s>'\n403\t' Once'\n407\t' upon'\n");
}

TEST(TokenizeCommandTest, EscapesControlCharactersAndSplitBytes) {
  // /bin/sh has no $'...': printf spells "a\nж" (octal escapes for the bytes of "ж").
  const auto [out, code] = RunCommand(Tokenize("\"$(printf 'a\\n\\320\\266')\" --no-bos"));
  ASSERT_EQ(code, 0) << out;
  // "ж" is spelled by byte tokens: each piece is one byte, not valid UTF-8 on its own.
  EXPECT_NE(out.find("\t'\\n'\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\t'\\xd0'\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\t'\\xb6'\n"), std::string::npos) << out;
}

TEST(TokenizeCommandTest, ParseSpecial) {
  const auto [plain, code1] = RunCommand(Tokenize("'</s>' --ids --no-bos"));
  const auto [parsed, code2] = RunCommand(Tokenize("'</s>' --ids --no-bos --parse-special"));
  ASSERT_EQ(code1, 0);
  ASSERT_EQ(code2, 0);
  EXPECT_EQ(parsed, "2\n");
  EXPECT_NE(plain, "2\n");
}

TEST(TokenizeCommandTest, BadModelFails) {
  const auto [out, code] = RunCommand(
      std::string(HEARTH_BINARY) + " tokenize /nonexistent.gguf hello", /*with_stderr=*/true);
  EXPECT_EQ(code, 1);
  EXPECT_NE(out.find("/nonexistent.gguf"), std::string::npos) << out;
  // A GGUF without a tokenizer: the message names the missing key.
  GgufWriter writer;
  writer.SetString("general.architecture", "llama");
  const std::string path = ::testing::TempDir() + "/no_tokenizer.gguf";
  ASSERT_TRUE(writer.WriteToFile(path).ok());
  const auto [out2, code2] =
      RunCommand(std::string(HEARTH_BINARY) + " tokenize " + path + " hello", /*with_stderr=*/true);
  EXPECT_EQ(code2, 1);
  EXPECT_NE(out2.find("'tokenizer.ggml.model' not found"), std::string::npos) << out2;
  std::remove(path.c_str());
}

}  // namespace
}  // namespace hearth
