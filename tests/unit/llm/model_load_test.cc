// Model::Open on well-formed and broken files: config from metadata, tensor checks, and the
// precise errors a user sees for a bad file.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "llm/model.h"
#include "llm/session.h"
#include "shared_data.h"
#include "tiny_model.h"
#include "tokenizer/tokenizer.h"

namespace hearth::testing {
namespace {

// Opens `spec` written to a temp file, removing the file afterwards.
Result<std::unique_ptr<Model>> OpenTiny(const TinyModelSpec& spec, const std::string& name) {
  const std::string path = WriteTinyModel(spec, name);
  auto model = Model::Open(path);
  std::filesystem::remove(path);
  return model;
}

// The error message of opening `spec`, with the temp path replaced by "model.gguf".
std::string OpenError(const TinyModelSpec& spec, const std::string& name) {
  const std::string path = WriteTinyModel(spec, name);
  auto model = Model::Open(path);
  std::filesystem::remove(path);
  EXPECT_FALSE(model.ok());
  if (model.ok()) return "";
  std::string message = model.status().message();
  if (const size_t at = message.find(path); at != std::string::npos) {
    message.replace(at, path.size(), "model.gguf");
  }
  return message;
}

TEST(ModelLoad, Stories260KConfig) {
  auto model = Model::Open(SharedPath("models/stories260K.gguf"));
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  const ModelConfig& c = (*model)->config();
  EXPECT_EQ(c.arch, "llama");
  EXPECT_EQ(c.n_vocab, 512);
  EXPECT_EQ(c.n_embd, 64);
  EXPECT_EQ(c.n_layer, 5);
  EXPECT_EQ(c.n_head, 8);
  EXPECT_EQ(c.n_head_kv, 4);
  EXPECT_EQ(c.head_dim, 8);
  EXPECT_EQ(c.n_ff, 172);
  EXPECT_EQ(c.n_ctx_train, 512);
  EXPECT_EQ(c.rope.n_rot, 8);
  EXPECT_EQ(c.rope.style, RopeStyle::kNormal);
  EXPECT_FLOAT_EQ(c.rope.freq_base, 10000.0f);
  EXPECT_FLOAT_EQ(c.attn_scale, 1.0f / std::sqrt(8.0f));
  EXPECT_EQ((*model)->tokenizer().vocab_size(), 512);
  // Every tensor of the file is a weight of the model: 1.17 MB of F32.
  EXPECT_EQ((*model)->weight_bytes(), (*model)->file().tensor_bytes());
  EXPECT_GT((*model)->bytes_per_token(), (*model)->weight_bytes() / 2);
}

TEST(ModelLoad, Qwen2UsesNeoxRopeAndBiases) {
  auto model = Model::Open(SharedPath("models/random/qwen2-Q8_0.gguf"));
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ((*model)->config().arch, "qwen2");
  EXPECT_EQ((*model)->config().rope.style, RopeStyle::kNeox);
  EXPECT_FLOAT_EQ((*model)->config().rope.freq_base, 1e6f);
}

TEST(ModelLoad, TiedOutputHeadReadsTheEmbedding) {
  TinyModelSpec tied;
  tied.tied_output = true;
  auto model = OpenTiny(tied, "tied");
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  // Tied: the embedding table is also the head, so every byte is read per token.
  EXPECT_EQ((*model)->bytes_per_token(), (*model)->weight_bytes());
  ThreadPool pool(1);
  Session session(**model, pool);
  const TokenId tokens[] = {1, 5, 9};
  auto logits = session.Decode(tokens);
  ASSERT_TRUE(logits.ok()) << logits.status().ToString();
  EXPECT_EQ(logits->size(), 512u);
  for (float v : *logits) ASSERT_TRUE(std::isfinite(v));
}

TEST(ModelLoad, UnsupportedArchitectureListsSupportedOnes) {
  TinyModelSpec spec;
  spec.arch = "gpt2";
  EXPECT_EQ(OpenError(spec, "arch"),
            "model.gguf: architecture 'gpt2' is not supported; Hearth runs llama, qwen2");
}

TEST(ModelLoad, MissingTensorIsNamed) {
  TinyModelSpec spec;
  spec.drop_tensors = {"blk.1.ffn_up.weight"};
  EXPECT_EQ(OpenError(spec, "missing"), "model.gguf: tensor 'blk.1.ffn_up.weight' not found");
}

TEST(ModelLoad, WrongShapeIsNamedWithBothShapes) {
  TinyModelSpec spec;  // kv width = 2 heads * 8 = 16
  spec.reshape_tensors = {{"blk.1.attn_k.weight", {32, 8}}};
  EXPECT_EQ(OpenError(spec, "shape"),
            "model.gguf: tensor 'blk.1.attn_k.weight' has shape [32, 8], expected [32, 16]");
}

TEST(ModelLoad, NormMustBeF32) {
  TinyModelSpec spec;
  spec.retype_tensors = {{"output_norm.weight", DType::kF16}};
  EXPECT_EQ(OpenError(spec, "normtype"),
            "model.gguf: tensor 'output_norm.weight' has type F16, expected F32");
}

TEST(ModelLoad, F16WeightsAreAccepted) {
  TinyModelSpec spec;
  spec.retype_tensors = {{"blk.0.attn_q.weight", DType::kF16}, {"output.weight", DType::kF16}};
  auto model = OpenTiny(spec, "f16");
  EXPECT_TRUE(model.ok()) << model.status().ToString();
}

TEST(ModelLoad, Qwen2RequiresQkvBiases) {
  TinyModelSpec spec;
  spec.arch = "qwen2";
  EXPECT_EQ(OpenError(spec, "qwen2bias"), "model.gguf: tensor 'blk.0.attn_q.bias' not found");
  spec.qkv_bias = true;
  auto model = OpenTiny(spec, "qwen2ok");
  EXPECT_TRUE(model.ok()) << model.status().ToString();
}

TEST(ModelLoad, MissingMetadataKeyIsNamed) {
  TinyModelSpec spec;
  spec.metadata = {{"llama.block_count", std::nullopt}};
  EXPECT_EQ(OpenError(spec, "nokey"), "model.gguf: metadata key 'llama.block_count' not found");
}

TEST(ModelLoad, InconsistentHeadCountsAreRefused) {
  TinyModelSpec spec;
  spec.metadata = {{"llama.attention.head_count_kv", GgufValue(uint32_t{3})}};
  EXPECT_EQ(OpenError(spec, "kvheads"),
            "model.gguf: metadata key 'llama.attention.head_count_kv' is 3, which does not divide "
            "llama.attention.head_count = 4");
  spec.metadata = {{"llama.embedding_length", GgufValue(uint32_t{0})}};
  EXPECT_EQ(OpenError(spec, "zero"),
            "model.gguf: metadata key 'llama.embedding_length' is 0, expected a value in [1, "
            "1048576]");
  spec.metadata = {{"llama.block_count", GgufValue("three")}};
  EXPECT_NE(OpenError(spec, "type").find("'llama.block_count'"), std::string::npos);
}

TEST(ModelLoad, UnknownRopeScalingIsRefused) {
  TinyModelSpec spec;
  spec.metadata = {{"llama.rope.scaling.type", GgufValue("longrope")}};
  EXPECT_EQ(OpenError(spec, "rope"),
            "model.gguf: metadata key 'llama.rope.scaling.type' is 'longrope'; Hearth supports "
            "none, linear and yarn");
}

TEST(ModelLoad, RopeScalingFromMetadata) {
  TinyModelSpec spec;
  spec.metadata = {{"llama.rope.scaling.type", GgufValue("yarn")},
                   {"llama.rope.scaling.factor", GgufValue(4.0f)},
                   {"llama.rope.scaling.original_context_length", GgufValue(uint32_t{32})}};
  auto model = OpenTiny(spec, "yarn");
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  const RopeConfig& rope = (*model)->config().rope;
  EXPECT_EQ(rope.scaling, RopeScaling::kYarn);
  EXPECT_FLOAT_EQ(rope.freq_scale, 0.25f);
  EXPECT_EQ(rope.n_ctx_orig, 32);
  EXPECT_FLOAT_EQ(rope.ext_factor, 1.0f);
  // The kernel scales by 1 + 0.1 ln(4); the reference's attn_factor cancels that and applies
  // mscale(4) = 1 + 0.1 ln(4) itself, so the product is mscale(4).
  EXPECT_NEAR(rope.attn_factor * (1.0f + 0.1f * std::log(4.0f)), 1.0f + 0.1f * std::log(4.0f),
              1e-6f);

  spec.metadata = {{"llama.rope.scaling.type", GgufValue("linear")},
                   {"llama.rope.scaling.factor", GgufValue(2.0f)}};
  auto linear = OpenTiny(spec, "linear");
  ASSERT_TRUE(linear.ok()) << linear.status().ToString();
  EXPECT_FLOAT_EQ((*linear)->config().rope.freq_scale, 0.5f);
  EXPECT_FLOAT_EQ((*linear)->config().rope.ext_factor, 0.0f);
}

// Llama 3.1's rope_freqs.weight divides each pair's angle by its factor: factors of 2
// everywhere are the same rotation as linear scaling by 2, to the bit.
TEST(ModelLoad, RopeFrequencyFactorsScaleTheAngles) {
  TinyModelSpec with_factors;
  with_factors.rope_freqs = 2.0f;
  TinyModelSpec linear;
  linear.metadata = {{"llama.rope.scaling.type", GgufValue("linear")},
                     {"llama.rope.scaling.factor", GgufValue(2.0f)}};
  TinyModelSpec plain;
  auto a = OpenTiny(with_factors, "freqs");
  auto b = OpenTiny(linear, "linear2");
  auto c = OpenTiny(plain, "plain");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok()) << a.status().ToString();
  ThreadPool pool(1);
  const TokenId tokens[] = {1, 17, 40, 99, 250, 3};
  auto logits = [&](const Model& m) {
    Session s(m, pool);
    auto l = s.Decode(tokens);
    EXPECT_TRUE(l.ok());
    return std::vector<float>(l->begin(), l->end());
  };
  EXPECT_EQ(logits(**a), logits(**b));
  EXPECT_NE(logits(**a), logits(**c));
}

TEST(ModelLoad, MissingFileIsAnError) {
  auto model = Model::Open("/nonexistent/model.gguf");
  ASSERT_FALSE(model.ok());
  EXPECT_NE(model.status().message().find("/nonexistent/model.gguf"), std::string::npos);
}

}  // namespace
}  // namespace hearth::testing
