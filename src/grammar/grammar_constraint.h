// GrammarConstraint: constrained generation with a grammar. Before each sample it masks every
// token whose bytes cannot continue the text toward a sentence of the grammar; after each
// chosen token it follows the text.
//
//   auto vocabulary = GrammarVocabulary::FromTokenizer(model.tokenizer());  // once per model
//   auto grammar = std::make_shared<const Grammar>(JsonObjectGrammar());      // or a schema's
//   auto constraint = std::make_unique<GrammarConstraint>(grammar, vocabulary);
//   sampler.SetTokenMask(constraint.get());
//   while (!constraint->IsFinished()) {
//     const TokenId token = sampler.Sample(logits);
//     constraint->Accept(token);   // and sampler.Accept(token), decode, ...
//   }
//
// Rules:
//   - text tokens are allowed when their bytes continue the text (a token may end inside a
//     multi-byte character if that character can still be completed);
//   - end-of-generation tokens are allowed only when the text is a complete sentence;
//   - control, unknown and unused tokens are never allowed (see GrammarVocabulary);
//   - logits past the vocabulary's size (padded output heads) are masked.
// IsFinished() is true once the text is complete and nothing may follow it, or after an end
// token was accepted.
//
// Finishing in time: when the engine's token budget (SetTokenBudget: max_tokens or the context
// left) is down to the last few tokens, a token is allowed only if the text after it can still
// be completed in the tokens left, counting its shortest completion (ShortestCompletion, e.g.
// `"}]}` inside a JSON string) at one token per byte. So the text is a complete sentence
// before it is cut: JSON mode output parses even at max_tokens. (If the text already needs
// more than the budget, the prefixes of its shortest completion are allowed: the nearest.)
//
// If the grammar cannot be followed (a grammar too ambiguous for the matcher's bounds, a token
// that Apply() did not allow, or no token at all that can continue), status() says why; from
// then on only end-of-generation tokens are allowed and IsFinished() is true, so the engine
// stops instead of producing text that breaks the grammar.
//
// Cost of Apply() on the Llama 3 vocabulary (128K tokens, bench/grammar_bench.cc): about
// 20 us where few tokens fit (object start, numbers) and 0.3-0.7 ms inside strings, where
// nearly all do; a state's first visit costs up to about twice that.
//
// One per request, used on the engine thread only. The grammar and vocabulary are shared.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "grammar/grammar.h"
#include "grammar/grammar_matcher.h"
#include "grammar/grammar_vocabulary.h"
#include "sampling/token_constraint.h"

namespace hearth {

class GrammarConstraint final : public TokenConstraint {
 public:
  GrammarConstraint(std::shared_ptr<const Grammar> grammar,
                    std::shared_ptr<const GrammarVocabulary> vocabulary);

  // TokenMask / TokenConstraint.
  void Apply(std::span<float> logits) override;
  void Accept(int32_t token) override;
  bool IsFinished() const override;
  void SetTokenBudget(int32_t tokens_left) override { budget_ = tokens_left; }

  // The tokens Apply() would allow now, as bits (token t: word t / 64, bit t % 64) over the
  // vocabulary. Valid until the next call.
  std::span<const uint64_t> AllowedTokens();
  // The text accepted so far is a sentence of the grammar.
  bool IsComplete() const { return matcher_.IsComplete(); }
  const Status& status() const { return error_; }

 private:
  // Records the first error (status()).
  void Fail(Status status);
  // Fills allowed_positions_ and end_allowed_ for the current text.
  void ComputeMask();
  // Near the end of the budget, drops from the mask the tokens after which the text could not
  // be completed in time (see the class comment).
  void KeepTokensThatFinishInTime();
  // ShortestCompletion's length from `state`, remembered for this mask; SIZE_MAX for none.
  size_t CompletionLength(StateId state);
  // Apply() when few tokens are allowed: keeps their logits, bans the whole row.
  void BanAllButAllowed(std::span<float> logits);
  // Apply() when most tokens are allowed: bans the refused ones one by one.
  void BanEachRefused(std::span<float> logits);

  GrammarMatcher matcher_;
  std::shared_ptr<const GrammarVocabulary> vocabulary_;
  // Bit i: the trie's token vocabulary_->trie().tokens()[i] is allowed. [ceil(n / 64)]
  std::vector<uint64_t> allowed_positions_;
  bool end_allowed_ = false;                     // end-of-generation tokens are allowed
  std::vector<uint64_t> allowed_ids_;            // AllowedTokens(): bit t for token t
  std::vector<std::pair<TokenId, float>> kept_;  // scratch of BanAllButAllowed
  Status error_;
  bool ended_ = false;  // an end-of-generation token was accepted
  int32_t budget_ = INT32_MAX;           // SetTokenBudget
  bool closing_ = false;                 // the mask is closing_tokens_ (+ end tokens)
  std::vector<TokenId> closing_tokens_;  // KeepTokensThatFinishInTime's fallback
  std::unordered_map<StateId, size_t> completion_lengths_;  // CompletionLength
};

}  // namespace hearth
