// The memory planner: how many bytes a model needs once loaded by Hearth's engine, from its
// shape and its weights' size, before (catalog) or without (GGUF header) loading it.
//
//   model bytes = weights + KV cache + compute buffers + vocabulary tables
//   process     = sum of the loaded models' bytes + runtime (the process before any model)
//
// The terms follow what llm/ and engine/ allocate (see docs/planner.md for the derivation and
// the measured accuracy):
//   weights     the GGUF file, mapped (header + tensors; every page is read while loading)
//   KV cache    llm::KvCache: n_layer x n_parallel x n_ctx x n_head_kv x head_dim x 2 (K, V)
//               x bytes per element (f16: 2; q8_0: 34/32 and f32: 4 as llama.cpp would store
//               them: Hearth's engine stores f16). n_ctx is per sequence slot, exactly like
//               EngineOptions::n_ctx, so n_parallel slots hold n_parallel x n_ctx positions.
//               MLA models (DeepSeek) cache (kv_lora_rank + rope_head_dim) values per token
//               and layer, once (no separate V); Gemma 2's sliding layers hold at most the
//               window when sliding_window_cache is set (Hearth's KvCache gives every layer the
//               full context, so it is off by default).
//   compute     llm::ForwardScratch for n_batch tokens (f32 activations, logits rows, the
//               attention score rows of every thread) + the matmul activation scratch.
//   vocabulary  the tokenizer's tables, per vocabulary entry.
//
// Pure functions of their arguments; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "store/catalog/known_models.h"

namespace hearth::planner {

enum class KvType { kF16, kQ8_0, kF32 };
// "f16", "q8_0", "f32" (case-insensitive); InvalidArgument names the value and the choices.
Result<KvType> ParseKvType(std::string_view name);
std::string_view KvTypeName(KvType type);  // "f16", "q8_0", "f32"
double KvBytesPerElement(KvType type);     // 2, 34/32, 4

// Fixed costs, measured on Linux x86-64 with the Release build by `hearth plan FILE --measure`
// (docs/planner.md):
// the hearth process before loading any model (binary, libraries, heap): measured 14.0-14.4 MB;
inline constexpr uint64_t kRuntimeBytes = 14ull << 20;
// per model, what loading adds beyond the terms below (engine bookkeeping, the chat template,
// the code pages the first forward pass touches): measured 1.5-1.7 MB;
inline constexpr uint64_t kModelFixedBytes = 1600ull << 10;
// per vocabulary entry, the tokenizer's tables (piece strings, hash maps, scores): measured
// 116 bytes on a 32,000-token SentencePiece vocabulary;
inline constexpr uint64_t kVocabularyBytesPerToken = 116;
// per compute thread (stack pages and the malloc arena a pool thread touches).
inline constexpr uint64_t kThreadBytes = 256ull << 10;

// What the planner needs to know about a model.
struct ModelGeometry {
  std::string name;
  catalog::ModelKind kind = catalog::ModelKind::kChat;
  catalog::TransformerShape shape;
  uint64_t weight_bytes = 0;  // file bytes (local GGUF) or the catalog's size at a quant
};

// How the model would be run: EngineOptions' meaning and defaults.
struct PlanOptions {
  int32_t n_ctx = 4096;    // positions per sequence slot
  int32_t n_parallel = 1;  // sequence slots
  KvType kv_type = KvType::kF16;
  int32_t n_batch = 512;   // tokens per forward pass (the engine raises it to n_parallel)
  int n_threads = 16;      // compute threads (M2 Ultra: 16 performance cores)
  bool sliding_window_cache = false;  // see the header comment
};

struct MemoryEstimate {
  uint64_t weights = 0;
  uint64_t kv_cache = 0;
  uint64_t compute = 0;
  uint64_t vocabulary = 0;
  uint64_t threads = 0;
  uint64_t fixed = 0;  // kModelFixedBytes for an LLM
  // What loading the model adds to the process.
  uint64_t model_bytes() const {
    return weights + kv_cache + compute + vocabulary + threads + fixed;
  }
};

uint64_t KvCacheBytes(const catalog::TransformerShape& shape, const PlanOptions& options);
uint64_t ComputeBytes(const catalog::TransformerShape& shape, const PlanOptions& options);
MemoryEstimate EstimateMemory(const ModelGeometry& model, const PlanOptions& options);

// The largest n_ctx (a multiple of 256, at most the model's training context; the training
// context itself when everything fits) such that runtime + model_bytes <= budget_bytes, with the
// other options as given; 0 when not even 256 positions fit. Whisper and TTS models have a fixed
// context: their n_ctx_train when they fit, else 0.
int32_t LargestContext(const ModelGeometry& model, PlanOptions options, uint64_t budget_bytes);

// Whether runtime + model_bytes fits in budget_bytes.
bool Fits(const MemoryEstimate& estimate, uint64_t budget_bytes);

}  // namespace hearth::planner
