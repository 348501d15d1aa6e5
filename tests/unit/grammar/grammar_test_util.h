// Helpers for the grammar tests: parsing grammars that must parse, matching whole texts, and
// the tokenizers of the shared vocabulary fixtures.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "gguf/gguf_file.h"
#include "grammar/grammar.h"
#include "grammar/grammar_matcher.h"
#include "shared_data.h"
#include "shared_tokenizer.h"
#include "tokenizer/tokenizer.h"

namespace hearth::testing {

// Parses `gbnf`, failing the test (and returning nullptr) on error.
inline std::shared_ptr<const Grammar> MustParse(std::string_view gbnf) {
  Result<Grammar> grammar = Grammar::Parse(gbnf);
  EXPECT_TRUE(grammar.ok()) << grammar.status().ToString() << "\n" << gbnf;
  if (!grammar.ok()) return nullptr;
  return std::make_shared<const Grammar>(std::move(grammar).value());
}

// The error message of parsing `gbnf` ("" when it parses).
inline std::string ParseError(std::string_view gbnf) {
  Result<Grammar> grammar = Grammar::Parse(gbnf);
  return grammar.ok() ? "" : grammar.status().message();
}

// `text` is a whole sentence of the grammar.
inline bool Matches(const std::shared_ptr<const Grammar>& grammar, std::string_view text) {
  GrammarMatcher matcher(grammar);
  return matcher.AcceptBytes(text) && matcher.IsComplete();
}

// `text` can be continued into a sentence of the grammar.
inline bool IsPrefix(const std::shared_ptr<const Grammar>& grammar, std::string_view text) {
  GrammarMatcher matcher(grammar);
  return matcher.AcceptBytes(text);
}

// A random sentence of `grammar`: characters drawn uniformly from a fixed alphabet (printable
// ASCII, tab, newline, and a few multi-byte characters) among those the grammar allows next;
// once the text is complete it stops with probability 1/2 (always when nothing may follow).
// nullopt when no sentence was complete within `max_bytes`.
inline std::optional<std::string> RandomSentence(const std::shared_ptr<const Grammar>& grammar,
                                                 std::mt19937& rng, size_t max_bytes = 4000) {
  static const std::vector<std::string> alphabet = [] {
    std::vector<std::string> chars = {"\t", "\n", "\xC3\xA9", "\xE4\xB8\xAD", "\xF0\x9F\x98\x80"};
    for (char c = 0x20; c < 0x7F; ++c) chars.emplace_back(1, c);
    return chars;
  }();
  GrammarMatcher matcher(grammar);
  std::string text;
  std::vector<const std::string*> allowed;
  while (text.size() < max_bytes) {
    if (matcher.IsComplete() && (!matcher.CanContinue() || rng() % 2 == 0)) return text;
    allowed.clear();
    for (const std::string& c : alphabet) {
      if (matcher.WouldAccept(c)) allowed.push_back(&c);
    }
    if (allowed.empty()) return std::nullopt;  // the grammar needs a character not drawn here
    const std::string& next = *allowed[rng() % allowed.size()];
    matcher.AcceptBytes(next);
    text += next;
  }
  return std::nullopt;
}

inline constexpr const char* kLlama3Vocab = "fixtures/tokenizer/ggml-vocab-llama-bpe.gguf";

}  // namespace hearth::testing
