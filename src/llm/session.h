// Session: one sequence being generated with a Model: its KV cache, its activation buffers
// and its position. The convenience wrapper over Model::Forward that `hearth run`, `bench`
// and `perplexity` use; continuous batching drives Model::Forward directly with a KvCache of
// many slots.
//
// Not thread-safe. Uses `pool` for the parallel work of each pass; the Model and the pool
// must outlive the session. Memory (KV cache for n_ctx positions, buffers for n_batch tokens)
// is allocated at construction; decoding allocates nothing afterwards, except that
// Decode(..., all_logits = true) grows the logits buffer to the largest input seen.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "base/status.h"
#include "base/thread_pool.h"
#include "llm/batch.h"
#include "llm/forward_scratch.h"
#include "llm/kv_cache.h"
#include "llm/model.h"

namespace hearth {

struct SessionOptions {
  int32_t n_ctx = 0;      // positions the session can hold; <= 0: min(training context, 4096)
  int32_t n_batch = 512;  // tokens per forward pass (prompts are split); <= 0: 512
};

class Session {
 public:
  Session(const Model& model, ThreadPool& pool, const SessionOptions& options = {});
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Appends `tokens` at positions n_past().. and runs them through the model, in passes of
  // at most n_batch() tokens. Returns the logits of the last token ([n_vocab]), or of every
  // token ([tokens.size()][n_vocab]) when all_logits; the span stays valid until the next
  // call. Errors (nothing is appended): no tokens, a token outside the vocabulary
  // (InvalidArgument), or n_past() + tokens.size() > n_ctx() (OutOfRange).
  Result<std::span<const float>> Decode(std::span<const TokenId> tokens, bool all_logits = false);

  int32_t n_past() const { return kv_.length(0); }
  int32_t n_ctx() const { return kv_.capacity(); }
  int32_t n_batch() const { return scratch_.n_batch(); }
  // Forgets positions >= n_tokens (chat /clear with 0, prefix reuse); no-op if n_tokens >=
  // n_past(). n_tokens < 0 counts as 0.
  void TruncateTo(int32_t n_tokens);
  size_t kv_bytes() const { return kv_.bytes(); }
  const Model& model() const { return model_; }

 private:
  Status CheckInput(std::span<const TokenId> tokens) const;

  const Model& model_;
  ThreadPool& pool_;
  KvCache kv_;  // one slot
  ForwardScratch scratch_;
  Batch batch_;
  std::vector<float> all_logits_;  // [tokens, n_vocab] of the last all_logits Decode
};

}  // namespace hearth
