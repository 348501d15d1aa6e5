// `hearth tokenize`, run as a user would.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "gguf/gguf_writer.h"
#include "run_hearth.h"
#include "shared_data.h"

namespace hearth {
namespace {

using ::hearth::testing::SharedPath;

using ::hearth::testing::RunHearth;

// `hearth tokenize` on stories260K with the given arguments.
::hearth::testing::CommandResult Tokenize(const std::string& args) {
  return RunHearth("tokenize " + SharedPath("models/stories260K.gguf") + " " + args);
}

constexpr const char* kPrompt = "'Once upon a time, there was a little girl named Lily.'";

TEST(TokenizeCommandTest, IdsMatchTheReference) {
  const auto [code, out, err] = Tokenize(std::string(kPrompt) + " --ids");
  ASSERT_EQ(code, 0) << out;
  // fixtures/logits/stories260K__p0.json
  EXPECT_EQ(out, "1 403 407 261 378 432 383 286 261 376 298 315 421 395 317 426\n");
}

TEST(TokenizeCommandTest, NoBos) {
  const auto [code, out, err] = Tokenize(std::string(kPrompt) + " --ids --no-bos");
  ASSERT_EQ(code, 0) << out;
  EXPECT_EQ(out, "403 407 261 378 432 383 286 261 376 298 315 421 395 317 426\n");
}

TEST(TokenizeCommandTest, PiecesOnePerLine) {
  const auto [code, out, err] = Tokenize("'Once upon'");
  ASSERT_EQ(code, 0) << out;
  EXPECT_EQ(out, "1\t'<s>'\n403\t' Once'\n407\t' upon'\n");
}

TEST(TokenizeCommandTest, EscapesControlCharactersAndSplitBytes) {
  // /bin/sh has no $'...': printf spells "a\nж" (octal escapes for the bytes of "ж").
  const auto [code, out, err] = Tokenize("\"$(printf 'a\\n\\320\\266')\" --no-bos");
  ASSERT_EQ(code, 0) << out;
  // "ж" is spelled by byte tokens: each piece is one byte, not valid UTF-8 on its own.
  EXPECT_NE(out.find("\t'\\n'\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\t'\\xd0'\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\t'\\xb6'\n"), std::string::npos) << out;
}

TEST(TokenizeCommandTest, ParseSpecial) {
  const auto [code1, plain, err1] = Tokenize("'</s>' --ids --no-bos");
  const auto [code2, parsed, err2] = Tokenize("'</s>' --ids --no-bos --parse-special");
  ASSERT_EQ(code1, 0);
  ASSERT_EQ(code2, 0);
  EXPECT_EQ(parsed, "2\n");
  EXPECT_NE(plain, "2\n");
}

TEST(TokenizeCommandTest, BadModelFails) {
  const auto [code, out, err] = RunHearth("tokenize /nonexistent.gguf hello");
  EXPECT_EQ(code, 1);
  EXPECT_NE(err.find("/nonexistent.gguf"), std::string::npos) << err;
  // A GGUF without a tokenizer: the message names the missing key.
  GgufWriter writer;
  writer.SetString("general.architecture", "llama");
  const std::string path = ::testing::TempDir() + "/no_tokenizer.gguf";
  ASSERT_TRUE(writer.WriteToFile(path).ok());
  const auto [code2, out2, err2] = RunHearth("tokenize " + path + " hello");
  EXPECT_EQ(code2, 1);
  EXPECT_NE(err2.find("'tokenizer.ggml.model' not found"), std::string::npos) << err2;
  std::remove(path.c_str());
}

}  // namespace
}  // namespace hearth
