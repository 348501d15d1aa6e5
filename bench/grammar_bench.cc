// Grammar-constrained sampling on the Llama 3 vocabulary (128,256 tokens): the cost of one
// token mask (GrammarConstraint::Apply over a full logits row) with the JSON object grammar
// at typical places of a generation, warm (the automaton has seen the state before, as in a
// running generation) and cold (a new request's first mask there); plus building the
// vocabulary's trie, which a server does once per model.
//
// Needs the shared fixture fixtures/tokenizer/ggml-vocab-llama-bpe.gguf: $HEARTH_SHARED_DIR,
// or a `shared` folder beside the current directory or one of its parents.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gguf/gguf_file.h"
#include "grammar/grammar_constraint.h"
#include "grammar/json_grammar.h"
#include "grammar/json_schema_grammar.h"
#include "tokenizer/tokenizer.h"

namespace hearth::bench {
namespace {

constexpr const char* kVocabFixture = "fixtures/tokenizer/ggml-vocab-llama-bpe.gguf";

std::optional<std::string> FindVocabFixture() {
  if (const char* dir = std::getenv("HEARTH_SHARED_DIR"))
    return std::string(dir) + "/" + kVocabFixture;
  std::error_code error;
  for (auto dir = std::filesystem::current_path(error); !dir.empty(); dir = dir.parent_path()) {
    const auto candidate = dir / "shared" / kVocabFixture;
    if (std::filesystem::exists(candidate, error)) return candidate.string();
    if (dir == dir.parent_path()) break;
  }
  return std::nullopt;
}

// The Llama 3 tokenizer, loaded once (nullptr when the fixture is missing).
const Tokenizer* Llama3Tokenizer() {
  static const std::unique_ptr<Tokenizer> tokenizer = []() -> std::unique_ptr<Tokenizer> {
    const std::optional<std::string> path = FindVocabFixture();
    if (!path) return nullptr;
    Result<GgufFile> file = GgufFile::Open(*path);
    if (!file.ok()) return nullptr;
    Result<Tokenizer> tokenizer = Tokenizer::FromGguf(*file);
    if (!tokenizer.ok()) return nullptr;
    return std::make_unique<Tokenizer>(std::move(tokenizer).value());
  }();
  return tokenizer.get();
}

std::shared_ptr<const GrammarVocabulary> Llama3Vocabulary() {
  static const std::shared_ptr<const GrammarVocabulary> vocabulary =
      Llama3Tokenizer() ? GrammarVocabulary::FromTokenizer(*Llama3Tokenizer()) : nullptr;
  return vocabulary;
}

std::shared_ptr<const Grammar> SchemaGrammar() {
  const auto schema = nlohmann::ordered_json::parse(R"({
    "type": "object",
    "properties": {
      "name": {"type": "string", "maxLength": 40},
      "age": {"type": "integer", "minimum": 0, "maximum": 150},
      "email": {"type": "string", "format": "email"},
      "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 5}
    },
    "required": ["name", "age", "email", "tags"]
  })");
  Result<Grammar> grammar = GrammarFromJsonSchema(schema);
  return grammar.ok() ? std::make_shared<const Grammar>(std::move(grammar).value()) : nullptr;
}

// A constraint that has accepted `prefix` (encoded with the vocabulary's own tokenizer).
std::unique_ptr<GrammarConstraint> ConstraintAt(const std::shared_ptr<const Grammar>& grammar,
                                                const std::string& prefix) {
  auto constraint = std::make_unique<GrammarConstraint>(grammar, Llama3Vocabulary());
  for (TokenId token : Llama3Tokenizer()->Encode(prefix, {.add_special = false})) {
    constraint->Accept(token);
  }
  return constraint;
}

void SetCounters(benchmark::State& state, const std::vector<float>& logits) {
  int allowed = 0;
  for (float x : logits) allowed += x > -1e30f;
  state.counters["allowed"] = allowed;
  state.counters["vocab"] = double(logits.size());
}

void MaskWarm(benchmark::State& state, std::shared_ptr<const Grammar> grammar, std::string prefix) {
  if (!Llama3Vocabulary() || !grammar) return state.SkipWithError("fixture or grammar missing");
  auto constraint = ConstraintAt(grammar, prefix);
  if (!constraint->status().ok()) {
    std::fprintf(stderr, "%s\n", constraint->status().ToString().c_str());
    return state.SkipWithError("the prefix does not follow the grammar");
  }
  std::vector<float> logits(size_t(Llama3Vocabulary()->size()), 0.0f);
  for (auto _ : state) {
    constraint->Apply(logits);
    benchmark::DoNotOptimize(logits.data());
  }
  SetCounters(state, logits);
}

void MaskCold(benchmark::State& state, std::shared_ptr<const Grammar> grammar, std::string prefix) {
  if (!Llama3Vocabulary() || !grammar) return state.SkipWithError("fixture or grammar missing");
  std::vector<float> logits(size_t(Llama3Vocabulary()->size()), 0.0f);
  for (auto _ : state) {
    state.PauseTiming();
    auto constraint = ConstraintAt(grammar, prefix);
    state.ResumeTiming();
    constraint->Apply(logits);
    benchmark::DoNotOptimize(logits.data());
  }
  SetCounters(state, logits);
}

void BuildVocabulary(benchmark::State& state) {
  if (!Llama3Tokenizer()) return state.SkipWithError("fixture missing: set HEARTH_SHARED_DIR");
  for (auto _ : state)
    benchmark::DoNotOptimize(GrammarVocabulary::FromTokenizer(*Llama3Tokenizer()));
}

void RegisterAll() {
  const auto json = std::make_shared<const Grammar>(JsonObjectGrammar());
  const auto schema = SchemaGrammar();
  struct Place {
    const char* name;
    std::shared_ptr<const Grammar> grammar;
    const char* prefix;
  };
  const Place places[] = {
      {"Json/Start", json, ""},
      {"Json/ObjectStart", json, "{"},
      {"Json/InString", json, "{\"story\": \"Once upon a time"},
      {"Json/AfterNumber", json, "{\"a\": [1, 23"},
      {"Schema/ObjectStart", schema, "{"},
      {"Schema/InString", schema, "{\"name\": \"Lily"},
      {"Schema/InInteger", schema, "{\"name\": \"Lily\", \"age\": 1"},
  };
  for (const Place& p : places) {
    benchmark::RegisterBenchmark((std::string("GrammarMask/Warm/") + p.name).c_str(), MaskWarm,
                                 p.grammar, p.prefix)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark((std::string("GrammarMask/Cold/") + p.name).c_str(), MaskCold,
                                 p.grammar, p.prefix)
        ->Unit(benchmark::kMicrosecond);
  }
  benchmark::RegisterBenchmark("GrammarVocabulary/Build/Llama3", BuildVocabulary)
      ->Unit(benchmark::kMillisecond);
}

const bool kRegistered = (RegisterAll(), true);

}  // namespace
}  // namespace hearth::bench
