// Pre-tokenizers of byte-level BPE vocabularies: the regex family named by tokenizer.ggml.pre
// splits text into words before BPE merges run inside each word.
//
// The patterns are implemented by hand over code points (no regex engine) and reproduce the
// reference tokenizer's splits exactly, including where its behaviour differs from the pattern
// text: a pattern list is applied in order, each pattern splitting every piece left by the
// previous one into matches and the gaps between them; \s means the White_Space property;
// explicit character classes never match non-ASCII white space.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace hearth {

enum class PreTokenizer : uint8_t {
  kDefault,        // the reference's fallback list (punctuation runs, GPT-2, digit runs, triples)
  kGpt2,           // gpt-2, mpt, olmo, ...: 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+|...
  kLlama3,         // llama-bpe / llama3: digits in groups of up to three
  kQwen2,          // qwen2: as llama3 with single digits
  kStarcoder,      // starcoder, refact, command-r, ...: single digits, then GPT-2
  kFalcon,         // punctuation runs, GPT-2, ASCII digit triples
  kDeepseekLlm,    // newlines, Latin/Greek/Cyrillic... words, ASCII punctuation, CJK, digits
  kDeepseekCoder,  // newlines, letters, punctuation, CJK, single digits
};

// What tokenizer.ggml.pre selects.
struct PreTokenizerConfig {
  PreTokenizer kind = PreTokenizer::kDefault;
  bool clean_spaces = true;    // Decode() removes the space before , . ! ? and some contractions
  bool ignore_merges = false;  // a word that is a whole token is not merged piece by piece
  bool add_bos = false;        // the default of add_bos before tokenizer.ggml.add_bos_token
};

// The configuration for a tokenizer.ggml.pre name ("default", "llama-bpe", "qwen2", ...), or
// nullopt for a name Hearth does not know.
std::optional<PreTokenizerConfig> FindPreTokenizer(std::string_view name);

// A text fragment as code points (read with utf8::DecodeUtf8Lenient) and their
// unicode::CodepointFlags.
struct CodepointText {
  std::vector<uint32_t> cpts;
  std::vector<uint16_t> flags;  // [cpts.size()]

  void Assign(std::string_view utf8_text);
};

// Splits `text` into words: appends each word's length in code points to `word_lengths` (the
// lengths sum to text.cpts.size(); none is zero).
void PreTokenize(PreTokenizer kind, const CodepointText& text, std::vector<uint32_t>* word_lengths);

}  // namespace hearth
