// libFuzzer target for GBNF grammars: the input is [grammar text] NUL [text to match]. The
// grammar is parsed; if it parses, it is printed and parsed again, the text is fed to a
// matcher byte by byte, and a GrammarConstraint masks a small vocabulary at every step.
// Findings: a crash, a sanitizer report, a hang, or a broken invariant (trap): an error
// without the "grammar:" prefix, a printed grammar that does not parse, a mask that allows
// a token the matcher refuses.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/grammar.h"
#include "grammar/grammar_constraint.h"
#include "grammar/grammar_matcher.h"

namespace hearth {
namespace {

void Require(bool condition) {
  if (!condition) __builtin_trap();
}

const std::shared_ptr<const GrammarVocabulary>& SmallVocabulary() {
  static const auto vocabulary = GrammarVocabulary::FromPieces(
      {"",  "</s>", "a", "b",  "ab",   "{",    "}",        "\"",
       " ", "\n",   "0", "12", "\xC3", "\xA9", "\xC3\xA9", "\xE4\xB8\xAD",
       "[", "]",    ",", ":",  "\\",   "x\"",  "-",        "."},
      {1});
  return vocabulary;
}

// Masks, then takes the first allowed token, a few times: every allowed text token must be
// one the matcher accepts.
void ExerciseConstraint(const std::shared_ptr<const Grammar>& grammar) {
  GrammarConstraint constraint(grammar, SmallVocabulary());
  GrammarMatcher shadow(grammar);
  for (int step = 0; step < 8 && !constraint.IsFinished(); ++step) {
    std::vector<float> logits(size_t(SmallVocabulary()->size()), 0.0f);
    constraint.Apply(logits);
    TokenId chosen = -1;
    for (TokenId id = 0; id < SmallVocabulary()->size(); ++id) {
      if (logits[size_t(id)] != 0.0f) continue;
      const std::string_view piece = SmallVocabulary()->Piece(id);
      Require(SmallVocabulary()->IsEndOfGeneration(id) || shadow.WouldAccept(piece));
      if (chosen < 0 || (step % 2 == 1 && !piece.empty())) chosen = id;
    }
    if (chosen < 0) break;
    constraint.Accept(chosen);
    shadow.AcceptBytes(SmallVocabulary()->Piece(chosen));
  }
}

}  // namespace
}  // namespace hearth

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hearth;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t split = input.find('\0');
  const std::string_view gbnf = input.substr(0, split);
  const std::string_view text =
      split == std::string_view::npos ? std::string_view() : input.substr(split + 1, 256);
  Result<Grammar> parsed = Grammar::Parse(gbnf);
  if (!parsed.ok()) {
    Require(parsed.status().message().rfind("grammar:", 0) == 0);
    return 0;
  }
  const auto grammar = std::make_shared<const Grammar>(std::move(parsed).value());
  Require(Grammar::Parse(grammar->ToGbnf()).ok());
  GrammarMatcher matcher(grammar);
  for (char c : text) {
    if (!matcher.AcceptBytes(std::string_view(&c, 1))) break;
  }
  (void)matcher.IsComplete();
  ExerciseConstraint(grammar);
  return 0;
}
