// The catalog: every model the seed names is there, its hyperparameters are self-consistent and
// match the published configs where we check them, and its sizes behave.
#include "store/catalog/known_models.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "store/catalog/quant_sizes.h"
#include "store/catalog/quant_types.h"

namespace hearth::catalog {
namespace {

TEST(CatalogTest, EverySeedModelIsPresent) {
  for (const char* name :
       {"llama3.1:8b", "llama3.1:70b", "llama3.1:405b", "mistral-nemo:12b", "mixtral:8x7b",
        "mixtral:8x22b", "qwen2.5:72b", "deepseek-v3:671b", "gemma2:9b", "gemma2:27b", "phi4:14b",
        "command-r-plus:104b", "dbrx:132b", "yi:34b", "llama3.2-vision:11b",
        "llama3.2-vision:90b", "qwen2.5vl:72b", "deepseek-coder-v2:236b", "codestral:22b",
        "qwen2.5-coder:32b", "codellama:70b", "whisper:tiny", "whisper:base", "whisper:small",
        "whisper:medium", "whisper:large-v3", "whisper:large-v3-turbo",
        "piper:en_US-lessac-medium", "kokoro:82m"}) {
    EXPECT_NE(FindKnownModel(name), nullptr) << name;
  }
}

TEST(CatalogTest, NamesAreUniqueAndFindable) {
  for (const KnownModel& m : KnownModels()) {
    EXPECT_EQ(FindKnownModel(m.name), &m) << m.name;
    EXPECT_FALSE(m.hf_repo.empty()) << m.name;
  }
  EXPECT_EQ(FindKnownModel("DEEPSEEK-V3"), FindKnownModel("deepseek-v3:671b"));
  EXPECT_EQ(FindKnownModel("LLaMA3.1:8B"), FindKnownModel("llama3.1:8b"));
  EXPECT_EQ(FindKnownModel("llama3.1"), nullptr);  // three sizes: ambiguous
  EXPECT_EQ(FindKnownModel("gpt-4"), nullptr);
}

TEST(CatalogTest, TransformerShapesAreConsistent) {
  for (const KnownModel& m : KnownModels()) {
    const TransformerShape& s = m.shape;
    if (m.kind == ModelKind::kTextToSpeech) continue;
    SCOPED_TRACE(std::string(m.name));
    EXPECT_GT(s.n_layer, 0);
    EXPECT_GT(s.n_vocab, 0);
    EXPECT_GT(s.n_ctx_train, 0);
    ASSERT_GT(s.n_head_kv, 0);
    EXPECT_EQ(s.n_head % s.n_head_kv, 0);
    EXPECT_LE(s.n_expert_used, s.n_expert);
    EXPECT_GE(m.params_b, m.active_params_b);
    if (s.attention == AttentionKind::kLatent) {
      EXPECT_EQ(s.kv_lora_rank, 512);
      EXPECT_EQ(s.rope_head_dim, 64);
      EXPECT_EQ(s.head_dim, 128 + s.rope_head_dim);  // qk_nope_head_dim + qk_rope_head_dim
      continue;
    }
    // Models whose head_dim is not hidden_size / heads, as their configs state it.
    const bool explicit_head_dim = m.name == "mistral-nemo:12b" || m.name == "gemma2:9b" ||
                                   m.name == "gemma2:27b";
    if (!explicit_head_dim) {
      EXPECT_EQ(s.head_dim * s.n_head, s.n_embd);
    }
  }
}

TEST(CatalogTest, PublishedHyperparametersSpotChecks) {
  const TransformerShape& l8 = FindKnownModel("llama3.1:8b")->shape;
  EXPECT_EQ(l8.n_layer, 32);
  EXPECT_EQ(l8.n_head, 32);
  EXPECT_EQ(l8.n_head_kv, 8);
  EXPECT_EQ(l8.head_dim, 128);
  EXPECT_EQ(l8.n_ff, 14336);
  EXPECT_EQ(l8.n_vocab, 128256);
  EXPECT_EQ(l8.n_ctx_train, 131072);
  const TransformerShape& l405 = FindKnownModel("llama3.1:405b")->shape;
  EXPECT_EQ(l405.n_layer, 126);
  EXPECT_EQ(l405.n_embd, 16384);
  const TransformerShape& ds = FindKnownModel("deepseek-v3:671b")->shape;
  EXPECT_EQ(ds.n_layer, 61);
  EXPECT_EQ(ds.n_expert, 256);
  EXPECT_EQ(ds.n_expert_used, 8);
  EXPECT_EQ(ds.attention, AttentionKind::kLatent);
  const TransformerShape& g9 = FindKnownModel("gemma2:9b")->shape;
  EXPECT_EQ(g9.attention, AttentionKind::kSlidingAlternating);
  EXPECT_EQ(g9.sliding_window, 4096);
  EXPECT_EQ(g9.head_dim, 256);
  const TransformerShape& mx = FindKnownModel("mixtral:8x7b")->shape;
  EXPECT_EQ(mx.n_expert, 8);
  EXPECT_EQ(mx.n_expert_used, 2);
  const TransformerShape& turbo = FindKnownModel("whisper:large-v3-turbo")->shape;
  EXPECT_EQ(turbo.n_encoder_layer, 32);
  EXPECT_EQ(turbo.n_layer, 4);
}

TEST(QuantTypesTest, FindsByNameAndBitsDecrease) {
  ASSERT_NE(FindQuant("q4_k_m"), nullptr);
  EXPECT_EQ(FindQuant("q4_k_m")->name, "Q4_K_M");
  EXPECT_EQ(FindQuant("fp16"), FindQuant("F16"));
  EXPECT_EQ(FindQuant("Q7_X"), nullptr);
  const auto quants = KnownQuants();
  for (size_t i = 1; i < quants.size(); ++i) {
    EXPECT_LT(quants[i].bits_per_weight, quants[i - 1].bits_per_weight) << quants[i].name;
  }
}

TEST(QuantSizesTest, LaddersShrinkMonotonically) {
  for (const KnownModel& m : KnownModels()) {
    const auto ladder = QuantLadder(m);
    ASSERT_FALSE(ladder.empty()) << m.name;
    uint64_t previous = UINT64_MAX;
    for (const QuantType* q : ladder) {
      ASSERT_NE(q, nullptr) << m.name;
      const WeightSize w = WeightBytes(m, *q);
      EXPECT_LT(w.bytes, previous) << m.name << " " << q->name;
      EXPECT_GT(w.bytes, 0u);
      previous = w.bytes;
    }
  }
}

// Where a size is published, the computed one (parameters x bpw) must agree within 12%: a check
// of both the parameter counts and the bits-per-weight table (vision models: with their image
// encoder at F16).
TEST(QuantSizesTest, ComputedSizesAgreeWithPublishedOnes) {
  int checked = 0;
  for (const KnownModel& m : KnownModels()) {
    if (m.kind == ModelKind::kTextToSpeech) continue;  // ONNX files: no quant ladder
    for (const PublishedSize& p : m.published) {
      const QuantType* q = FindQuant(p.quant);
      ASSERT_NE(q, nullptr) << p.quant;
      const double computed =
          ((m.params_b - m.f16_params_b) * q->bits_per_weight / 8 + m.f16_params_b * 2) * 1e9;
      EXPECT_NEAR(computed / double(p.bytes), 1.0, 0.12) << m.name << " " << p.quant;
      EXPECT_TRUE(WeightBytes(m, *q).published);
      ++checked;
    }
  }
  EXPECT_GE(checked, 15);
}

TEST(QuantSizesTest, DeepSeekV3AtQ4KMIsAbout400GB) {
  const KnownModel& ds = *FindKnownModel("deepseek-v3:671b");
  const WeightSize q4 = WeightBytes(ds, *FindQuant("Q4_K_M"));
  EXPECT_TRUE(q4.published);
  EXPECT_NEAR(double(q4.bytes) / 1e9, 404.4, 1.0);
  ASSERT_TRUE(ds.seed_q4km_bytes.has_value());
  EXPECT_EQ(*ds.seed_q4km_bytes, 130'000'000'000u);
  const WeightSize iq1 = WeightBytes(ds, *FindQuant("IQ1_S"));
  EXPECT_FALSE(iq1.published);
  EXPECT_NEAR(double(iq1.bytes) / 1e9, 131, 2);
}

TEST(QuantSizesTest, OllamaTags) {
  const KnownModel& l70 = *FindKnownModel("llama3.1:70b");
  EXPECT_EQ(OllamaTag(l70, *FindQuant("Q4_K_M")), "llama3.1:70b-instruct-q4_K_M");
  EXPECT_EQ(OllamaTag(l70, *FindQuant("F16")), "llama3.1:70b-instruct-fp16");
  EXPECT_EQ(OllamaTag(l70, *FindQuant("IQ1_S")), "");  // not in Ollama's library
  EXPECT_EQ(OllamaTag(*FindKnownModel("whisper:tiny"), *FindQuant("F16")), "");
}

}  // namespace
}  // namespace hearth::catalog
