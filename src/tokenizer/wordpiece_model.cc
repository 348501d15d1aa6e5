#include "tokenizer/wordpiece_model.h"

#include <algorithm>

#include "tokenizer/unicode_props.h"
#include "tokenizer/utf8.h"

namespace hearth {
namespace {

// CJK ideograph blocks as BERT's tokenizer lists them (the 0x2B920 start of one block follows
// the Hugging Face implementation).
bool IsCjkIdeograph(uint32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F) ||
         (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

}  // namespace

WordPieceModel::WordPieceModel(const Vocabulary& vocab, WordPieceOptions options,
                               TokenId unknown_id)
    : options_(options), unknown_id_(unknown_id) {
  for (TokenId id = 0; id < vocab.size(); ++id) {
    max_token_bytes_ = std::max(max_token_bytes_, vocab.Text(id).size());
  }
}

std::vector<std::string> WordPieceModel::SplitWords(std::string_view text) const {
  std::vector<std::string> words(1);
  for (uint32_t cp : utf8::DecodeUtf8Lenient(text)) {
    if (options_.strip_accents) cp = unicode::FirstOfNfd(cp);
    const uint16_t flags = unicode::CodepointFlags(cp);
    if (flags & unicode::kWhitespace) {
      if (!words.back().empty()) words.emplace_back();
      continue;
    }
    if (cp == 0 || cp == utf8::kReplacementChar || (flags & unicode::kControl)) continue;
    if (options_.strip_accents && (flags & unicode::kMark)) continue;
    const std::string piece = utf8::EncodeUtf8(options_.lowercase ? unicode::ToLower(cp) : cp);
    const bool alone = (flags & unicode::kPunctuation) ||
                       (cp < 0x7F && (flags & unicode::kSymbol)) || IsCjkIdeograph(cp);
    if (alone) {
      if (!words.back().empty()) words.emplace_back();
      words.back() = piece;
      words.emplace_back();
    } else {
      words.back() += piece;
    }
  }
  if (words.back().empty()) words.pop_back();
  return words;
}

void WordPieceModel::EncodeWord(const Vocabulary& vocab, const std::string& word,
                                std::vector<TokenId>* out) const {
  const std::string marked = std::string(kSpaceMark) + word;  // the word starts here
  const size_t n = marked.size();
  const size_t first_token = out->size();
  for (size_t i = 0; i < n;) {
    TokenId found = -1;
    size_t j = std::min(n, i + max_token_bytes_ + 1);
    for (; j > i; --j) {
      found = vocab.Find(std::string_view(marked).substr(i, j - i));
      if (found >= 0) break;
    }
    if (found < 0) {  // no piece fits: the whole word is unknown
      out->resize(first_token);
      break;
    }
    out->push_back(found);
    i = j;
  }
  if (out->size() == first_token && unknown_id_ >= 0) out->push_back(unknown_id_);
}

void WordPieceModel::Encode(const Vocabulary& vocab, std::string_view text,
                            std::vector<TokenId>* out) const {
  for (const std::string& word : SplitWords(text)) EncodeWord(vocab, word, out);
}

}  // namespace hearth
