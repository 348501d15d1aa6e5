#include "llm/session.h"

#include <algorithm>
#include <cstring>

namespace hearth {
namespace {

int32_t ContextSize(const Model& model, const SessionOptions& options) {
  if (options.n_ctx > 0) return options.n_ctx;
  return std::min(model.config().n_ctx_train, 4096);
}

int32_t BatchSize(const SessionOptions& options, int32_t n_ctx) {
  const int32_t n_batch = options.n_batch > 0 ? options.n_batch : 512;
  return std::min(n_batch, n_ctx);
}

}  // namespace

Session::Session(const Model& model, ThreadPool& pool, const SessionOptions& options)
    : model_(model),
      pool_(pool),
      kv_(model.config(), /*n_seq=*/1, ContextSize(model, options)),
      scratch_(model.config(), BatchSize(options, kv_.capacity()), kv_.capacity(), pool.size()),
      batch_(scratch_.n_batch()) {}

Status Session::CheckInput(std::span<const TokenId> tokens) const {
  if (tokens.empty()) return InvalidArgument("no tokens to decode");
  const int32_t n_vocab = model_.config().n_vocab;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i] < 0 || tokens[i] >= n_vocab) {
      return InvalidArgument("token id " + std::to_string(tokens[i]) + " at index " +
                             std::to_string(i) + " is outside the vocabulary [0, " +
                             std::to_string(n_vocab) + ")");
    }
  }
  if (int64_t(n_past()) + int64_t(tokens.size()) > n_ctx()) {
    return OutOfRange("context full: " + std::to_string(n_past()) + " tokens + " +
                      std::to_string(tokens.size()) + " new exceed the context of " +
                      std::to_string(n_ctx()));
  }
  return Status::Ok();
}

Result<std::span<const float>> Session::Decode(std::span<const TokenId> tokens, bool all_logits) {
  HEARTH_RETURN_IF_ERROR(CheckInput(tokens));
  const size_t n_vocab = size_t(model_.config().n_vocab);
  if (all_logits && all_logits_.size() < tokens.size() * n_vocab) {
    all_logits_.resize(tokens.size() * n_vocab);
  }
  for (size_t begin = 0; begin < tokens.size(); begin += size_t(n_batch())) {
    const auto chunk = tokens.subspan(begin, std::min(size_t(n_batch()), tokens.size() - begin));
    const bool last_chunk = begin + chunk.size() == tokens.size();
    batch_.Clear();
    batch_.AddSequence(chunk, n_past(), /*seq=*/0, all_logits, last_chunk);
    HEARTH_RETURN_IF_ERROR(model_.Forward(batch_, kv_, scratch_, pool_));
    if (all_logits) {
      std::memcpy(all_logits_.data() + begin * n_vocab, scratch_.logits(),
                  chunk.size() * n_vocab * sizeof(float));
    }
  }
  if (all_logits) return std::span<const float>(all_logits_.data(), tokens.size() * n_vocab);
  return std::span<const float>(scratch_.logits(), n_vocab);
}

void Session::TruncateTo(int32_t n_tokens) { kv_.Truncate(0, std::max(n_tokens, 0)); }

}  // namespace hearth
