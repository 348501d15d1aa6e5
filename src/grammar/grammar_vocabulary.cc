#include "grammar/grammar_vocabulary.h"

#include <algorithm>
#include <utility>

namespace hearth {

GrammarVocabulary::GrammarVocabulary(const std::vector<std::string>& pieces,
                                     std::vector<TokenId> end_of_generation)
    : end_of_generation_(std::move(end_of_generation)) {
  std::erase_if(end_of_generation_,
                [&](TokenId id) { return id < 0 || size_t(id) >= pieces.size(); });
  std::sort(end_of_generation_.begin(), end_of_generation_.end());
  offsets_.reserve(pieces.size() + 1);
  offsets_.push_back(0);
  for (size_t id = 0; id < pieces.size(); ++id) {
    if (!IsEndOfGeneration(TokenId(id))) arena_ += pieces[id];
    offsets_.push_back(uint32_t(arena_.size()));
  }
  std::vector<std::pair<int32_t, std::string_view>> text_tokens;
  for (int32_t id = 0; id < size(); ++id) {
    if (!Piece(id).empty()) text_tokens.emplace_back(id, Piece(id));
  }
  trie_ = TokenTrie(std::move(text_tokens));
  std::vector<bool> listed(pieces.size(), false);
  for (TokenId id : trie_.tokens()) listed[size_t(id)] = true;
  for (TokenId id : end_of_generation_) listed[size_t(id)] = true;
  for (size_t id = 0; id < listed.size(); ++id) {
    if (!listed[id]) never_allowed_.push_back(TokenId(id));
  }
}

bool GrammarVocabulary::IsEndOfGeneration(TokenId id) const {
  return std::binary_search(end_of_generation_.begin(), end_of_generation_.end(), id);
}

std::shared_ptr<const GrammarVocabulary> GrammarVocabulary::FromPieces(
    const std::vector<std::string>& pieces, const std::vector<TokenId>& end_of_generation) {
  return std::shared_ptr<const GrammarVocabulary>(new GrammarVocabulary(pieces, end_of_generation));
}

std::shared_ptr<const GrammarVocabulary> GrammarVocabulary::FromTokenizer(
    const Tokenizer& tokenizer) {
  std::vector<std::string> pieces(size_t(tokenizer.vocab_size()));
  std::vector<TokenId> end_of_generation;
  for (TokenId id = 0; id < tokenizer.vocab_size(); ++id) {
    if (tokenizer.IsEndOfGeneration(id)) {
      end_of_generation.push_back(id);
    } else if (!tokenizer.IsControl(id)) {
      pieces[size_t(id)] = tokenizer.TokenToPiece(id);  // "" for unknown and unused tokens
    }
  }
  return FromPieces(pieces, end_of_generation);
}

}  // namespace hearth
