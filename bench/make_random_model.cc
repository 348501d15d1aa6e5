// make_random_model: writes a GGUF model of a real architecture's shape with random weights,
// for speed work (weights do not change speed) at sizes that cannot be downloaded here.
//
//   make_random_model --shape llama-3.1-8b --type Q4_K_M --out /tmp/llama8b-q4km.gguf
//   make_random_model --shape custom --layers 4 --dim 512 --heads 8 --kv-heads 2 --ff 1536
//       --vocab 4096 --type Q8_0 --out small.gguf
//
// Tensor names, shapes, metadata and the mixed quantization recipes (_S/_M/_L) follow the
// reference converter and quantizer, so loaders and `hearth show` see what a real file of that
// model has. The tokenizer is copied from a vocab-only GGUF (the shared test fixtures by
// default) or synthesised. Tensor data streams to disk in chunks; memory stays small.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "gguf/file_type.h"
#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"
#include "gguf/model_summary.h"
#include "tensor/random_blocks.h"

namespace hearth {
namespace {

struct ModelShape {
  std::string arch = "llama";  // "llama" or "qwen2" (same tensors, plus QKV biases)
  std::string name = "";
  std::string size_label = "";
  int64_t layers = 2;
  int64_t dim = 256;
  int64_t heads = 8;
  int64_t kv_heads = 2;
  int64_t ff = 512;
  int64_t vocab = 512;
  int64_t context = 2048;
  float rope_base = 10000.0f;
  float norm_eps = 1e-5f;
  bool tied_embeddings = false;
  bool qkv_bias = false;
  float llama3_rope_factor = 0;       // > 0: Llama 3.1 rope scaling (rope_freqs.weight)
  std::string vocab_fixture = "";     // fixtures/tokenizer/<this> under the shared folder
  std::string template_fixture = "";  // fixtures/templates/<this>
  int64_t head_dim() const { return dim / heads; }
};

ModelShape Llama3(std::string name, std::string label, int64_t layers, int64_t dim, int64_t heads,
                  int64_t ff, bool tied, float rope_factor, std::string tmpl) {
  return {.name = std::move(name),
          .size_label = std::move(label),
          .layers = layers,
          .dim = dim,
          .heads = heads,
          .kv_heads = 8,
          .ff = ff,
          .vocab = 128256,
          .context = 131072,
          .rope_base = 500000.0f,
          .tied_embeddings = tied,
          .llama3_rope_factor = rope_factor,
          .vocab_fixture = "ggml-vocab-llama-bpe.gguf",
          .template_fixture = std::move(tmpl)};
}

ModelShape Qwen25(std::string name, std::string label, int64_t layers, int64_t dim, int64_t heads,
                  int64_t kv_heads, int64_t ff, int64_t vocab, bool tied) {
  return {.arch = "qwen2",
          .name = std::move(name),
          .size_label = std::move(label),
          .layers = layers,
          .dim = dim,
          .heads = heads,
          .kv_heads = kv_heads,
          .ff = ff,
          .vocab = vocab,
          .context = 32768,
          .rope_base = 1e6f,
          .norm_eps = 1e-6f,
          .tied_embeddings = tied,
          .qkv_bias = true,
          .vocab_fixture = "ggml-vocab-qwen2.gguf",
          .template_fixture = "Qwen-Qwen2.5-7B-Instruct.jinja"};
}

std::map<std::string, ModelShape> Presets() {
  std::map<std::string, ModelShape> p;
  p["llama-3.2-1b"] = Llama3("Llama 3.2 1B (random)", "1B", 16, 2048, 32, 8192, true, 32,
                             "meta-llama-Llama-3.2-3B-Instruct.jinja");
  p["llama-3.2-3b"] = Llama3("Llama 3.2 3B (random)", "3B", 28, 3072, 24, 8192, true, 32,
                             "meta-llama-Llama-3.2-3B-Instruct.jinja");
  p["llama-3.1-8b"] = Llama3("Llama 3.1 8B (random)", "8B", 32, 4096, 32, 14336, false, 8,
                             "meta-llama-Llama-3.1-8B-Instruct.jinja");
  p["llama-2-7b"] = {.name = "Llama 2 7B (random)",
                     .size_label = "7B",
                     .layers = 32,
                     .dim = 4096,
                     .heads = 32,
                     .kv_heads = 32,
                     .ff = 11008,
                     .vocab = 32000,
                     .context = 4096,
                     .vocab_fixture = "ggml-vocab-llama-spm.gguf"};
  p["mistral-7b"] = {.name = "Mistral 7B v0.2 (random)",
                     .size_label = "7B",
                     .layers = 32,
                     .dim = 4096,
                     .heads = 32,
                     .kv_heads = 8,
                     .ff = 14336,
                     .vocab = 32000,
                     .context = 32768,
                     .rope_base = 1e6f,
                     .vocab_fixture = "ggml-vocab-llama-spm.gguf"};
  p["qwen2.5-0.5b"] = Qwen25("Qwen2.5 0.5B (random)", "0.5B", 24, 896, 14, 2, 4864, 151936, true);
  p["qwen2.5-1.5b"] = Qwen25("Qwen2.5 1.5B (random)", "1.5B", 28, 1536, 12, 2, 8960, 151936, true);
  p["qwen2.5-3b"] = Qwen25("Qwen2.5 3B (random)", "3B", 36, 2048, 16, 2, 11008, 151936, true);
  p["qwen2.5-7b"] = Qwen25("Qwen2.5 7B (random)", "7B", 28, 3584, 28, 4, 18944, 152064, false);
  p["custom"] = {.name = "custom (random)"};
  return p;
}

// ---- Quantization recipe (the reference quantizer's choices for dense models) ----

enum class Role {
  kTokenEmbd,
  kOutput,
  kAttnQ,
  kAttnK,
  kAttnV,
  kAttnOut,
  kFfnGate,
  kFfnUp,
  kFfnDown,
  kOneDim
};

struct Recipe {
  std::string file_type;  // "Q4_K_M"
  DType base;
};

std::optional<DType> BaseType(const std::string& ft) {
  static const std::map<std::string, DType> kBase = {
      {"F32", DType::kF32},       {"F16", DType::kF16},     {"BF16", DType::kBF16},
      {"Q4_0", DType::kQ4_0},     {"Q4_1", DType::kQ4_1},   {"Q5_0", DType::kQ5_0},
      {"Q5_1", DType::kQ5_1},     {"Q8_0", DType::kQ8_0},   {"Q2_K", DType::kQ2_K},
      {"Q3_K_S", DType::kQ3_K},   {"Q3_K_M", DType::kQ3_K}, {"Q3_K_L", DType::kQ3_K},
      {"Q4_K_S", DType::kQ4_K},   {"Q4_K_M", DType::kQ4_K}, {"Q5_K_S", DType::kQ5_K},
      {"Q5_K_M", DType::kQ5_K},   {"Q6_K", DType::kQ6_K},   {"IQ4_NL", DType::kIQ4_NL},
      {"IQ4_XS", DType::kIQ4_XS},
  };
  auto it = kBase.find(ft);
  if (it == kBase.end()) return std::nullopt;
  return it->second;
}

bool UseMoreBits(int64_t i, int64_t n) {
  return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2;
}

// A type whose block does not divide the row length falls back as the reference does.
DType Fallback(DType t, int64_t row) {
  if (row % Traits(t).block_elems == 0) return t;
  switch (t) {
    case DType::kQ2_K:
    case DType::kQ3_K:
    case DType::kIQ4_XS: t = DType::kIQ4_NL; break;
    case DType::kQ4_K: t = DType::kQ5_0; break;
    case DType::kQ5_K: t = DType::kQ5_1; break;
    case DType::kQ6_K: t = DType::kQ8_0; break;
    default: break;
  }
  return row % Traits(t).block_elems == 0 ? t : DType::kF16;
}

DType MixedType(const Recipe& r, Role role, int64_t i, int64_t n, int64_t gqa) {
  const std::string& ft = r.file_type;
  switch (role) {
    case Role::kAttnV:
      if (ft == "Q2_K") return gqa >= 4 ? DType::kQ4_K : DType::kQ3_K;
      if (ft == "Q3_K_M") return i < 2 ? DType::kQ5_K : DType::kQ4_K;
      if (ft == "Q3_K_L") return DType::kQ5_K;
      if ((ft == "IQ4_NL" || ft == "IQ4_XS") && gqa >= 4) return DType::kQ5_K;
      if ((ft == "Q4_K_M" || ft == "Q5_K_M") && UseMoreBits(i, n)) return DType::kQ6_K;
      if (ft == "Q4_K_S" && i < 4) return DType::kQ5_K;
      return r.base;
    case Role::kFfnDown:
      if (ft == "Q2_K") return DType::kQ3_K;
      if (ft == "Q3_K_M") return i < n / 16 ? DType::kQ5_K : DType::kQ4_K;
      if (ft == "Q3_K_L") return DType::kQ5_K;
      if (ft == "Q4_K_M" && UseMoreBits(i, n)) return DType::kQ6_K;
      if ((ft == "IQ4_NL" || ft == "IQ4_XS") && i < n / 8) return DType::kQ5_K;
      if (ft == "Q5_K_M" && UseMoreBits(i, n)) return DType::kQ6_K;
      if (ft == "Q4_K_S" && i < n / 8) return DType::kQ5_K;
      return r.base;
    case Role::kAttnOut:
      if (ft == "Q2_K") return DType::kQ3_K;
      if (ft == "Q3_K_M") return DType::kQ4_K;
      if (ft == "Q3_K_L") return DType::kQ5_K;
      return r.base;
    default: return r.base;
  }
}

DType TensorType(const Recipe& r, const ModelShape& s, Role role, int64_t layer, int64_t row) {
  if (role == Role::kOneDim) return DType::kF32;
  if (!Traits(r.base).is_quantized) return r.base;  // F32/F16/BF16: no mixing
  const bool output_role = role == Role::kOutput || (role == Role::kTokenEmbd && s.tied_embeddings);
  if (output_role) {
    if (row % Traits(r.base).block_elems != 0) return DType::kQ8_0;
    return Fallback(r.base == DType::kQ8_0 ? DType::kQ8_0 : DType::kQ6_K, row);
  }
  return Fallback(MixedType(r, role, layer, s.layers, s.heads / s.kv_heads), row);
}

// ---- Tensors ----

struct TensorPlan {
  std::string name = "";
  Role role;
  int64_t layer;
  std::vector<int64_t> shape;
};

std::vector<TensorPlan> PlanTensors(const ModelShape& s) {
  const int64_t q_dim = s.heads * s.head_dim(), kv_dim = s.kv_heads * s.head_dim();
  std::vector<TensorPlan> t;
  t.push_back({"token_embd.weight", Role::kTokenEmbd, 0, {s.dim, s.vocab}});
  if (s.llama3_rope_factor > 0) {
    t.push_back({"rope_freqs.weight", Role::kOneDim, 0, {s.head_dim() / 2}});
  }
  for (int64_t i = 0; i < s.layers; ++i) {
    const std::string b = "blk." + std::to_string(i) + ".";
    t.push_back({b + "attn_norm.weight", Role::kOneDim, i, {s.dim}});
    t.push_back({b + "attn_q.weight", Role::kAttnQ, i, {s.dim, q_dim}});
    t.push_back({b + "attn_k.weight", Role::kAttnK, i, {s.dim, kv_dim}});
    t.push_back({b + "attn_v.weight", Role::kAttnV, i, {s.dim, kv_dim}});
    if (s.qkv_bias) {
      t.push_back({b + "attn_q.bias", Role::kOneDim, i, {q_dim}});
      t.push_back({b + "attn_k.bias", Role::kOneDim, i, {kv_dim}});
      t.push_back({b + "attn_v.bias", Role::kOneDim, i, {kv_dim}});
    }
    t.push_back({b + "attn_output.weight", Role::kAttnOut, i, {q_dim, s.dim}});
    t.push_back({b + "ffn_norm.weight", Role::kOneDim, i, {s.dim}});
    t.push_back({b + "ffn_gate.weight", Role::kFfnGate, i, {s.dim, s.ff}});
    t.push_back({b + "ffn_up.weight", Role::kFfnUp, i, {s.dim, s.ff}});
    t.push_back({b + "ffn_down.weight", Role::kFfnDown, i, {s.ff, s.dim}});
  }
  t.push_back({"output_norm.weight", Role::kOneDim, 0, {s.dim}});
  if (!s.tied_embeddings) t.push_back({"output.weight", Role::kOutput, 0, {s.dim, s.vocab}});
  return t;
}

// Llama 3.1 frequency factors: 1 for short wavelengths, `factor` for long, smooth between.
std::vector<float> Llama3RopeFactors(const ModelShape& s) {
  const double low = 1.0, high = 4.0, original = 8192.0;
  std::vector<float> out;
  for (int64_t i = 0; i < s.head_dim() / 2; ++i) {
    const double freq = std::pow(double(s.rope_base), -2.0 * double(i) / double(s.head_dim()));
    const double wavelen = 2 * M_PI / freq;
    if (wavelen < original / high) {
      out.push_back(1.0f);
    } else if (wavelen > original / low) {
      out.push_back(s.llama3_rope_factor);
    } else {
      const double smooth = (original / wavelen - low) / (high - low);
      out.push_back(float(1.0 / ((1 - smooth) / s.llama3_rope_factor + smooth)));
    }
  }
  return out;
}

Status AddTensors(const ModelShape& s, const Recipe& r, uint64_t seed, GgufWriter* w) {
  const std::vector<TensorPlan> plan = PlanTensors(s);
  for (size_t k = 0; k < plan.size(); ++k) {
    const TensorPlan& p = plan[k];
    const DType type = TensorType(r, s, p.role, p.layer, p.shape[0]);
    if (p.name == "rope_freqs.weight") {
      const std::vector<float> f = Llama3RopeFactors(s);
      HEARTH_RETURN_IF_ERROR(w->AddF32Tensor(p.name, p.shape, f));
      continue;
    }
    const bool is_norm = p.name.find("norm") != std::string::npos;
    const int64_t row = p.shape[0];
    const uint64_t tensor_seed = seed * 1000003u + k;
    HEARTH_RETURN_IF_ERROR(w->AddTensor(
        p.name, type, p.shape,
        [type, row, is_norm, tensor_seed](int64_t first, int64_t n, std::span<uint8_t> dst) {
          if (is_norm) {  // RMS norm weights near 1, as trained models have
            for (int64_t i = 0; i < n * row; ++i) {
              const float one = 1.0f;
              std::memcpy(dst.data() + 4 * i, &one, 4);
            }
            return;
          }
          FillRandomBlocks(type, dst.data(), n * row, tensor_seed + uint64_t(first) * 7919u);
        }));
  }
  return Status::Ok();
}

// ---- Metadata and tokenizer ----

void SetModelMetadata(const ModelShape& s, const Recipe& r, GgufWriter* w) {
  const std::string a = s.arch + ".";
  w->SetString("general.architecture", s.arch);
  w->SetString("general.name", s.name);
  if (!s.size_label.empty()) w->SetString("general.size_label", s.size_label);
  w->SetUint32(a + "block_count", uint32_t(s.layers));
  w->SetUint32(a + "context_length", uint32_t(s.context));
  w->SetUint32(a + "embedding_length", uint32_t(s.dim));
  w->SetUint32(a + "feed_forward_length", uint32_t(s.ff));
  w->SetUint32(a + "attention.head_count", uint32_t(s.heads));
  w->SetUint32(a + "attention.head_count_kv", uint32_t(s.kv_heads));
  w->SetFloat32(a + "rope.freq_base", s.rope_base);
  w->SetFloat32(a + "attention.layer_norm_rms_epsilon", s.norm_eps);
  w->SetUint32(a + "rope.dimension_count", uint32_t(s.head_dim()));
  w->SetUint32(a + "vocab_size", uint32_t(s.vocab));
  w->SetUint32("general.file_type", *FileTypeFromName(r.file_type));
  if (Traits(r.base).is_quantized) w->SetUint32("general.quantization_version", 2);
}

// A SentencePiece-style vocabulary: <unk> <s> </s>, the 256 byte tokens, then filler pieces.
void SetSyntheticVocab(int64_t vocab, GgufWriter* w) {
  std::vector<std::string> tokens = {"<unk>", "<s>", "</s>"};
  std::vector<float> scores = {0, 0, 0};
  std::vector<int32_t> types = {2, 3, 3};
  for (int b = 0; b < 256 && int64_t(tokens.size()) < vocab; ++b) {
    char buf[8];
    std::snprintf(buf, sizeof(buf), "<0x%02X>", b);
    tokens.push_back(buf);
    scores.push_back(0);
    types.push_back(6);
  }
  while (int64_t(tokens.size()) < vocab) {
    tokens.push_back("\xE2\x96\x81t" + std::to_string(tokens.size()));  // "▁t123"
    scores.push_back(-float(tokens.size()));
    types.push_back(1);
  }
  w->SetString("tokenizer.ggml.model", "llama");
  w->SetArray("tokenizer.ggml.tokens", std::move(tokens));
  w->SetArray("tokenizer.ggml.scores", std::move(scores));
  w->SetArray("tokenizer.ggml.token_type", std::move(types));
  w->SetUint32("tokenizer.ggml.bos_token_id", 1);
  w->SetUint32("tokenizer.ggml.eos_token_id", 2);
  w->SetUint32("tokenizer.ggml.unknown_token_id", 0);
}

// Pads a copied vocabulary with unused "[PAD<i>]" tokens up to the model's embedding rows.
void PadVocab(int64_t vocab, GgufMetadata* md) {
  const GgufValue* tokens_value = md->Find("tokenizer.ggml.tokens");
  if (tokens_value == nullptr || tokens_value->AsArray() == nullptr) return;
  const std::vector<std::string>* old_tokens = tokens_value->AsArray()->strings();
  if (old_tokens == nullptr || int64_t(old_tokens->size()) >= vocab) return;
  std::vector<std::string> tokens = *old_tokens;
  const size_t n0 = tokens.size();
  for (size_t i = n0; int64_t(i) < vocab; ++i) tokens.push_back("[PAD" + std::to_string(i) + "]");
  md->Set("tokenizer.ggml.tokens", GgufValue(GgufArray(std::move(tokens))));
  if (const GgufValue* t = md->Find("tokenizer.ggml.token_type"); t && t->AsArray()) {
    if (const std::vector<int32_t>* old = t->AsArray()->As<int32_t>(); old != nullptr) {
      std::vector<int32_t> types = *old;
      types.resize(size_t(vocab), 5);  // unused
      md->Set("tokenizer.ggml.token_type", GgufValue(GgufArray(std::move(types))));
    }
  }
  if (const GgufValue* sc = md->Find("tokenizer.ggml.scores"); sc && sc->AsArray()) {
    if (const std::vector<float>* old = sc->AsArray()->As<float>(); old != nullptr) {
      std::vector<float> scores = *old;
      scores.resize(size_t(vocab), 0.0f);
      md->Set("tokenizer.ggml.scores", GgufValue(GgufArray(std::move(scores))));
    }
  }
}

Status CopyVocab(const std::string& path, int64_t vocab, GgufWriter* w) {
  HEARTH_ASSIGN_OR_RETURN(GgufFile src, GgufFile::Open(path));
  for (const GgufKeyValue& kv : src.metadata().entries()) {
    if (kv.key.rfind("tokenizer.", 0) == 0) w->Set(kv.key, kv.value);
  }
  const GgufValue* tokens = w->metadata().Find("tokenizer.ggml.tokens");
  if (tokens == nullptr || tokens->AsArray() == nullptr) {
    return InvalidArgument(path + ": no tokenizer.ggml.tokens array to copy");
  }
  if (int64_t(tokens->AsArray()->size()) > vocab) {
    return InvalidArgument(path + ": its " + std::to_string(tokens->AsArray()->size()) +
                           " tokens exceed the model's vocabulary of " + std::to_string(vocab));
  }
  PadVocab(vocab, &w->metadata());
  return Status::Ok();
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Options {
  std::string shape = "custom";
  std::string type = "Q4_K_M";
  std::string out;
  std::string arch;
  int64_t layers = 0, dim = 0, heads = 0, kv_heads = 0, ff = 0, vocab = 0, context = 0;
  std::string vocab_file;     // "" = the preset's fixture if found, "none" = synthetic
  std::string chat_template;  // "" = the preset's fixture if found, "none" = no template
  std::string shared_dir;
  uint64_t seed = 1;
};

Result<ModelShape> ResolveShape(const Options& o) {
  std::map<std::string, ModelShape> presets = Presets();
  auto it = presets.find(o.shape);
  if (it == presets.end()) return InvalidArgument("unknown --shape " + o.shape);
  ModelShape s = it->second;
  if (!o.arch.empty()) s.arch = o.arch;
  if (s.arch != "llama" && s.arch != "qwen2") return InvalidArgument("--arch: llama or qwen2");
  if (!o.arch.empty()) s.qkv_bias = s.arch == "qwen2";
  for (auto [value, field] : {std::pair{o.layers, &s.layers},
                              {o.dim, &s.dim},
                              {o.heads, &s.heads},
                              {o.kv_heads, &s.kv_heads},
                              {o.ff, &s.ff},
                              {o.vocab, &s.vocab},
                              {o.context, &s.context}}) {
    if (value != 0) *field = value;
  }
  if (s.layers < 1 || s.dim < 1 || s.heads < 1 || s.kv_heads < 1 || s.ff < 1 || s.vocab < 1) {
    return InvalidArgument("dimensions must be positive");
  }
  if (s.dim % s.heads != 0 || s.heads % s.kv_heads != 0) {
    return InvalidArgument("--dim must be a multiple of --heads, and --heads of --kv-heads");
  }
  if (o.vocab != 0 && o.vocab_file.empty()) s.vocab_fixture.clear();  // custom vocab size
  return s;
}

Status SetTokenizer(const Options& o, const ModelShape& s, GgufWriter* w) {
  std::string vocab_path = o.vocab_file;
  if (vocab_path.empty() && !s.vocab_fixture.empty()) {
    const std::string p = o.shared_dir + "/fixtures/tokenizer/" + s.vocab_fixture;
    if (std::filesystem::exists(p)) vocab_path = p;
  }
  if (vocab_path.empty() || vocab_path == "none") {
    std::printf("tokenizer: synthetic (%lld tokens)\n", static_cast<long long>(s.vocab));
    SetSyntheticVocab(s.vocab, w);
  } else {
    std::printf("tokenizer: copied from %s\n", vocab_path.c_str());
    HEARTH_RETURN_IF_ERROR(CopyVocab(vocab_path, s.vocab, w));
  }
  std::string tmpl_path = o.chat_template;
  if (tmpl_path.empty() && !s.template_fixture.empty()) {
    const std::string p = o.shared_dir + "/fixtures/templates/" + s.template_fixture;
    if (std::filesystem::exists(p)) tmpl_path = p;
  }
  if (!tmpl_path.empty() && tmpl_path != "none") {
    if (!std::filesystem::exists(tmpl_path)) return NotFound(tmpl_path + ": no such file");
    std::printf("chat template: %s\n", tmpl_path.c_str());
    w->SetString("tokenizer.chat_template", ReadText(tmpl_path));
  }
  return Status::Ok();
}

Status Run(const Options& o) {
  HEARTH_ASSIGN_OR_RETURN(ModelShape s, ResolveShape(o));
  const std::optional<DType> base = BaseType(o.type);
  if (!base.has_value()) {
    return InvalidArgument("unsupported --type " + o.type +
                           " (F32 F16 BF16 Q4_0 Q4_1 Q5_0 Q5_1 Q8_0 Q2_K Q3_K_S Q3_K_M Q3_K_L "
                           "Q4_K_S Q4_K_M Q5_K_S Q5_K_M Q6_K IQ4_NL IQ4_XS)");
  }
  const Recipe recipe{o.type, *base};
  GgufWriter w;
  SetModelMetadata(s, recipe, &w);
  HEARTH_RETURN_IF_ERROR(SetTokenizer(o, s, &w));
  HEARTH_RETURN_IF_ERROR(AddTensors(s, recipe, o.seed, &w));
  std::printf("writing %s: %s %s, %zu tensors, %s\n", o.out.c_str(), s.name.c_str(), o.type.c_str(),
              w.tensor_count(), FormatBytes(w.FileSize()).c_str());
  const auto t0 = std::chrono::steady_clock::now();
  HEARTH_RETURN_IF_ERROR(w.WriteToFile(o.out));
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  HEARTH_ASSIGN_OR_RETURN(GgufFile file, GgufFile::Open(o.out));  // check what we wrote
  HEARTH_ASSIGN_OR_RETURN(ModelSummary sum, SummarizeModel(file));
  std::printf("wrote %s in %.1f s (%.0f MB/s): %s parameters;", FormatBytes(sum.file_size).c_str(),
              secs, double(sum.file_size) / 1e6 / secs, FormatCount(sum.parameter_count).c_str());
  for (const DTypeShare& d : sum.type_mix) {
    std::printf(" %s x%lld", std::string(DTypeName(d.type)).c_str(),
                static_cast<long long>(d.tensors));
  }
  std::printf("\n");
  return Status::Ok();
}

}  // namespace
}  // namespace hearth

int main(int argc, char** argv) {
  hearth::Options o;
  if (const char* dir = std::getenv("HEARTH_SHARED_DIR")) {
    o.shared_dir = dir;
  } else {
    o.shared_dir = HEARTH_SHARED_DIR;
  }
  CLI::App app{"Write a random-weight GGUF model of a real architecture's shape"};
  std::vector<std::string> shapes;
  for (const auto& [name, shape] : hearth::Presets()) shapes.push_back(name);
  app.add_option("--shape", o.shape, "Architecture shape")->check(CLI::IsMember(shapes));
  app.add_option("--type", o.type, "File type (quantization recipe), e.g. Q4_K_M, Q8_0, F16");
  app.add_option("--out", o.out, "Output GGUF path")->required();
  app.add_option("--arch", o.arch, "Override the architecture: llama or qwen2");
  app.add_option("--layers", o.layers, "Override the number of layers");
  app.add_option("--dim", o.dim, "Override the embedding size");
  app.add_option("--heads", o.heads, "Override the attention heads");
  app.add_option("--kv-heads", o.kv_heads, "Override the KV heads");
  app.add_option("--ff", o.ff, "Override the feed-forward size");
  app.add_option("--vocab", o.vocab, "Override the vocabulary size (synthetic tokenizer)");
  app.add_option("--context", o.context, "Override the context length");
  app.add_option("--vocab-file", o.vocab_file, "GGUF to copy tokenizer.* from, or 'none'");
  app.add_option("--chat-template", o.chat_template, "Jinja file to embed, or 'none'");
  app.add_option("--shared-dir", o.shared_dir, "Shared folder with fixtures/tokenizer");
  app.add_option("--seed", o.seed, "Random seed");
  CLI11_PARSE(app, argc, argv);
  hearth::Status status = hearth::Run(o);
  if (!status.ok()) {
    std::fprintf(stderr, "make_random_model: %s\n", status.message().c_str());
    return 1;
  }
  return 0;
}
