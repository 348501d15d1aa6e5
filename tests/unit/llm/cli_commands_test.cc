// End-to-end checks of `hearth run`, `hearth perplexity` and `hearth bench` (pp/tg and the
// batched test) against the reference engine's outputs in ../shared/fixtures (greedy
// continuations, perplexities).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "run_hearth.h"
#include "shared_data.h"

namespace hearth {
namespace {

using testing::RunHearth;
using testing::SharedPath;

nlohmann::json LoadFixture(const std::string& name) {
  std::ifstream in(SharedPath("fixtures/logits/" + name + ".json"));
  return nlohmann::json::parse(in);
}

// Shell single quotes around `text` (which holds no single quote).
std::string Quoted(const std::string& text) { return "'" + text + "'"; }

TEST(RunCommandTest, GreedyRawContinuationIsTheReferenceOne) {
  for (const char* name : {"stories260K__p0", "stories260K__p1", "stories260K__p2"}) {
    const nlohmann::json fixture = LoadFixture(name);
    const auto r = RunHearth("run " + SharedPath("models/stories260K.gguf") +
                             " --raw --temperature 0 -n 32 " +
                             Quoted(fixture["prompt"].get<std::string>()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, fixture["greedy_text"].get<std::string>()) << name;  // nothing else
  }
}

TEST(RunCommandTest, VerboseStatisticsGoToStderr) {
  const auto r = RunHearth("run " + SharedPath("models/stories260K.gguf") +
                           " --raw --temperature 0 -n 8 --verbose 'Once upon a time'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("prompt eval rate:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("eval count:           8 token(s)"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("eval rate"), std::string::npos);
}

TEST(RunCommandTest, SameSeedSameText) {
  const std::string args = "run " + SharedPath("models/stories260K.gguf") +
                           " --raw --temperature 1 -n 40 'Once upon a time' --seed ";
  const auto a = RunHearth(args + "7");
  const auto b = RunHearth(args + "7");
  const auto c = RunHearth(args + "8");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out, c.out);
}

TEST(RunCommandTest, ChatPromptThroughTheDefaultTemplate) {
  // stories260K has no chat template: the ChatML default renders the message.
  const auto r = RunHearth("run " + SharedPath("models/stories260K.gguf") +
                           " --temperature 0 -n 16 'Tell me a story'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(r.out.empty());
}

TEST(RunCommandTest, ClearErrors) {
  auto r = RunHearth("run /nonexistent/model.gguf hello");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/nonexistent/model.gguf"), std::string::npos) << r.err;

  r = RunHearth("run " + SharedPath("models/stories260K.gguf") +
                " --raw --ctx-size 8 'Once upon a time, there was a little girl named Lily.'");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("the prompt has 16 tokens, more than the context of 8"), std::string::npos)
      << r.err;
}

double FinalPerplexity(const std::string& out) {
  std::smatch m;
  if (!std::regex_search(out, m, std::regex("Final estimate: PPL = ([0-9.]+)"))) return -1;
  return std::stod(m[1]);
}

// fixtures/perplexity/README.md: the reference tool's figures on stories.txt.
TEST(PerplexityCommandTest, AgreesWithTheReferenceWithinHalfAPercent) {
  struct Case {
    const char* model;
    int n_ctx;
    double reference;
  };
  for (const Case& c : {Case{"models/stories260K.gguf", 128, 4.7342},
                        Case{"models/stories260K.gguf", 64, 4.8564},
                        Case{"models/random/llama-Q8_0.gguf", 128, 706348.4079},
                        Case{"models/random/qwen2-Q8_0.gguf", 64, 625667.0579}}) {
    const auto r = RunHearth("perplexity " + SharedPath(c.model) + " " +
                             SharedPath("fixtures/perplexity/stories.txt") + " -c " +
                             std::to_string(c.n_ctx));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const double ppl = FinalPerplexity(r.out);
    EXPECT_NEAR(ppl / c.reference, 1.0, 0.005) << c.model << " -c " << c.n_ctx << ": " << ppl;
  }
}

TEST(PerplexityCommandTest, TooShortATextIsExplained) {
  const auto r = RunHearth("perplexity " + SharedPath("models/stories260K.gguf") + " " +
                           SharedPath("fixtures/perplexity/stories.txt") + " -c 100000");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("fewer than one chunk of 100000"), std::string::npos) << r.err;
}

TEST(BenchCommandTest, JsonHasBothTestsPerThreadCount) {
  const auto r = RunHearth("bench " + SharedPath("models/stories260K.gguf") +
                           " -p 16 -n 4 -r 1 -t 1,2 --json --no-bandwidth");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json rows = nlohmann::json::parse(r.out);
  ASSERT_EQ(rows.size(), 4u) << r.out;
  EXPECT_EQ(rows[0]["test"], "pp16");
  EXPECT_EQ(rows[1]["test"], "tg4");
  EXPECT_EQ(rows[3]["threads"], 2);
  for (const auto& row : rows) EXPECT_GT(row["tokens_per_second"].get<double>(), 0) << row;
  EXPECT_GT(rows[1]["gb_per_second"].get<double>(), 0);
}

TEST(BenchCommandTest, SequencesRunTheBatchedTestPerLevel) {
  const auto r =
      RunHearth("bench " + SharedPath("models/stories260K.gguf") + " -p 8 -n 6 -t 2 -s 1,3 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json rows = nlohmann::json::parse(r.out);
  ASSERT_EQ(rows.size(), 2u) << r.out;
  EXPECT_EQ(rows[0]["sequences"], 1);
  EXPECT_EQ(rows[1]["sequences"], 3);
  for (const auto& row : rows) {
    EXPECT_EQ(row["n_prompt"], 8);
    EXPECT_EQ(row["n_gen"], 6);
    EXPECT_GT(row["prompt_tokens_per_second"].get<double>(), 0) << row;
    EXPECT_GT(row["generation_tokens_per_second"].get<double>(), 0) << row;
    EXPECT_GT(row["total_tokens_per_second"].get<double>(), 0) << row;
  }
}

TEST(BenchCommandTest, SequencesNeedTwoGeneratedTokens) {
  const auto r = RunHearth("bench " + SharedPath("models/stories260K.gguf") + " -p 8 -n 1 -s 2");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("at least 2 generated tokens"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace hearth
