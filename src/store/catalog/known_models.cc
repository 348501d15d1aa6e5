#include "store/catalog/known_models.h"

#include <cctype>

#include "base/ascii.h"

namespace hearth::catalog {
namespace {

constexpr uint64_t kMB = 1000ull * 1000;
constexpr uint64_t kGB = 1000ull * kMB;

// A dense decoder: config.json's num_hidden_layers, hidden_size, num_attention_heads,
// num_key_value_heads, head_dim, intermediate_size, vocab_size, max_position_embeddings.
TransformerShape Dense(int32_t n_layer, int32_t n_embd, int32_t n_head, int32_t n_head_kv,
                       int32_t head_dim, int32_t n_ff, int32_t n_vocab, int32_t n_ctx) {
  TransformerShape s;
  s.n_layer = n_layer;
  s.n_embd = n_embd;
  s.n_head = n_head;
  s.n_head_kv = n_head_kv;
  s.head_dim = head_dim;
  s.n_ff = n_ff;
  s.n_vocab = n_vocab;
  s.n_ctx_train = n_ctx;
  return s;
}

TransformerShape Experts(TransformerShape s, int32_t n_expert, int32_t n_expert_used) {
  s.n_expert = n_expert;
  s.n_expert_used = n_expert_used;
  return s;
}

// Gemma 2: layers alternate between sliding-window (even) and global attention.
TransformerShape Sliding(TransformerShape s, int32_t window) {
  s.attention = AttentionKind::kSlidingAlternating;
  s.sliding_window = window;
  return s;
}

// DeepSeek V2/V3 multi-head latent attention: the cache holds, per token and layer, the
// compressed KV (kv_lora_rank) and the shared rope key (qk_rope_head_dim); head_dim is
// qk_nope_head_dim + qk_rope_head_dim (128 + 64); n_ff is moe_intermediate_size.
TransformerShape Latent(TransformerShape s, int32_t kv_lora_rank, int32_t rope_head_dim) {
  s.attention = AttentionKind::kLatent;
  s.kv_lora_rank = kv_lora_rank;
  s.rope_head_dim = rope_head_dim;
  return s;
}

// Whisper (ModelDimensions): n_text_layer, n_text_state, n_text_head, n_audio_layer; the FFN is
// 4 * state, the text context 448 positions, the audio context 1500.
TransformerShape Whisper(int32_t n_text_layer, int32_t n_state, int32_t n_head,
                         int32_t n_audio_layer, int32_t n_vocab) {
  TransformerShape s = Dense(n_text_layer, n_state, n_head, n_head, n_state / n_head,
                             4 * n_state, n_vocab, 448);
  s.n_encoder_layer = n_audio_layer;
  s.n_audio_ctx = 1500;
  return s;
}

std::vector<KnownModel> BuildCatalog() {
  using K = ModelKind;
  std::vector<KnownModel> m;
  // ---- Chat LLMs --------------------------------------------------------------------------
  m.push_back({"llama3.1:8b", "Llama 3.1 8B", K::kChat, 8.03, 8.03,
               Dense(32, 4096, 32, 8, 128, 14336, 128256, 131072), "llama3.1:8b-instruct-",
               "bartowski/Meta-Llama-3.1-8B-Instruct-GGUF",
               {{"F16", 16070 * kMB, "bartowski"}, {"Q8_0", 8540 * kMB, "bartowski"},
                {"Q4_K_M", 4920 * kMB, "bartowski"}},
               {}, ""});
  m.push_back({"llama3.1:70b", "Llama 3.1 70B", K::kChat, 70.55, 70.55,
               Dense(80, 8192, 64, 8, 128, 28672, 128256, 131072), "llama3.1:70b-instruct-",
               "bartowski/Meta-Llama-3.1-70B-Instruct-GGUF",
               {{"Q4_K_M", 42520 * kMB, "bartowski"}}, {}, ""});
  m.push_back({"llama3.1:405b", "Llama 3.1 405B", K::kChat, 405.85, 405.85,
               Dense(126, 16384, 128, 8, 128, 53248, 128256, 131072),
               "llama3.1:405b-instruct-", "bartowski/Meta-Llama-3.1-405B-Instruct-GGUF",
               {{"Q4_K_M", 243 * kGB, "ollama"}}, {}, ""});
  m.push_back({"mistral-nemo:12b", "Mistral Nemo 12B", K::kChat, 12.25, 12.25,
               Dense(40, 5120, 32, 8, 128, 14336, 131072, 1024000),
               "mistral-nemo:12b-instruct-2407-", "bartowski/Mistral-Nemo-Instruct-2407-GGUF",
               {{"Q4_K_M", 7480 * kMB, "bartowski"}}, {},
               "config allows 1M positions; trained and evaluated to 128K"});
  m.push_back({"mixtral:8x7b", "Mixtral 8x7B", K::kChat, 46.70, 12.88,
               Experts(Dense(32, 4096, 32, 8, 128, 14336, 32000, 32768), 8, 2),
               "mixtral:8x7b-instruct-v0.1-", "TheBloke/Mixtral-8x7B-Instruct-v0.1-GGUF", {}, {},
               ""});
  m.push_back({"mixtral:8x22b", "Mixtral 8x22B", K::kChat, 140.62, 39.15,
               Experts(Dense(56, 6144, 48, 8, 128, 16384, 32768, 65536), 8, 2),
               "mixtral:8x22b-instruct-v0.1-", "MaziyarPanahi/Mixtral-8x22B-Instruct-v0.1-GGUF",
               {}, {}, ""});
  m.push_back({"qwen2.5:72b", "Qwen2.5 72B", K::kChat, 72.71, 72.71,
               Dense(80, 8192, 64, 8, 128, 29568, 152064, 32768), "qwen2.5:72b-instruct-",
               "bartowski/Qwen2.5-72B-Instruct-GGUF", {{"Q4_K_M", 47420 * kMB, "bartowski"}}, {},
               "128K context with YaRN rope scaling (not enabled by default)"});
  m.push_back({"deepseek-v3:671b", "DeepSeek-V3 671B", K::kChat, 671.0, 37.0,
               Latent(Experts(Dense(61, 7168, 128, 128, 192, 2048, 129280, 163840), 256, 8), 512,
                      64),
               "deepseek-v3:671b-", "bartowski/deepseek-ai_DeepSeek-V3-0324-GGUF",
               {{"Q8_0", 713290 * kMB, "bartowski"}, {"Q6_K", 550800 * kMB, "bartowski"},
                {"Q5_K_M", 475400 * kMB, "bartowski"}, {"Q4_K_M", 404430 * kMB, "bartowski"}},
               130 * kGB,
               "MoE: 256 routed experts (8 per token) + 1 shared; first 3 layers dense (ff 18432); "
               "the 14B multi-token-prediction module is not in GGUF files"});
  m.push_back({"gemma2:9b", "Gemma 2 9B", K::kChat, 9.24, 9.24,
               Sliding(Dense(42, 3584, 16, 8, 256, 14336, 256000, 8192), 4096),
               "gemma2:9b-instruct-", "bartowski/gemma-2-9b-it-GGUF",
               {{"Q4_K_M", 5760 * kMB, "bartowski"}}, {}, ""});
  m.push_back({"gemma2:27b", "Gemma 2 27B", K::kChat, 27.23, 27.23,
               Sliding(Dense(46, 4608, 32, 16, 128, 36864, 256000, 8192), 4096),
               "gemma2:27b-instruct-", "bartowski/gemma-2-27b-it-GGUF",
               {{"Q4_K_M", 16650 * kMB, "bartowski"}}, {}, ""});
  m.push_back({"phi4:14b", "Phi-4 14B", K::kChat, 14.66, 14.66,
               Dense(40, 5120, 40, 10, 128, 17920, 100352, 16384), "phi4:14b-",
               "bartowski/phi-4-GGUF", {{"Q4_K_M", 9050 * kMB, "bartowski"}}, {}, ""});
  m.push_back({"command-r-plus:104b", "Command R+ 104B", K::kChat, 103.81, 103.81,
               Dense(64, 12288, 96, 8, 128, 33792, 256000, 131072), "command-r-plus:104b-",
               "bartowski/c4ai-command-r-plus-08-2024-GGUF", {}, {}, ""});
  m.push_back({"dbrx:132b", "DBRX 132B", K::kChat, 131.6, 36.0,
               Experts(Dense(40, 6144, 48, 8, 128, 10752, 100352, 32768), 16, 4),
               "dbrx:132b-instruct-", "mradermacher/dbrx-instruct-i1-GGUF",
               {{"Q4_K_M", 79900 * kMB, "mradermacher"}, {"Q2_K", 47900 * kMB, "mradermacher"}},
               {}, ""});
  m.push_back({"yi:34b", "Yi-1.5 34B", K::kChat, 34.39, 34.39,
               Dense(60, 7168, 56, 8, 128, 20480, 64000, 4096), "yi:34b-chat-v1.5-",
               "bartowski/Yi-1.5-34B-Chat-GGUF", {}, {},
               "4K context (Yi-1.5-34B-Chat-16K has 16K)"});
  // ---- Vision LLMs (parameters include the image encoder) ---------------------------------
  m.push_back({"llama3.2-vision:11b", "Llama 3.2 Vision 11B", K::kVision, 10.67, 10.67,
               Dense(40, 4096, 32, 8, 128, 14336, 128256, 131072),
               "llama3.2-vision:11b-instruct-", "meta-llama/Llama-3.2-11B-Vision-Instruct",
               {{"Q4_K_M", 7900 * kMB, "ollama"}}, {},
               "40 layers = 32 self-attention + 8 cross-attention (counted as self-attention in "
               "the KV cache: an upper bound); GGUF only in Ollama's library",
               0.9});
  m.push_back({"llama3.2-vision:90b", "Llama 3.2 Vision 90B", K::kVision, 88.6, 88.6,
               Dense(100, 8192, 64, 8, 128, 28672, 128256, 131072),
               "llama3.2-vision:90b-instruct-", "meta-llama/Llama-3.2-90B-Vision-Instruct",
               {{"Q4_K_M", 55 * kGB, "ollama"}}, {},
               "100 layers = 80 self-attention + 20 cross-attention (KV counted as "
               "self-attention: an upper bound); GGUF only in Ollama's library",
               0.9});
  m.push_back({"qwen2.5vl:72b", "Qwen2.5-VL 72B", K::kVision, 73.4, 73.4,
               Dense(80, 8192, 64, 8, 128, 29568, 152064, 128000), "qwen2.5vl:72b-",
               "bartowski/Qwen_Qwen2.5-VL-72B-Instruct-GGUF", {{"Q4_K_M", 49 * kGB, "ollama"}},
               {}, "the seed's Qwen-VL 72B; image encoder buffers not modelled", 0.675});
  // ---- Code LLMs --------------------------------------------------------------------------
  m.push_back({"deepseek-coder-v2:236b", "DeepSeek-Coder-V2 236B", K::kCode, 235.74, 21.0,
               Latent(Experts(Dense(60, 5120, 128, 128, 192, 1536, 102400, 163840), 160, 6), 512,
                      64),
               "deepseek-coder-v2:236b-instruct-", "bartowski/DeepSeek-Coder-V2-Instruct-GGUF",
               {{"Q4_K_M", 142450 * kMB, "bartowski"}}, {},
               "MoE: 160 routed experts (6 per token) + 2 shared; first layer dense"});
  m.push_back({"codestral:22b", "Codestral 22B", K::kCode, 22.25, 22.25,
               Dense(56, 6144, 48, 8, 128, 16384, 32768, 32768), "codestral:22b-v0.1-",
               "bartowski/Codestral-22B-v0.1-GGUF", {{"Q4_K_M", 13340 * kMB, "bartowski"}}, {},
               ""});
  m.push_back({"qwen2.5-coder:32b", "Qwen2.5-Coder 32B", K::kCode, 32.76, 32.76,
               Dense(64, 5120, 40, 8, 128, 27648, 152064, 32768), "qwen2.5-coder:32b-instruct-",
               "bartowski/Qwen2.5-Coder-32B-Instruct-GGUF",
               {{"Q4_K_M", 19850 * kMB, "bartowski"}}, {}, ""});
  m.push_back({"codellama:70b", "CodeLlama 70B", K::kCode, 68.98, 68.98,
               Dense(80, 8192, 64, 8, 128, 28672, 32016, 16384), "codellama:70b-instruct-",
               "TheBloke/CodeLlama-70B-Instruct-GGUF", {{"Q4_K_M", 41420 * kMB, "TheBloke"}}, {},
               ""});
  // ---- Speech to text (whisper.cpp ggml files; F16 sizes as listed) -----------------------
  constexpr std::string_view kWhisperRepo = "ggerganov/whisper.cpp";
  m.push_back({"whisper:tiny", "Whisper tiny", K::kSpeechToText, 0.039, 0.039,
               Whisper(4, 384, 6, 4, 51865), "", kWhisperRepo,
               {{"F16", 77700 * kMB / 1000, "ggerganov/whisper.cpp"}}, {}, ""});
  m.push_back({"whisper:base", "Whisper base", K::kSpeechToText, 0.074, 0.074,
               Whisper(6, 512, 8, 6, 51865), "", kWhisperRepo,
               {{"F16", 148 * kMB, "ggerganov/whisper.cpp"}}, {}, ""});
  m.push_back({"whisper:small", "Whisper small", K::kSpeechToText, 0.244, 0.244,
               Whisper(12, 768, 12, 12, 51865), "", kWhisperRepo,
               {{"F16", 488 * kMB, "ggerganov/whisper.cpp"}}, {}, ""});
  m.push_back({"whisper:medium", "Whisper medium", K::kSpeechToText, 0.769, 0.769,
               Whisper(24, 1024, 16, 24, 51865), "", kWhisperRepo,
               {{"F16", 1530 * kMB, "ggerganov/whisper.cpp"}}, {}, ""});
  m.push_back({"whisper:large-v3", "Whisper large-v3", K::kSpeechToText, 1.55, 1.55,
               Whisper(32, 1280, 20, 32, 51866), "", kWhisperRepo,
               {{"F16", 3100 * kMB, "ggerganov/whisper.cpp"}}, {}, "128 mel bins"});
  m.push_back({"whisper:large-v3-turbo", "Whisper large-v3-turbo", K::kSpeechToText, 0.809,
               0.809, Whisper(4, 1280, 20, 32, 51866), "", kWhisperRepo,
               {{"F16", 1624 * kMB, "ggerganov/whisper.cpp"},
                {"Q5_0", 601976064, "ggerganov/whisper.cpp"}},
               {}, "large-v3's encoder with a 4-layer decoder"});
  // ---- Text to speech voices (sizes of the published files; no transformer shape) ---------
  m.push_back({"piper:en_US-lessac-medium", "Piper voice en_US lessac (medium)",
               K::kTextToSpeech, 0.015, 0.015, {}, "", "rhasspy/piper-voices",
               {{"F32", 63200 * kMB / 1000, "rhasspy/piper-voices"}}, {},
               "VITS voice, ONNX; one of ~100 Piper voices of similar size (x_low/low/medium)"});
  m.push_back({"piper:en_US-lessac-high", "Piper voice en_US lessac (high)", K::kTextToSpeech,
               0.028, 0.028, {}, "", "rhasspy/piper-voices",
               {{"F32", 114 * kMB, "rhasspy/piper-voices"}}, {}, "VITS voice, ONNX"});
  m.push_back({"kokoro:82m", "Kokoro 82M", K::kTextToSpeech, 0.082, 0.082, {}, "",
               "hexgrad/Kokoro-82M", {{"F32", 327 * kMB, "hexgrad/Kokoro-82M"}}, {},
               "StyleTTS2-style voice model; each extra voice pack is ~0.5 MB"});
  return m;
}

}  // namespace

std::string_view ModelKindName(ModelKind kind) {
  switch (kind) {
    case ModelKind::kChat: return "chat";
    case ModelKind::kVision: return "vision";
    case ModelKind::kCode: return "code";
    case ModelKind::kSpeechToText: return "stt";
    case ModelKind::kTextToSpeech: return "tts";
  }
  return "?";
}

const std::vector<KnownModel>& KnownModels() {
  static const std::vector<KnownModel> catalog = BuildCatalog();  // immutable after init
  return catalog;
}

const KnownModel* FindKnownModel(std::string_view name) {
  const KnownModel* by_family = nullptr;
  int family_matches = 0;
  for (const KnownModel& m : KnownModels()) {
    if (EqualsIgnoringAsciiCase(m.name, name)) return &m;
    const std::string_view family = m.name.substr(0, m.name.find(':'));
    if (EqualsIgnoringAsciiCase(family, name)) {
      by_family = &m;
      ++family_matches;
    }
  }
  return family_matches == 1 ? by_family : nullptr;
}

}  // namespace hearth::catalog
