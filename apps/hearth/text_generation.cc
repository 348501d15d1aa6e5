#include "text_generation.h"

#include <chrono>
#include <cstdio>

namespace hearth::cli {
namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double Rate(int64_t tokens, double seconds) { return seconds > 0 ? double(tokens) / seconds : 0; }

}  // namespace

Result<GenerationStats> Generate(Session& session, Sampler& sampler, const Tokenizer& tokenizer,
                                 std::span<const TokenId> prompt, const GenerationLimits& limits,
                                 const std::function<void(std::string_view)>& on_text,
                                 std::vector<TokenId>* generated) {
  GenerationStats stats;
  if (prompt.empty()) return InvalidArgument("the prompt is empty (no tokens to start from)");
  for (TokenId t : prompt) sampler.Accept(t);

  const auto prompt_start = std::chrono::steady_clock::now();
  HEARTH_ASSIGN_OR_RETURN(std::span<const float> logits, session.Decode(prompt));
  stats.prompt_tokens = int64_t(prompt.size());
  stats.prompt_seconds = SecondsSince(prompt_start);

  TokenStreamDecoder text(tokenizer);
  const auto generate_start = std::chrono::steady_clock::now();
  for (;;) {
    if (limits.cancel != nullptr && limits.cancel->load()) {
      stats.finish = FinishReason::kCancelled;
      break;
    }
    if (limits.max_tokens >= 0 && stats.generated_tokens >= limits.max_tokens) {
      stats.finish = FinishReason::kLength;
      break;
    }
    const TokenId token = sampler.Sample(logits);
    if (tokenizer.IsEndOfGeneration(token)) {
      stats.finish = FinishReason::kEndOfGeneration;
      break;
    }
    sampler.Accept(token);
    ++stats.generated_tokens;
    if (generated != nullptr) generated->push_back(token);
    if (std::string piece = text.Push(token); !piece.empty()) on_text(piece);
    if (session.n_past() >= session.n_ctx()) {
      stats.finish = FinishReason::kContextFull;
      break;
    }
    const TokenId next[1] = {token};
    HEARTH_ASSIGN_OR_RETURN(logits, session.Decode(next));
  }
  if (std::string rest = text.Finish(); !rest.empty()) on_text(rest);
  stats.generate_seconds = SecondsSince(generate_start);
  return stats;
}

void PrintGenerationStats(const GenerationStats& s, double load_seconds) {
  const double total = load_seconds + s.prompt_seconds + s.generate_seconds;
  std::fprintf(stderr, "\ntotal duration:       %.3fs\n", total);
  if (load_seconds > 0) std::fprintf(stderr, "load duration:        %.3fs\n", load_seconds);
  std::fprintf(stderr, "prompt eval count:    %lld token(s)\n", (long long)s.prompt_tokens);
  std::fprintf(stderr, "prompt eval duration: %.3fs\n", s.prompt_seconds);
  std::fprintf(stderr, "prompt eval rate:     %.2f tokens/s\n",
               Rate(s.prompt_tokens, s.prompt_seconds));
  std::fprintf(stderr, "eval count:           %lld token(s)\n", (long long)s.generated_tokens);
  std::fprintf(stderr, "eval duration:        %.3fs\n", s.generate_seconds);
  std::fprintf(stderr, "eval rate:            %.2f tokens/s\n",
               Rate(s.generated_tokens, s.generate_seconds));
}

}  // namespace hearth::cli
