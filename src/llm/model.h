// Model: a GGUF language model opened for inference: the file (mapped, weights used in place),
// its config, its tokenizer and its architecture's forward pass.
//
// Immutable after Open: share one Model between threads and sessions freely. Everything that
// changes while generating (KV cache, activations) lives in a Session (session.h) or, for
// batches of many sequences, in a KvCache + ForwardScratch owned by the caller.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "base/thread_pool.h"
#include "gguf/gguf_file.h"
#include "kernels/kernel_set.h"
#include "llm/batch.h"
#include "llm/forward_scratch.h"
#include "llm/kv_cache.h"
#include "llm/model_config.h"

namespace hearth {

class ArchModel;
class Tokenizer;

struct LoadOptions {
  // The kernels to run; null = BestKernels() (the CPU's best ISA, or HEARTH_ISA's choice).
  // Tests pass KernelsFor(Isa::kScalar) to compare against the reference kernels.
  const KernelSet* kernels = nullptr;
  // A split model's parts after the first, in order, when their names do not say so (the
  // store's blobs). A first part named "<name>-00001-of-0000N.gguf" finds its siblings itself.
  std::vector<std::string> more_parts;
};

class Model {
 public:
  // Opens, validates and prepares the model at `path`. Errors name the file and the key or
  // tensor at fault; an architecture Hearth does not run is Unimplemented, listing those it
  // does.
  static Result<std::unique_ptr<Model>> Open(const std::string& path,
                                             const LoadOptions& options = {});
  ~Model();
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  const ModelConfig& config() const { return config_; }
  const Tokenizer& tokenizer() const { return *tokenizer_; }
  const GgufFile& file() const { return file_; }
  const KernelSet& kernels() const { return *kernels_; }
  // Bytes of the tensors the forward pass uses (token embedding included, once).
  uint64_t weight_bytes() const { return weight_bytes_; }
  // Bytes of weights one decoded token streams (all but the embedding rows not looked up).
  uint64_t bytes_per_token() const;

  // One forward pass of `batch` (at most scratch.n_batch() entries) over `kv`: appends each
  // entry's keys and values to its sequence's slot and leaves the logits of the output
  // entries in scratch.logits() ([batch.n_outputs(), n_vocab], in batch order). Returns an
  // error, and changes nothing, if the batch is empty or too large, a token is outside the
  // vocabulary, a slot does not exist, a sequence's positions do not continue at
  // kv.length(seq), or a position is past the cache's capacity.
  // Thread-safety: concurrent calls need distinct kv, scratch and pool.
  Status Forward(const Batch& batch, KvCache& kv, ForwardScratch& scratch, ThreadPool& pool) const;

 private:
  Model(GgufFile file, const KernelSet& kernels);
  Status Load();
  // Checks the batch and fills scratch.output_rows / next_pos.
  Status PrepareBatch(const Batch& batch, const KvCache& kv, ForwardScratch& scratch) const;

  GgufFile file_;
  const KernelSet* kernels_;
  ModelConfig config_;
  std::unique_ptr<Tokenizer> tokenizer_;
  std::unique_ptr<ArchModel> arch_;
  uint64_t weight_bytes_ = 0;
};

}  // namespace hearth
