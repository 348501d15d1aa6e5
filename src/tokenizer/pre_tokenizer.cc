#include "tokenizer/pre_tokenizer.h"

#include <array>

#include "tokenizer/pretok_rules.h"
#include "tokenizer/unicode_props.h"
#include "tokenizer/utf8.h"

namespace hearth {
namespace {

struct NamedPreTokenizer {
  std::string_view name;
  PreTokenizerConfig config;
};

constexpr PreTokenizerConfig Config(PreTokenizer kind, bool clean_spaces,
                                    bool ignore_merges = false, bool add_bos = false) {
  return PreTokenizerConfig{kind, clean_spaces, ignore_merges, add_bos};
}

// tokenizer.ggml.pre names, grouped by the pattern list they use (the reference's names).
constexpr NamedPreTokenizer kPreTokenizers[] = {
    {"default", Config(PreTokenizer::kDefault, true)},
    // Llama 3 pattern.
    {"llama3", Config(PreTokenizer::kLlama3, true, true, true)},
    {"llama-v3", Config(PreTokenizer::kLlama3, true, true, true)},
    {"llama-bpe", Config(PreTokenizer::kLlama3, true, true, true)},
    {"falcon3", Config(PreTokenizer::kLlama3, true, true, true)},
    {"falcon-h1", Config(PreTokenizer::kLlama3, true, true, true)},
    {"pixtral", Config(PreTokenizer::kLlama3, true, true, true)},
    {"midm-2.0", Config(PreTokenizer::kLlama3, true, true, true)},
    {"lfm2", Config(PreTokenizer::kLlama3, true, true, true)},
    {"dbrx", Config(PreTokenizer::kLlama3, true)},
    {"smaug-bpe", Config(PreTokenizer::kLlama3, true)},
    // Qwen2 pattern.
    {"qwen2", Config(PreTokenizer::kQwen2, false)},
    {"deepseek-r1-qwen", Config(PreTokenizer::kQwen2, false)},
    {"megrez", Config(PreTokenizer::kQwen2, true)},
    {"stablelm2", Config(PreTokenizer::kQwen2, true)},
    {"hunyuan", Config(PreTokenizer::kQwen2, false)},
    // DeepSeek.
    {"deepseek-llm", Config(PreTokenizer::kDeepseekLlm, false)},
    {"deepseek-coder", Config(PreTokenizer::kDeepseekCoder, false)},
    // GPT-2 pattern.
    {"gpt-2", Config(PreTokenizer::kGpt2, true)},
    {"phi-2", Config(PreTokenizer::kGpt2, true)},
    {"mpt", Config(PreTokenizer::kGpt2, true)},
    {"olmo", Config(PreTokenizer::kGpt2, true)},
    {"jais", Config(PreTokenizer::kGpt2, true)},
    {"jina-es", Config(PreTokenizer::kGpt2, true)},
    {"jina-de", Config(PreTokenizer::kGpt2, true)},
    {"jina-v2-es", Config(PreTokenizer::kGpt2, true)},
    {"jina-v2-de", Config(PreTokenizer::kGpt2, true)},
    {"gigachat", Config(PreTokenizer::kGpt2, true)},
    {"exaone4", Config(PreTokenizer::kGpt2, true)},
    {"trillion", Config(PreTokenizer::kGpt2, false)},
    {"granite-docling", Config(PreTokenizer::kGpt2, false)},
    // Single digits, then the GPT-2 pattern.
    {"starcoder", Config(PreTokenizer::kStarcoder, true)},
    {"refact", Config(PreTokenizer::kStarcoder, true)},
    {"command-r", Config(PreTokenizer::kStarcoder, false)},
    {"smollm", Config(PreTokenizer::kStarcoder, false)},
    {"codeshell", Config(PreTokenizer::kStarcoder, true)},
    {"exaone", Config(PreTokenizer::kStarcoder, true)},
    {"minerva-7b", Config(PreTokenizer::kStarcoder, true)},
    // Falcon.
    {"falcon", Config(PreTokenizer::kFalcon, true)},
};

using pretok::Pattern;
using pretok::Pieces;

// One step of a pattern list.
enum class Step : uint8_t { kGpt2, kLlama3, kQwen2, kTrailingWhitespace, kPattern };
struct Rule {
  Step step;
  Pattern pattern = Pattern::kNumber;  // for Step::kPattern
};
constexpr Rule Use(Pattern pattern) { return Rule{Step::kPattern, pattern}; }

// The pattern list of each pre-tokenizer, in the order the reference applies them.
std::vector<Rule> RulesOf(PreTokenizer kind) {
  switch (kind) {
    case PreTokenizer::kGpt2: return {{Step::kGpt2}};
    case PreTokenizer::kLlama3: return {{Step::kLlama3}};
    case PreTokenizer::kQwen2: return {{Step::kQwen2}};
    case PreTokenizer::kStarcoder: return {Use(Pattern::kNumber), {Step::kGpt2}};
    case PreTokenizer::kFalcon:
      return {Use(Pattern::kPunctRunBacktick), {Step::kGpt2}, Use(Pattern::kAsciiDigitTriple)};
    case PreTokenizer::kDeepseekLlm:
      return {Use(Pattern::kNewline),         Use(Pattern::kSpaceLatinLetters),
              Use(Pattern::kSpaceAsciiPunct), {Step::kTrailingWhitespace},
              Use(Pattern::kCjkRun),          Use(Pattern::kNumberRun)};
    case PreTokenizer::kDeepseekCoder:
      return {Use(Pattern::kNewline), Use(Pattern::kSpaceLetters), Use(Pattern::kSpacePunct),
              Use(Pattern::kCjkRun), Use(Pattern::kNumber)};
    case PreTokenizer::kDefault:
      return {Use(Pattern::kPunctRun),
              {Step::kGpt2},
              Use(Pattern::kNumberRun),
              Use(Pattern::kAsciiDigitTriple)};
  }
  return {};
}

void ApplyRule(const Rule& rule, const pretok::TextView& text, const Pieces& in, Pieces* out) {
  switch (rule.step) {
    case Step::kGpt2: return pretok::SplitGpt2(text, in, out);
    case Step::kLlama3: return pretok::SplitLlama3(text, in, out, 3);
    case Step::kQwen2: return pretok::SplitLlama3(text, in, out, 1);
    case Step::kTrailingWhitespace: return pretok::SplitTrailingWhitespace(text, in, out);
    case Step::kPattern: return pretok::SplitByPattern(rule.pattern, text, in, out);
  }
}

}  // namespace

std::optional<PreTokenizerConfig> FindPreTokenizer(std::string_view name) {
  for (const NamedPreTokenizer& entry : kPreTokenizers) {
    if (entry.name == name) return entry.config;
  }
  return std::nullopt;
}

void CodepointText::Assign(std::string_view utf8_text) {
  cpts = utf8::DecodeUtf8Lenient(utf8_text);
  flags.resize(cpts.size());
  for (size_t i = 0; i < cpts.size(); ++i) flags[i] = unicode::CodepointFlags(cpts[i]);
}

void PreTokenize(PreTokenizer kind, const CodepointText& text,
                 std::vector<uint32_t>* word_lengths) {
  if (text.cpts.empty()) return;
  const pretok::TextView view{text.cpts.data(), text.flags.data(), text.cpts.size()};
  Pieces pieces = {uint32_t(text.cpts.size())};
  Pieces next;
  for (const Rule& rule : RulesOf(kind)) {
    next.clear();
    ApplyRule(rule, view, pieces, &next);
    pieces.swap(next);
  }
  word_lengths->insert(word_lengths->end(), pieces.begin(), pieces.end());
}

}  // namespace hearth
