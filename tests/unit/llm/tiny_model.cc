#include "tiny_model.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <random>
#include <string_view>

#include "base/fp16.h"
#include "gguf/gguf_file.h"
#include "shared_data.h"

namespace hearth::testing {
namespace {

struct TensorSpec {
  std::string name;
  std::vector<int64_t> shape;
  float scale;  // weights are uniform in [-scale, scale]; norms are 1 + that
  bool is_norm = false;
};

std::vector<TensorSpec> TensorList(const TinyModelSpec& s) {
  const int64_t hd = s.n_embd / s.n_head, q = s.n_head * hd, kv = s.n_head_kv * hd;
  const int64_t vocab = 512;
  std::vector<TensorSpec> t = {{"token_embd.weight", {s.n_embd, vocab}, 1.0f},
                               {"output_norm.weight", {s.n_embd}, 0.1f, true}};
  if (!s.tied_output) t.push_back({"output.weight", {s.n_embd, vocab}, 0.3f});
  for (int64_t il = 0; il < s.n_layer; ++il) {
    const std::string p = "blk." + std::to_string(il) + ".";
    t.push_back({p + "attn_norm.weight", {s.n_embd}, 0.1f, true});
    t.push_back({p + "attn_q.weight", {s.n_embd, q}, 0.3f});
    t.push_back({p + "attn_k.weight", {s.n_embd, kv}, 0.3f});
    t.push_back({p + "attn_v.weight", {s.n_embd, kv}, 0.3f});
    if (s.qkv_bias) {
      t.push_back({p + "attn_q.bias", {q}, 0.1f});
      t.push_back({p + "attn_k.bias", {kv}, 0.1f});
      t.push_back({p + "attn_v.bias", {kv}, 0.1f});
    }
    t.push_back({p + "attn_output.weight", {q, s.n_embd}, 0.3f});
    t.push_back({p + "ffn_norm.weight", {s.n_embd}, 0.1f, true});
    t.push_back({p + "ffn_gate.weight", {s.n_embd, s.n_ff}, 0.3f});
    t.push_back({p + "ffn_up.weight", {s.n_embd, s.n_ff}, 0.3f});
    t.push_back({p + "ffn_down.weight", {s.n_ff, s.n_embd}, 0.3f});
  }
  return t;
}

// Copies the tokenizer.* metadata of stories260K (a 512-token SentencePiece vocabulary).
Status CopyTokenizer(GgufWriter& w) {
  HEARTH_ASSIGN_OR_RETURN(GgufFile vocab, GgufFile::Open(SharedPath("models/stories260K.gguf")));
  for (const GgufKeyValue& kv : vocab.metadata().entries()) {
    if (kv.key.rfind("tokenizer.", 0) == 0) w.Set(kv.key, kv.value);
  }
  return Status::Ok();
}

void SetHyperparameters(const TinyModelSpec& s, GgufWriter& w) {
  const std::string a = s.arch + ".";
  w.SetString("general.architecture", s.arch);
  w.SetString("general.name", "tiny test " + s.arch);
  w.SetUint32(a + "context_length", uint32_t(s.n_ctx_train));
  w.SetUint32(a + "embedding_length", uint32_t(s.n_embd));
  w.SetUint32(a + "block_count", uint32_t(s.n_layer));
  w.SetUint32(a + "feed_forward_length", uint32_t(s.n_ff));
  w.SetUint32(a + "attention.head_count", uint32_t(s.n_head));
  w.SetUint32(a + "attention.head_count_kv", uint32_t(s.n_head_kv));
  w.SetFloat32(a + "attention.layer_norm_rms_epsilon", 1e-5f);
  w.SetFloat32(a + "rope.freq_base", 10000.0f);
}

std::vector<uint8_t> RandomData(const TensorSpec& t, DType type, std::mt19937& rng) {
  int64_t n = 1;
  for (int64_t d : t.shape) n *= d;
  std::uniform_real_distribution<float> dist(-t.scale, t.scale);
  std::vector<uint8_t> bytes(size_t(n) * (type == DType::kF16 ? 2 : 4));
  for (int64_t i = 0; i < n; ++i) {
    const float v = (t.is_norm ? 1.0f : 0.0f) + dist(rng);
    if (type == DType::kF16) {
      const f16 h = F32ToF16(v);
      std::memcpy(bytes.data() + 2 * i, &h, 2);
    } else {
      std::memcpy(bytes.data() + 4 * i, &v, 4);
    }
  }
  return bytes;
}

}  // namespace

Result<GgufWriter> BuildTinyModel(const TinyModelSpec& spec) {
  GgufWriter w;
  SetHyperparameters(spec, w);
  HEARTH_RETURN_IF_ERROR(CopyTokenizer(w));
  for (const auto& [key, value] : spec.metadata) {
    if (value.has_value()) {
      w.Set(key, *value);
    } else {
      w.metadata().Erase(key);
    }
  }
  if (spec.rope_freqs > 0.0f) {
    const std::vector<float> factors(size_t(spec.n_embd / spec.n_head / 2), spec.rope_freqs);
    HEARTH_RETURN_IF_ERROR(w.AddF32Tensor("rope_freqs.weight", {int64_t(factors.size())}, factors));
  }
  std::mt19937 rng(spec.seed);
  for (TensorSpec t : TensorList(spec)) {
    std::vector<uint8_t> data = RandomData(t, DType::kF32, rng);  // same draws either way
    if (std::find(spec.drop_tensors.begin(), spec.drop_tensors.end(), t.name) !=
        spec.drop_tensors.end()) {
      continue;
    }
    DType type = DType::kF32;
    if (auto it = spec.retype_tensors.find(t.name); it != spec.retype_tensors.end()) {
      type = it->second;
    }
    if (auto it = spec.reshape_tensors.find(t.name); it != spec.reshape_tensors.end()) {
      t.shape = it->second;
    }
    if (type != DType::kF32 || spec.reshape_tensors.count(t.name) != 0) {
      data = RandomData(t, type, rng);
    }
    HEARTH_RETURN_IF_ERROR(w.AddTensor(t.name, type, t.shape, std::move(data)));
  }
  return w;
}

std::string WriteTinyModel(const TinyModelSpec& spec, const std::string& name) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("hearth_llm_" + std::to_string(::getpid()) + "_" + name + ".gguf"))
                               .string();
  auto writer = BuildTinyModel(spec);
  EXPECT_TRUE(writer.ok()) << writer.status().ToString();
  if (writer.ok()) {
    const Status st = writer->WriteToFile(path);
    EXPECT_TRUE(st.ok()) << st.ToString();
  }
  return path;
}

}  // namespace hearth::testing
