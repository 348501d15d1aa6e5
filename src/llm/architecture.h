// The per-architecture part of a model, and the registry that picks it by
// `general.architecture`.
//
// An architecture is one file under llm/arch/ (llama.cc, qwen2.cc, ...): a loader that finds
// and checks its tensors (WeightReader) and returns an ArchModel whose Forward runs a batch
// through the network with the shared blocks of llm/blocks.h. Adding one = one file plus one
// line in the registry (architecture.cc).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "base/thread_pool.h"
#include "kernels/kernel_set.h"
#include "kernels/rope.h"
#include "llm/batch.h"
#include "llm/forward_scratch.h"
#include "llm/kv_cache.h"
#include "llm/model_config.h"
#include "llm/weights.h"

namespace hearth {

// Everything one forward pass touches. The batch has been validated against the model and
// the cache (Model::Forward), and scratch.output_rows lists its output entries.
struct ForwardContext {
  const KernelSet& kernels;
  ThreadPool& pool;
  const ModelConfig& config;
  const Batch& batch;
  KvCache& kv;
  ForwardScratch& scratch;

  int64_t n_tokens() const { return batch.size(); }
};

// Weights of one architecture plus its forward pass. Immutable after loading; Forward may run
// concurrently on different contexts.
class ArchModel {
 public:
  virtual ~ArchModel() = default;
  // Writes every batch entry's keys and values into ctx.kv (at its position, in its slot)
  // and the logits of the output entries into ctx.scratch.logits ([n_outputs, n_vocab], in
  // batch order). Clobbers the rest of ctx.scratch.
  virtual void Forward(ForwardContext& ctx) const = 0;
  // Bytes of weights one decoded token reads (every matrix and vector, the embedding table
  // excluded unless it doubles as the output head): the numerator of decode GB/s.
  virtual uint64_t bytes_per_token() const = 0;
};

using ArchLoader = Result<std::unique_ptr<ArchModel>> (*)(const ModelConfig& config,
                                                          WeightReader& weights);

struct Architecture {
  std::string_view name;  // general.architecture
  RopeStyle rope_style;
  ArchLoader load;
};

// The registered architecture called `name`, or null.
const Architecture* FindArchitecture(std::string_view name);
// "llama, qwen2" (for error messages).
std::string SupportedArchitectures();

}  // namespace hearth
