// GrammarConstraint: the token mask on a small hand-made vocabulary (every rule visible), and
// on the Llama 3 vocabulary checked token by token against the matcher.
#include "grammar/grammar_constraint.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "grammar/json_grammar.h"
#include "grammar/json_schema_grammar.h"
#include "grammar/shortest_completion.h"
#include "grammar/token_mask_walk.h"
#include "grammar_test_util.h"

namespace hearth::testing {
namespace {

// Token ids of the small vocabulary.
enum : TokenId {
  kControl = 0,  // empty piece: never allowed
  kEnd = 1,
  kOpen = 2,         // {
  kClose = 3,        // }
  kQuote = 4,        // "
  kA = 5,            // a
  kAB = 6,           // ab
  kOpenQuote = 7,    // {"
  kEFirst = 8,       // first byte of é
  kESecond = 9,      // second byte of é
  kE = 10,           // é
  kSpace = 11,       //
  kQuoteClose = 12,  // "}
  kVocabSize = 13,
};

std::shared_ptr<const GrammarVocabulary> SmallVocabulary() {
  return GrammarVocabulary::FromPieces(
      {"", "</s>", "{", "}", "\"", "a", "ab", "{\"", "\xC3", "\xA9", "\xC3\xA9", " ", "\"}"},
      {kEnd});
}

std::vector<TokenId> AllowedIds(GrammarConstraint& constraint) {
  std::vector<float> logits(kVocabSize + 3, 0.0f);  // a padded output head
  constraint.Apply(logits);
  std::vector<TokenId> ids;
  for (size_t t = 0; t < logits.size(); ++t) {
    if (!std::isinf(logits[t])) ids.push_back(TokenId(t));
  }
  return ids;
}

using Ids = std::vector<TokenId>;

TEST(GrammarConstraint, MasksFollowTheGrammar) {
  GrammarConstraint constraint(MustParse(R"(root ::= "{" "\"" [aé]* "\"" "}")"), SmallVocabulary());
  EXPECT_EQ(AllowedIds(constraint), (Ids{kOpen, kOpenQuote}));
  constraint.Accept(kOpenQuote);
  EXPECT_EQ(AllowedIds(constraint), (Ids{kQuote, kA, kEFirst, kE, kQuoteClose}));
  constraint.Accept(kEFirst);  // a token that ends inside é
  EXPECT_EQ(AllowedIds(constraint), (Ids{kESecond}));
  constraint.Accept(kESecond);
  constraint.Accept(kA);
  EXPECT_FALSE(constraint.IsComplete());
  EXPECT_FALSE(constraint.IsFinished());
  constraint.Accept(kQuoteClose);
  EXPECT_TRUE(constraint.IsComplete());
  EXPECT_TRUE(constraint.IsFinished());
  EXPECT_EQ(AllowedIds(constraint), (Ids{kEnd}));
  EXPECT_TRUE(constraint.status().ok());
}

TEST(GrammarConstraint, EndTokensOnlyWhenComplete) {
  GrammarConstraint constraint(MustParse(R"(root ::= "a"+)"), SmallVocabulary());
  EXPECT_EQ(AllowedIds(constraint), (Ids{kA}));
  constraint.Accept(kA);
  EXPECT_EQ(AllowedIds(constraint), (Ids{kEnd, kA}));
  EXPECT_FALSE(constraint.IsFinished());  // more "a" may follow
  constraint.Accept(kEnd);
  EXPECT_TRUE(constraint.IsFinished());
}

TEST(GrammarConstraint, ClosesInTimeWhenTheBudgetRunsShort) {
  GrammarConstraint constraint(MustParse(R"(root ::= "{" "\"" [aé]* "\"" "}")"), SmallVocabulary());
  constraint.Accept(kOpenQuote);
  constraint.Accept(kA);
  // Room for one more character and `"}` (this token and 2 more); near the end, a token
  // that stops inside a character (kEFirst) is not taken.
  constraint.SetTokenBudget(3);
  EXPECT_EQ(AllowedIds(constraint), (Ids{kQuote, kA, kE, kQuoteClose}));
  constraint.SetTokenBudget(2);  // only what leaves at most 1 byte to write
  EXPECT_EQ(AllowedIds(constraint), (Ids{kQuote, kQuoteClose}));
  constraint.Accept(kQuote);
  constraint.SetTokenBudget(1);
  EXPECT_EQ(AllowedIds(constraint), (Ids{kClose}));
  constraint.Accept(kClose);
  EXPECT_TRUE(constraint.IsComplete());
  EXPECT_TRUE(constraint.IsFinished());
}

TEST(GrammarConstraint, AFinalTokenKeepsACompleteTextComplete) {
  GrammarConstraint constraint(MustParse(R"(root ::= "a" ("b" "a")*)"),
                               GrammarVocabulary::FromPieces({"", "</s>", "a", "b"}, {1}));
  constraint.Accept(2);
  std::vector<float> logits(4, 0.0f);
  constraint.SetTokenBudget(1);  // "ab" would be cut incomplete: only the end token
  constraint.Apply(logits);
  EXPECT_EQ(logits, (std::vector<float>{-INFINITY, 0.0f, -INFINITY, -INFINITY}));
}

TEST(ShortestCompletion, ClosesJsonFromInsideAString) {
  GrammarMatcher matcher(std::make_shared<const Grammar>(JsonObjectGrammar()));
  ASSERT_TRUE(matcher.AcceptBytes(R"({"a": [1, {"b": "tex)"));
  EXPECT_EQ(ShortestCompletion(matcher.automaton(), matcher.state()), R"("}]})");
  ASSERT_TRUE(matcher.AcceptBytes(R"("}]})"));
  EXPECT_EQ(ShortestCompletion(matcher.automaton(), matcher.state()), "");
  EXPECT_EQ(ShortestCompletion(matcher.automaton(), kDeadState), std::nullopt);
}

TEST(ShortestCompletion, ClosesASchemaFromInsideAKey) {
  const auto schema = nlohmann::ordered_json::parse(R"({"type": "object",
    "properties": {"calls": {"type": "array", "minItems": 1, "items": {"type": "object",
      "properties": {"name": {"const": "get_weather"}, "arguments": {"type": "object",
        "properties": {"city": {"type": "string", "maxLength": 16}}, "required": ["city"]}},
      "required": ["name", "arguments"], "additionalProperties": false}}},
    "required": ["calls"], "additionalProperties": false})");
  Result<Grammar> grammar = GrammarFromJsonSchema(schema);
  ASSERT_TRUE(grammar.ok()) << grammar.status().message();
  GrammarMatcher matcher(std::make_shared<const Grammar>(std::move(grammar).value()));
  ASSERT_TRUE(matcher.AcceptBytes(
      R"({"calls":[{"name":"get_weather","arguments":{"city":"Yes,"}},{"name":"get_weather","ar)"));
  EXPECT_EQ(ShortestCompletion(matcher.automaton(), matcher.state()),
            R"(guments":{"city":""}}]})");
}

TEST(GrammarConstraint, AFailureStopsTheGeneration) {
  GrammarConstraint constraint(MustParse(R"(root ::= "a"+)"), SmallVocabulary());
  constraint.Accept(kOpen);  // not allowed: the caller broke the contract
  EXPECT_FALSE(constraint.status().ok());
  EXPECT_TRUE(constraint.IsFinished());
  EXPECT_EQ(AllowedIds(constraint), (Ids{kEnd}));

  // A grammar no token can follow: the vocabulary has no "z".
  GrammarConstraint stuck(MustParse(R"(root ::= "z")"), SmallVocabulary());
  EXPECT_EQ(AllowedIds(stuck), (Ids{kEnd}));
  EXPECT_NE(stuck.status().message().find("no token"), std::string::npos);
  EXPECT_TRUE(stuck.IsFinished());
}

// Every token of `vocabulary` is allowed by the mask exactly when the matcher, after
// `prefix`, accepts its bytes.
void ExpectMaskMatchesMatcher(const std::shared_ptr<const Grammar>& grammar,
                              const std::shared_ptr<const GrammarVocabulary>& vocabulary,
                              const std::string& prefix) {
  GrammarMatcher matcher(grammar);
  ASSERT_TRUE(matcher.AcceptBytes(prefix)) << prefix;
  const std::span<const TokenId> trie_tokens = vocabulary->trie().tokens();
  std::vector<uint64_t> positions((trie_tokens.size() + 63) / 64, 0);
  MarkAllowedTokens(matcher.automaton(), matcher.state(), matcher.utf8(), vocabulary->trie(),
                    positions);
  std::vector<bool> allowed(size_t(vocabulary->size()), false);
  for (size_t i = 0; i < trie_tokens.size(); ++i) {
    if ((positions[i >> 6] >> (i & 63)) & 1) allowed[size_t(trie_tokens[i])] = true;
  }
  int n_allowed = 0;
  for (TokenId id = 0; id < vocabulary->size(); ++id) {
    const bool marked = allowed[size_t(id)];
    const std::string_view piece = vocabulary->Piece(id);
    const bool expected = !piece.empty() && matcher.WouldAccept(piece);
    n_allowed += marked;
    if (marked != expected) {
      ADD_FAILURE() << "prefix '" << prefix << "': token " << id << " '" << piece << "' marked "
                    << marked << ", matcher says " << expected;
      return;
    }
  }
  EXPECT_GT(n_allowed, 0) << prefix;
}

TEST(GrammarConstraint, Llama3MaskEqualsTokenByTokenCheck) {
  const Tokenizer* tokenizer = SharedTokenizer(kLlama3Vocab);
  ASSERT_NE(tokenizer, nullptr);
  const auto vocabulary = GrammarVocabulary::FromTokenizer(*tokenizer);
  const auto json = std::make_shared<const Grammar>(JsonObjectGrammar());
  for (const char* prefix : {"", "{", "{\"na", "{\"name\": 12", "{\"a\": [1, {\"b\": \"x\\",
                             "{\"a\":\n   ", "{\"\xE4", "{\"a\": \"\xF0\x9F"}) {
    ExpectMaskMatchesMatcher(json, vocabulary, prefix);
  }
  // Bounded strings: every character leads to a new state (one character fewer left).
  Result<Grammar> schema = GrammarFromJsonSchema(nlohmann::ordered_json::parse(
      R"({"type": "object", "properties": {"name": {"type": "string", "maxLength": 12}},
          "required": ["name"]})"));
  ASSERT_TRUE(schema.ok());
  const auto bounded = std::make_shared<const Grammar>(std::move(schema).value());
  for (const char* prefix : {"{\"name\": \"", "{\"name\": \"Lily was", "{\"name\":\"abcdefghijk"}) {
    ExpectMaskMatchesMatcher(bounded, vocabulary, prefix);
  }
  const auto chinese = MustParse(R"(root ::= [\u4E00-\u9FFF]+ "。")");
  ExpectMaskMatchesMatcher(chinese, vocabulary, "");
  ExpectMaskMatchesMatcher(chinese, vocabulary, "\xE4\xB8");
}

TEST(GrammarConstraint, Llama3ControlTokensNeverAllowed) {
  const Tokenizer* tokenizer = SharedTokenizer(kLlama3Vocab);
  ASSERT_NE(tokenizer, nullptr);
  const auto vocabulary = GrammarVocabulary::FromTokenizer(*tokenizer);
  GrammarConstraint constraint(MustParse(R"(root ::= .*)"), vocabulary);
  const std::span<const uint64_t> allowed = constraint.AllowedTokens();
  int n_allowed = 0;
  for (TokenId id = 0; id < tokenizer->vocab_size(); ++id) {
    const bool is_allowed = (allowed[size_t(id) >> 6] >> (id & 63)) & 1;
    n_allowed += is_allowed;
    if (tokenizer->IsEndOfGeneration(id)) {
      EXPECT_TRUE(is_allowed) << id;  // ".*" is complete
    } else if (tokenizer->IsControl(id)) {
      EXPECT_FALSE(is_allowed) << id;
    }
  }
  EXPECT_GT(n_allowed, 127000);  // nearly every text token is valid UTF-8 on its own
  // Apply() bans exactly the tokens AllowedTokens() leaves out, and any padding of the row.
  std::vector<float> logits(size_t(tokenizer->vocab_size()) + 8, 1.0f);
  constraint.Apply(logits);
  for (size_t id = 0; id < logits.size(); ++id) {
    const bool is_allowed =
        id < size_t(tokenizer->vocab_size()) && ((allowed[id >> 6] >> (id & 63)) & 1);
    ASSERT_EQ(logits[id] == 1.0f, is_allowed) << id;
  }
}

}  // namespace
}  // namespace hearth::testing
