#include "tokenizer/tokenizer.h"

#include <algorithm>

#include "tokenizer/tokenizer_data.h"

namespace hearth {

using tokenizer_internal::TokenizerData;

Result<Tokenizer> Tokenizer::FromGguf(const GgufFile& file) {
  HEARTH_ASSIGN_OR_RETURN(std::unique_ptr<TokenizerData> data,
                          tokenizer_internal::LoadTokenizerData(file));
  return Tokenizer(std::move(data));
}

Tokenizer::Tokenizer(std::unique_ptr<const TokenizerData> data) : data_(std::move(data)) {}
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

std::vector<TokenId> Tokenizer::Encode(std::string_view text, const EncodeOptions& options) const {
  return tokenizer_internal::EncodeText(*data_, text, options.add_special, options.parse_special);
}

std::string Tokenizer::TokenToPiece(TokenId id, bool render_special) const {
  const Vocabulary& vocab = data_->vocab;
  if (!vocab.Contains(id)) return "";
  if (!render_special && vocab.HasAttr(id, kAttrControl | kAttrUnknown)) return "";
  return std::string(data_->pieces.Piece(id));
}

std::string Tokenizer::Decode(std::span<const TokenId> ids, bool render_special) const {
  const Vocabulary& vocab = data_->vocab;
  std::string text;
  bool strip_leading_space = data_->add_space_prefix;
  for (TokenId id : ids) {
    std::string_view piece;
    if (vocab.Contains(id) && (render_special || !vocab.HasAttr(id, kAttrControl | kAttrUnknown))) {
      piece = data_->pieces.Piece(id);
      if (strip_leading_space && !piece.empty() && piece.front() == ' ') piece.remove_prefix(1);
    }
    strip_leading_space = false;  // only the first token's piece, even when it is empty
    text.append(piece);
  }
  if (data_->clean_spaces) CleanUpSpaces(&text);
  return text;
}

std::string_view Tokenizer::TokenText(TokenId id) const {
  return data_->vocab.Contains(id) ? data_->vocab.Text(id) : std::string_view();
}

TokenId Tokenizer::FindToken(std::string_view text) const { return data_->vocab.Find(text); }

int32_t Tokenizer::vocab_size() const { return data_->vocab.size(); }
TokenId Tokenizer::bos_id() const { return data_->ids.bos; }
TokenId Tokenizer::eos_id() const { return data_->ids.eos; }
TokenId Tokenizer::eot_id() const { return data_->ids.eot; }
TokenId Tokenizer::unknown_id() const { return data_->ids.unknown; }
TokenId Tokenizer::padding_id() const { return data_->ids.padding; }
bool Tokenizer::add_bos() const { return data_->add_bos; }
bool Tokenizer::add_eos() const { return data_->add_eos; }

bool Tokenizer::IsEndOfGeneration(TokenId id) const {
  return std::binary_search(data_->end_of_generation.begin(), data_->end_of_generation.end(), id);
}

bool Tokenizer::IsControl(TokenId id) const {
  return data_->vocab.Contains(id) && data_->vocab.HasAttr(id, kAttrControl);
}

const std::string& Tokenizer::model_name() const { return data_->model_name; }
const std::string& Tokenizer::pre_name() const { return data_->pre_name; }

}  // namespace hearth
