// Internal to the tokenizer library: everything a Tokenizer holds, and how it is loaded.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "gguf/gguf_file.h"
#include "tokenizer/bpe_model.h"
#include "tokenizer/pieces.h"
#include "tokenizer/pre_tokenizer.h"
#include "tokenizer/special_tokens.h"
#include "tokenizer/spm_model.h"
#include "tokenizer/vocabulary.h"
#include "tokenizer/wordpiece_model.h"

namespace hearth::tokenizer_internal {

enum class ModelKind : uint8_t { kSentencePiece, kBytePairEncoding, kWordPiece };

struct SpecialIds {
  TokenId bos = -1;
  TokenId eos = -1;
  TokenId eot = -1;
  TokenId eom = -1;
  TokenId unknown = -1;
  TokenId separator = -1;
  TokenId padding = -1;
  TokenId mask = -1;
  TokenId fim_pad = -1;
  TokenId fim_rep = -1;
  TokenId fim_sep = -1;
};

struct TokenizerData {
  std::string model_name;  // tokenizer.ggml.model
  std::string pre_name;    // tokenizer.ggml.pre, or "default"
  ModelKind kind = ModelKind::kSentencePiece;
  Vocabulary vocab;
  SpecialIds ids;
  bool add_bos = false;
  bool add_eos = false;
  bool add_sep = false;           // WordPiece: [SEP] ends the text
  bool add_space_prefix = false;  // SentencePiece: " " before text that follows a special token
  bool clean_spaces = false;      // Decode() applies CleanUpSpaces
  std::vector<TokenId> end_of_generation;  // sorted

  PreTokenizerConfig pre;    // kBytePairEncoding
  SpmModel spm;              // kSentencePiece
  BpeModel bpe;              // kBytePairEncoding
  WordPieceModel wordpiece;  // kWordPiece
  SpecialTokenSplitter specials;
  PieceTable pieces;
};

// Finds end-of-turn, FIM and end-of-generation tokens by their text where the metadata names
// none (marking them control), and fills data->end_of_generation. Needs vocab and ids.
void AssignTokenRoles(TokenizerData* data);
// Per-model lstrip/rstrip attributes of special tokens (Phi-3, ...). Needs specials.
void ApplyStripAttributes(const GgufFile& file, TokenizerData* data);

// Reads tokenizer.ggml.* (errors name the file and the key).
Result<std::unique_ptr<TokenizerData>> LoadTokenizerData(const GgufFile& file);

// The token ids of `text` (Tokenizer::Encode).
std::vector<TokenId> EncodeText(const TokenizerData& data, std::string_view text, bool add_special,
                                bool parse_special);

}  // namespace hearth::tokenizer_internal
