// The catalog of well-known models: the models Hearth's seed names (chat, vision and code LLMs,
// Whisper, TTS voices) with their published architecture hyperparameters (the values of each
// model's config.json), where each is published, and file sizes per quant, so a plan can be
// made before anything is downloaded.
//
// The table is immutable data compiled into the binary; KnownModels() returns the same
// instance on every call and is safe to read from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace hearth::catalog {

enum class ModelKind {
  kChat,          // text LLM
  kVision,        // LLM with an image encoder (its parameters are counted in the weights)
  kCode,          // code LLM
  kSpeechToText,  // Whisper (encoder-decoder)
  kTextToSpeech,  // a TTS voice
};
std::string_view ModelKindName(ModelKind kind);  // "chat", "vision", "code", "stt", "tts"

// How a layer's keys and values are cached.
enum class AttentionKind {
  kFull,                // every layer caches n_head_kv * head_dim keys and values per token
  kSlidingAlternating,  // Gemma 2: every other layer attends only the last `sliding_window`
  kLatent,              // DeepSeek MLA: one compressed (kv_lora_rank + rope_head_dim) row
};

// Hyperparameters as config.json names them (in brackets). For Whisper, n_layer is the decoder
// (text) side and n_encoder_layer the audio side. Zero means "not applicable".
struct TransformerShape {
  int32_t n_layer = 0;          // num_hidden_layers
  int32_t n_embd = 0;           // hidden_size
  int32_t n_head = 0;           // num_attention_heads
  int32_t n_head_kv = 0;        // num_key_value_heads (MLA: = n_head, unused for the cache)
  int32_t head_dim = 0;         // head_dim (may differ from n_embd / n_head: Mistral Nemo)
  int32_t n_ff = 0;             // intermediate_size (MoE: of one expert)
  int32_t n_vocab = 0;          // vocab_size
  int32_t n_ctx_train = 0;      // max_position_embeddings (Whisper: n_text_ctx)
  int32_t n_expert = 0;         // routed experts; 0 for a dense model
  int32_t n_expert_used = 0;    // experts per token
  AttentionKind attention = AttentionKind::kFull;
  int32_t sliding_window = 0;   // kSlidingAlternating
  int32_t kv_lora_rank = 0;     // kLatent
  int32_t rope_head_dim = 0;    // kLatent: qk_rope_head_dim
  int32_t n_encoder_layer = 0;  // Whisper: audio encoder layers
  int32_t n_audio_ctx = 0;      // Whisper: encoder positions (1500 = 30 s)
};

// A file size somebody publishes (decimal bytes as the listing shows them).
struct PublishedSize {
  std::string_view quant;  // QuantType::name
  uint64_t bytes;
  std::string_view where;  // "bartowski", "ollama", "ggerganov/whisper.cpp", ...
};

struct KnownModel {
  std::string_view name;          // Hearth's (= Ollama's) name: "llama3.1:70b"
  std::string_view display_name;  // "Llama 3.1 70B"
  ModelKind kind;
  double params_b;          // parameters, billions (all experts; vision encoder included)
  double active_params_b;   // per token (MoE); = params_b for dense models
  TransformerShape shape;
  std::string_view ollama_tag_prefix;  // + QuantType::ollama_tag; "" if not in Ollama's library
  std::string_view hf_repo;            // a Hugging Face repository publishing GGUF/ggml files
  std::vector<PublishedSize> published;  // sizes known from listings; others are computed
  std::optional<uint64_t> seed_q4km_bytes;  // the seed's claimed Q4_K_M size, where it gave one
  std::string_view note;                    // caveats, or ""
  double f16_params_b = 0;  // parameters every quant keeps at F16 (a vision encoder), billions
};

// Every known model, in the seed's order.
const std::vector<KnownModel>& KnownModels();

// The model named `name`: its exact name, or its name without the ":tag" when that is unique
// ("deepseek-v3" finds "deepseek-v3:671b"); case-insensitive. Null if none.
const KnownModel* FindKnownModel(std::string_view name);

}  // namespace hearth::catalog
