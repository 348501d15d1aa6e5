// A Tokenizer is shared by threads: concurrent Encode/Decode calls give the same results as
// sequential ones.
#include <gtest/gtest.h>

#include <thread>

#include "tokenizer_test_util.h"

namespace hearth {
namespace {

using ::hearth::testing::ReadReferenceCases;
using ::hearth::testing::SharedTokenizer;

TEST(TokenizerThreadsTest, ConcurrentEncodeAndDecode) {
  for (const char* name : {"llama-bpe", "llama-spm", "deepseek-llm", "bert-bge"}) {
    const Tokenizer* tok =
        SharedTokenizer(std::string("fixtures/tokenizer/ggml-vocab-") + name + ".gguf");
    ASSERT_NE(tok, nullptr);
    const auto cases = ReadReferenceCases(name);
    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int round = 0; round < 20; ++round) {
          for (const auto& c : cases) {
            const auto ids = tok->Encode(c.text, {.add_special = false});
            mismatches[t] += ids != c.ids;
            mismatches[t] += tok->Decode(ids) != tok->Decode(c.ids);
          }
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    for (int t = 0; t < 4; ++t) EXPECT_EQ(mismatches[t], 0) << name << " thread " << t;
  }
}

}  // namespace
}  // namespace hearth
