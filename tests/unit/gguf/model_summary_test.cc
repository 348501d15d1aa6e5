#include "gguf/model_summary.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <regex>

#include "gguf/file_type.h"
#include "gguf_test_util.h"
#include "run_hearth.h"
#include "shared_data.h"

namespace hearth {
namespace {

using ::hearth::testing::SharedPath;

TEST(ModelSummaryTest, Stories260K) {
  Result<GgufFile> file = GgufFile::Open(SharedPath("models/stories260K.gguf"));
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  Result<ModelSummary> s = SummarizeModel(*file);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->architecture, "llama");
  EXPECT_EQ(s->name, "tinyllamas-stories-260k");
  EXPECT_EQ(s->block_count, 5);
  EXPECT_EQ(s->embedding_length, 64);
  EXPECT_EQ(s->feed_forward_length, 172);
  EXPECT_EQ(s->head_count, 8);
  EXPECT_EQ(s->head_count_kv, 4);
  EXPECT_EQ(s->context_length, 512);
  EXPECT_EQ(s->rope_dimension_count, 8);
  EXPECT_FALSE(s->rope_freq_base.has_value());  // not stated, so not guessed
  EXPECT_EQ(s->vocab_size, 512);
  EXPECT_EQ(s->tokenizer_model, "llama");
  EXPECT_FALSE(s->has_chat_template);
  // token_embd 64x512 + output 64x512 + 5 layers of (4 attn 64x64... with GQA) + norms.
  int64_t expected = 0;
  for (const GgufTensorInfo& t : file->tensors()) expected += t.num_elements();
  EXPECT_EQ(s->parameter_count, expected);
  EXPECT_GT(s->parameter_count, 290000);
  EXPECT_LT(s->parameter_count, 300000);
  ASSERT_EQ(s->type_mix.size(), 1u);
  EXPECT_EQ(s->type_mix[0].type, DType::kF32);
  EXPECT_EQ(s->type_mix[0].tensors, 48);
  EXPECT_EQ(s->type_mix[0].bytes, file->tensor_bytes());
}

TEST(ModelSummaryTest, MixedQuantAndRopeKeys) {
  GgufWriter w;
  w.SetString("general.architecture", "qwen2");
  w.SetUint32("general.file_type", 15);
  w.SetUint32("qwen2.block_count", 2);
  w.SetFloat32("qwen2.rope.freq_base", 1e6f);
  w.SetString("qwen2.rope.scaling.type", "yarn");
  w.SetFloat32("qwen2.rope.scaling.factor", 4.0f);
  w.SetUint32("qwen2.rope.scaling.original_context_length", 32768);
  w.SetArray("qwen2.attention.head_count", std::vector<int32_t>{4, 8, 6});  // per layer
  w.SetString("tokenizer.chat_template", "{{ messages }}");
  ASSERT_TRUE(w.AddTensor("a", DType::kQ4_K, {256, 2}, std::vector<uint8_t>(288)).ok());
  ASSERT_TRUE(w.AddTensor("b", DType::kQ6_K, {256}, std::vector<uint8_t>(210)).ok());
  ASSERT_TRUE(w.AddTensor("c", DType::kF32, {4}, std::vector<uint8_t>(16)).ok());
  const std::vector<uint8_t> bytes = ::hearth::testing::Serialize(w);
  Result<GgufFile> file = GgufFile::Parse(bytes);
  ASSERT_TRUE(file.ok());
  Result<ModelSummary> s = SummarizeModel(*file);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->file_type, "Q4_K_M");
  EXPECT_EQ(s->head_count, 8);
  EXPECT_DOUBLE_EQ(*s->rope_freq_base, 1e6);
  EXPECT_EQ(s->rope_scaling_type, "yarn");
  EXPECT_DOUBLE_EQ(*s->rope_scaling_factor, 4.0);
  EXPECT_EQ(s->rope_scaling_original_context, 32768);
  EXPECT_TRUE(s->has_chat_template);
  EXPECT_EQ(s->chat_template_bytes, 14u);
  EXPECT_EQ(s->parameter_count, 512 + 256 + 4);
  ASSERT_EQ(s->type_mix.size(), 3u);
  EXPECT_EQ(s->type_mix[0].type, DType::kQ4_K);  // largest first
  EXPECT_EQ(s->type_mix[1].type, DType::kQ6_K);
}

TEST(ModelSummaryTest, WrongTypedKeyIsAnError) {
  GgufWriter w;
  w.SetString("general.architecture", "llama");
  w.SetString("llama.block_count", "five");
  Result<GgufFile> file = GgufFile::Parse(::hearth::testing::Serialize(w), "m.gguf");
  ASSERT_TRUE(file.ok());
  Result<ModelSummary> s = SummarizeModel(*file);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(),
            "m.gguf: metadata key 'llama.block_count' has type string, expected an integer");
}

TEST(ModelSummaryTest, Formatting) {
  EXPECT_EQ(FormatCount(512), "512");
  EXPECT_EQ(FormatCount(293120), "293.1K");
  EXPECT_EQ(FormatCount(1235814400), "1.24B");
  EXPECT_EQ(FormatCount(8030261248), "8.03B");
  EXPECT_EQ(FormatCount(494032768), "494.0M");
  EXPECT_EQ(FormatBytes(512), "512 B");
  EXPECT_EQ(FormatBytes(1185344), "1.19 MB");
  EXPECT_EQ(FormatBytes(4920000000), "4.92 GB");
  EXPECT_EQ(FormatBytes(73700), "73.7 KB");
  EXPECT_EQ(FileTypeName(15), "Q4_K_M");
  EXPECT_EQ(FileTypeName(15 | 1024), "Q4_K_M");
  EXPECT_EQ(FileTypeName(0), "F32");
  EXPECT_EQ(FileTypeName(5), "");
  EXPECT_EQ(FileTypeFromName("q8_0"), 7u);
  EXPECT_FALSE(FileTypeFromName("Q9").has_value());
}

// `hearth ARGS` with its stdout and stderr joined, as a user sees them on a terminal.
std::pair<std::string, int> RunShow(const std::string& args) {
  const testing::CommandResult r = testing::RunHearth("show " + args);
  return {r.out + r.err, r.exit_code};
}

bool HasLine(const std::string& out, const std::string& name, const std::string& value) {
  return std::regex_search(out, std::regex("\n    " + name + " +" + value + "\n"));
}

TEST(ShowCommandTest, Stories260K) {
  const auto [out, code] =
      RunShow(SharedPath("models/stories260K.gguf"));
  ASSERT_EQ(code, 0) << out;
  EXPECT_TRUE(HasLine(out, "architecture", "llama")) << out;
  EXPECT_TRUE(HasLine(out, "parameters", "292\\.8K")) << out;
  EXPECT_TRUE(HasLine(out, "context length", "512")) << out;
  EXPECT_TRUE(HasLine(out, "embedding length", "64")) << out;
  EXPECT_TRUE(HasLine(out, "layers", "5")) << out;
  EXPECT_TRUE(HasLine(out, "attention heads", "8")) << out;
  EXPECT_TRUE(HasLine(out, "kv heads", "4")) << out;
  EXPECT_TRUE(HasLine(out, "dimensions", "8")) << out;
  EXPECT_TRUE(HasLine(out, "quantization", "F32")) << out;
  EXPECT_TRUE(HasLine(out, "file size", "1\\.19 MB")) << out;
  EXPECT_TRUE(HasLine(out, "chat template", "none embedded \\(default: chatml\\)")) << out;
  EXPECT_TRUE(HasLine(out, "F32", "48 +292\\.8K +1\\.17 MB +100\\.0%")) << out;
  EXPECT_EQ(out.find("token_embd.weight"), std::string::npos);  // no --tensors
}

TEST(ShowCommandTest, TensorTableAndQuantizedModel) {
  const auto [out, code] = RunShow("--tensors " + SharedPath("models/random/llama-Q4_K_M.gguf"));
  ASSERT_EQ(code, 0) << out;
  EXPECT_TRUE(HasLine(out, "quantization", "Q4_K_M")) << out;
  EXPECT_TRUE(HasLine(out, "blk\\.2\\.ffn_down\\.weight", "Q6_K +\\[512, 256\\] +131\\.1K +.*"))
      << out;
  EXPECT_TRUE(HasLine(out, "output_norm\\.weight", "F32 +\\[256\\] +256 +.*")) << out;
}

TEST(ShowCommandTest, BadFileExitsWithMessage) {
  const std::string v1 = SharedPath("fixtures/tinyllamas-stories-260k-f32.gguf.v1");
  const auto [out, code] = RunShow(v1);
  EXPECT_EQ(code, 1);
  EXPECT_EQ(out, "hearth show: " + v1 +
                     ": unsupported GGUF version 1 at byte offset 4: Hearth reads versions 2 and "
                     "3; convert the model again with a current llama.cpp\n");
  const auto [out2, code2] = RunShow("/nonexistent.gguf");
  EXPECT_EQ(code2, 1);
  EXPECT_EQ(out2.rfind("hearth show: /nonexistent.gguf: cannot open", 0), 0u) << out2;
}

}  // namespace
}  // namespace hearth
