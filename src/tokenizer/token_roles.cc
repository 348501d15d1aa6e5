// Roles of special tokens that metadata often leaves implicit, found by their text as the
// reference implementation finds them: end of turn, end of message, fill-in-the-middle tokens,
// and the set of tokens that end generation. A token found this way becomes a control token.
#include <algorithm>
#include <cctype>
#include <initializer_list>

#include "tokenizer/tokenizer_data.h"

namespace hearth::tokenizer_internal {
namespace {

using Texts = std::initializer_list<std::string_view>;

struct Role {
  TokenId SpecialIds::*field;
  Texts texts;
};

// When no key sets a role, the first of these texts (in this order) that the vocabulary has
// takes it; e.g. Llama 3's <|eot_id|> rather than <|end_of_text|>, Phi-3's <|end|> rather than
// <|endoftext|>. (The reference takes whichever its hash map yields first; its logs show these
// choices for these models.)
const Role kRoles[] = {
    {&SpecialIds::eot,
     {"<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|end_of_text|>",
      "<EOT>", "_<EOT>", "[EOT]", "<｜end▁of▁sentence｜>", "<end_of_utterance>"}},
    {&SpecialIds::eom, {"<|eom_id|>"}},
    {&SpecialIds::fim_pad, {"<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]"}},
    {&SpecialIds::fim_rep, {"<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>"}},
    {&SpecialIds::fim_sep, {"<|file_sep|>"}},
};

// Fill-in-the-middle prefix/suffix/middle tokens: Hearth does not expose them, but finding one
// makes it a control token, which changes how text containing it is split.
// clang-format off
const Texts kFimMarkerTexts = {
    "<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<｜fim▁begin｜>", "<PRE>", "▁<PRE>",
    "<|code_prefix|>", "<|prefix|>",
    "<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>", "<｜fim▁hole｜>", "<SUF>", "▁<SUF>",
    "<|code_suffix|>", "<|suffix|>",
    "<|fim_middle|>", "<fim-middle>", "<fim_middle>", "<｜fim▁end｜>", "<MID>", "▁<MID>",
    "<|code_middle|>", "<|middle|>"};
// clang-format on

// Tokens that end generation wherever they appear in a vocabulary.
// clang-format off
const Texts kEndOfGenerationTexts = {
    "<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<|flush|>", "<|calls|>",
    "<end_of_turn>", "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]",
    "<|end_of_text|>", "<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>",
    "<｜end▁of▁sentence｜>", "[e~["};
// clang-format on

void MarkControl(Vocabulary& vocab, TokenId id) {
  vocab.SetAttr(id, vocab.Attr(id) | kAttrControl);
}

// The token of the first of `texts` that the vocabulary has, or -1.
TokenId FirstTokenOf(const Vocabulary& vocab, const Texts& texts) {
  for (std::string_view text : texts) {
    if (TokenId id = vocab.Find(text); id >= 0) return id;
  }
  return -1;
}

void FindRolesByText(TokenizerData* data) {
  Vocabulary& vocab = data->vocab;
  for (const Role& role : kRoles) {
    TokenId& id = data->ids.*role.field;
    if (id >= 0) continue;  // set by the metadata
    id = FirstTokenOf(vocab, role.texts);
    if (id >= 0) MarkControl(vocab, id);
  }
  for (std::string_view text : kFimMarkerTexts) {
    if (TokenId id = vocab.Find(text); id >= 0) MarkControl(vocab, id);
  }
}

// Drops `text` from the end-of-generation set when it is there; returns whether it was.
bool RemoveFromEog(TokenizerData* data, std::string_view text, uint16_t new_attr) {
  auto& eog = data->end_of_generation;
  for (auto it = eog.begin(); it != eog.end(); ++it) {
    if (data->vocab.Text(*it) == text) {
      data->vocab.SetAttr(*it, new_attr);
      eog.erase(it);
      return true;
    }
  }
  return false;
}

bool EogHas(const TokenizerData& data, std::string_view text) {
  return std::any_of(data.end_of_generation.begin(), data.end_of_generation.end(),
                     [&](TokenId id) { return data.vocab.Text(id) == text; });
}

void CollectEndOfGeneration(TokenizerData* data) {
  Vocabulary& vocab = data->vocab;
  std::vector<TokenId>& eog = data->end_of_generation;
  for (TokenId id : {data->ids.fim_pad, data->ids.fim_rep, data->ids.fim_sep, data->ids.eos,
                     data->ids.eot, data->ids.eom}) {
    if (id >= 0) eog.push_back(id);
  }
  for (std::string_view text : kEndOfGenerationTexts) {
    if (TokenId id = vocab.Find(text); id >= 0) {
      eog.push_back(id);
      MarkControl(vocab, id);
    }
  }
  // gpt-oss style vocabularies end turns with <|return|> / <|call|>, not <|end|>; Gemma 4's
  // </s> does not end generation.
  if ((EogHas(*data, "<|return|>") && EogHas(*data, "<|call|>")) ||
      (EogHas(*data, "<|calls|>") && EogHas(*data, "<|flush|>"))) {
    RemoveFromEog(data, "<|end|>", kAttrUserDefined);
  }
  if (EogHas(*data, "<|tool_response>")) RemoveFromEog(data, "</s>", kAttrNormal);
  std::sort(eog.begin(), eog.end());
  eog.erase(std::unique(eog.begin(), eog.end()), eog.end());
}

// A string value for matching names; absent or ill-typed keys read as "".
std::string StringOrEmpty(const GgufFile& file, std::string_view key) {
  Result<std::string_view> value = file.metadata().GetString(key);
  return value.ok() ? std::string(*value) : std::string();
}

}  // namespace

void AssignTokenRoles(TokenizerData* data) {
  FindRolesByText(data);
  // gpt-oss channel markers are always rendered.
  for (std::string_view text : {"<|channel|>", "<|message|>", "<|start|>", "<|constrain|>"}) {
    if (TokenId id = data->vocab.Find(text); id >= 0) data->vocab.SetAttr(id, kAttrUserDefined);
  }
  CollectEndOfGeneration(data);
}

void ApplyStripAttributes(const GgufFile& file, TokenizerData* data) {
  Vocabulary& vocab = data->vocab;
  auto set = [&](std::string_view text, uint16_t bit, bool on) {
    const TokenId id = vocab.Find(text);
    if (id >= 0) vocab.SetAttr(id, on ? (vocab.Attr(id) | bit) : (vocab.Attr(id) & ~bit));
  };
  std::string name = StringOrEmpty(file, "general.name");
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  const std::string arch = StringOrEmpty(file, "general.architecture");
  if (data->pre_name.find("jina-v2-") != std::string::npos ||
      arch.find("nomic-bert-moe") != std::string::npos ||
      arch.find("jina-bert-v3") != std::string::npos) {
    set("<mask>", kAttrLstrip, true);
  } else if (name.find("phi-3") != std::string::npos || name.find("phi3") != std::string::npos) {
    for (TokenId id : data->specials.candidates()) vocab.SetAttr(id, vocab.Attr(id) | kAttrRstrip);
    set("</s>", kAttrRstrip, true);
    for (std::string_view text : {"<unk>", "<s>", "<|endoftext|>"}) set(text, kAttrRstrip, false);
  } else if (name.find("modern-bert") != std::string::npos) {
    set("[MASK]", kAttrLstrip, true);
  }
}

}  // namespace hearth::tokenizer_internal
