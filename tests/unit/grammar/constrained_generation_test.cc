// End to end: a real model (stories260K, which only knows children's stories) sampled at
// temperature 1 with random seeds through a GrammarConstraint. Whatever it would have said,
// every output must parse as JSON and validate against the schema it was constrained by.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "grammar/grammar_constraint.h"
#include "grammar/json_grammar.h"
#include "grammar/json_schema_grammar.h"
#include "grammar_test_util.h"
#include "json_schema_validator.h"
#include "llm/model.h"
#include "llm/session.h"
#include "sampling/sampler.h"

namespace hearth::testing {
namespace {

using Json = nlohmann::ordered_json;

struct Generation {
  std::string text;
  bool finished = false;  // the constraint said the text is complete (or an end token came)
  uint64_t seed = 0;
};

class ConstrainedGeneration : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<std::unique_ptr<Model>> model = Model::Open(SharedPath("models/stories260K.gguf"));
    ASSERT_TRUE(model.ok()) << model.status().ToString();
    model_ = std::move(model).value().release();
    vocabulary_ = new std::shared_ptr<const GrammarVocabulary>(
        GrammarVocabulary::FromTokenizer(model_->tokenizer()));
  }
  static void TearDownTestSuite() {
    delete vocabulary_;
    delete model_;
  }

  // One sample of at most `max_tokens` tokens after a story prompt, constrained by `grammar`.
  Generation Generate(const std::shared_ptr<const Grammar>& grammar, int max_tokens) {
    GrammarConstraint constraint(grammar, *vocabulary_);
    Sampler sampler({.temperature = 1.0f, .seed = kRandomSeed}, model_->tokenizer().vocab_size());
    sampler.SetTokenMask(&constraint);
    session_.TruncateTo(0);
    const std::vector<TokenId> prompt = model_->tokenizer().Encode("Once upon a time");
    Result<std::span<const float>> logits = session_.Decode(prompt);
    Generation out;
    out.seed = sampler.seed();
    for (int i = 0; i < max_tokens && logits.ok(); ++i) {
      const TokenId token = sampler.Sample(*logits);
      constraint.Accept(token);
      sampler.Accept(token);
      EXPECT_TRUE(constraint.status().ok()) << constraint.status().ToString();
      out.text += (*vocabulary_)->Piece(token);  // "" for an end token
      if ((*vocabulary_)->IsEndOfGeneration(token) || constraint.IsFinished()) {
        out.finished = true;
        break;
      }
      logits = session_.Decode(std::span<const TokenId>(&token, 1));
    }
    EXPECT_TRUE(logits.ok()) << logits.status().ToString();
    return out;
  }

  static Model* model_;
  static std::shared_ptr<const GrammarVocabulary>* vocabulary_;
  ThreadPool pool_{1};
  Session session_{*model_, pool_, {.n_ctx = 512}};
};

Model* ConstrainedGeneration::model_ = nullptr;
std::shared_ptr<const GrammarVocabulary>* ConstrainedGeneration::vocabulary_ = nullptr;

// `text` can be continued into JSON: nlohmann's parser fails only at the end of the input.
bool IsJsonPrefix(const std::string& text) {
  struct Handler : nlohmann::json_sax<nlohmann::json> {
    size_t error_at = 0;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t position, const std::string&,
                     const nlohmann::detail::exception&) override {
      error_at = position;
      return false;
    }
  } handler;
  nlohmann::json::sax_parse(text, &handler);
  return handler.error_at > text.size();
}

// A story model rarely closes what it opens: with the plain json_object grammar it keeps a
// string going, so a sample cut at the token limit must at least be the start of a JSON object.
TEST_F(ConstrainedGeneration, JsonObjectAlwaysParsesOrIsAPrefix) {
  const auto grammar = std::make_shared<const Grammar>(JsonObjectGrammar());
  int finished = 0;
  for (int i = 0; i < 20; ++i) {
    const Generation g = Generate(grammar, 256);
    SCOPED_TRACE("seed " + std::to_string(g.seed) + ": " + g.text);
    if (g.finished) {
      ++finished;
      const Json document = Json::parse(g.text, nullptr, false);
      ASSERT_FALSE(document.is_discarded());
      EXPECT_TRUE(document.is_object());
    } else {
      // Stopped by the token limit inside a long string: still on the way to an object.
      EXPECT_TRUE(IsJsonPrefix(g.text));
      EXPECT_EQ(g.text.front(), '{');
    }
  }
  std::printf("json_object: %d of 20 samples complete within 256 tokens\n", finished);
}

// With strings, members, items and nesting bounded, the object has to close.
TEST_F(ConstrainedGeneration, BoundedJsonObjectFinishes) {
  const auto grammar = std::make_shared<const Grammar>(JsonObjectGrammar(
      {.max_string_chars = 16, .max_members = 3, .max_items = 3, .max_depth = 1}));
  int finished = 0;
  for (int i = 0; i < 20; ++i) {
    const Generation g = Generate(grammar, 480);
    SCOPED_TRACE("seed " + std::to_string(g.seed) + ": " + g.text);
    if (!g.finished) {
      EXPECT_TRUE(IsJsonPrefix(g.text));
      continue;
    }
    ++finished;
    const Json document = Json::parse(g.text, nullptr, false);
    ASSERT_FALSE(document.is_discarded());
    EXPECT_TRUE(document.is_object());
  }
  std::printf("bounded json_object: %d of 20 samples complete within 480 tokens\n", finished);
  EXPECT_GE(finished, 18);
}

TEST_F(ConstrainedGeneration, JsonSchemaAlwaysValidates) {
  const Json schema = Json::parse(R"({
    "type": "object",
    "properties": {
      "name": {"type": "string", "maxLength": 12},
      "age": {"type": "integer", "minimum": 1, "maximum": 99},
      "mood": {"enum": ["happy", "sad", "angry"]},
      "friends": {"type": "array", "items": {"type": "string", "maxLength": 8}, "maxItems": 3},
      "alive": {"type": "boolean"},
      "born": {"type": "string", "format": "date"},
      "height": {"type": "number", "minimum": 0, "maximum": 3}
    },
    "required": ["name", "age", "mood", "friends", "alive"]
  })");
  Result<Grammar> grammar = GrammarFromJsonSchema(schema);
  ASSERT_TRUE(grammar.ok()) << grammar.status().ToString();
  const auto shared = std::make_shared<const Grammar>(std::move(grammar).value());
  for (int i = 0; i < 20; ++i) {
    const Generation g = Generate(shared, 400);
    SCOPED_TRACE("seed " + std::to_string(g.seed) + ": " + g.text);
    ASSERT_TRUE(g.finished);  // every part is bounded, so the object must end
    const Json document = Json::parse(g.text, nullptr, false);
    ASSERT_FALSE(document.is_discarded());
    EXPECT_EQ(ValidateAgainstSchema(document, schema), "");
  }
}

}  // namespace
}  // namespace hearth::testing
