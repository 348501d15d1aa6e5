// Tokenizer::Encode: special tokens are split out first, then each model tokenizes the text
// between them.
#include "tokenizer/tokenizer_data.h"
#include "tokenizer/utf8.h"

namespace hearth::tokenizer_internal {
namespace {

void EncodeSentencePiece(const TokenizerData& data, std::string_view text,
                         const std::vector<TextFragment>& fragments, std::vector<TokenId>* out) {
  SpmScratch scratch;
  std::string escaped;
  bool after_special = true;  // the text start counts as following a special token
  for (const TextFragment& fragment : fragments) {
    if (fragment.is_token()) {
      out->push_back(fragment.token);
      after_special = true;
      continue;
    }
    escaped.clear();
    if (data.add_space_prefix && after_special) escaped += kSpaceMark;
    for (char c : text.substr(fragment.begin, fragment.length)) {
      if (c == ' ') {
        escaped += kSpaceMark;
      } else {
        escaped.push_back(c);
      }
    }
    data.spm.Encode(data.vocab, escaped, &scratch, out);
    after_special = false;
  }
}

void EncodeBytePairs(const TokenizerData& data, std::string_view text,
                     const std::vector<TextFragment>& fragments, std::vector<TokenId>* out) {
  CodepointText codepoints;
  std::vector<uint32_t> word_lengths;
  std::string word;
  BpeScratch scratch;
  for (const TextFragment& fragment : fragments) {
    if (fragment.is_token()) {
      out->push_back(fragment.token);
      continue;
    }
    codepoints.Assign(text.substr(fragment.begin, fragment.length));
    word_lengths.clear();
    PreTokenize(data.pre.kind, codepoints, &word_lengths);
    size_t begin = 0;
    for (uint32_t length : word_lengths) {
      // Words are spelled from the decoded code points: invalid bytes become U+FFFD.
      word.clear();
      for (size_t i = begin; i < begin + length; ++i) utf8::AppendUtf8(codepoints.cpts[i], &word);
      data.bpe.EncodeWord(data.vocab, word, data.pre.ignore_merges, &scratch, out);
      begin += length;
    }
  }
}

void EncodeWordPieces(const TokenizerData& data, std::string_view text,
                      const std::vector<TextFragment>& fragments, std::vector<TokenId>* out) {
  for (const TextFragment& fragment : fragments) {
    if (fragment.is_token()) {
      out->push_back(fragment.token);
    } else {
      data.wordpiece.Encode(data.vocab, text.substr(fragment.begin, fragment.length), out);
    }
  }
}

}  // namespace

std::vector<TokenId> EncodeText(const TokenizerData& data, std::string_view text, bool add_special,
                                bool parse_special) {
  const std::vector<TextFragment> fragments = data.specials.Split(data.vocab, text, parse_special);
  std::vector<TokenId> out;
  out.reserve(text.size() / 3 + 2);
  if (add_special && data.add_bos) out.push_back(data.ids.bos);
  switch (data.kind) {
    case ModelKind::kSentencePiece: EncodeSentencePiece(data, text, fragments, &out); break;
    case ModelKind::kBytePairEncoding: EncodeBytePairs(data, text, fragments, &out); break;
    case ModelKind::kWordPiece: EncodeWordPieces(data, text, fragments, &out); break;
  }
  if (add_special && data.add_eos) out.push_back(data.ids.eos);
  if (add_special && data.add_sep) out.push_back(data.ids.separator);
  return out;
}

}  // namespace hearth::tokenizer_internal
