#include "tokenizer/special_tokens.h"

#include <algorithm>

namespace hearth {
namespace {

bool IsAsciiSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Splits one text fragment at every occurrence of `token_text`; appends the parts to `out`.
void SplitFragment(std::string_view text, const TextFragment& fragment, TokenId token,
                   std::string_view token_text, uint16_t attr, std::vector<TextFragment>* out) {
  const size_t end = fragment.begin + fragment.length;
  const std::string_view window = text.substr(0, end);
  size_t pos = fragment.begin;
  while (pos < end) {
    const size_t match = window.find(token_text, pos);
    if (match == std::string_view::npos) break;
    size_t left_end = match;
    if (attr & kAttrLstrip) {
      while (left_end > pos && IsAsciiSpace(text[left_end - 1])) --left_end;
    }
    if (left_end > pos) out->push_back({-1, pos, left_end - pos});
    out->push_back({token, 0, 0});
    pos = match + token_text.size();
    if (attr & kAttrRstrip) {
      while (pos < end && IsAsciiSpace(text[pos])) ++pos;
    }
  }
  if (end > pos) out->push_back({-1, pos, end - pos});
}

}  // namespace

SpecialTokenSplitter::SpecialTokenSplitter(const Vocabulary& vocab) {
  for (TokenId id = 0; id < vocab.size(); ++id) {
    if (vocab.HasAttr(id, kAttrControl | kAttrUserDefined | kAttrUnknown))
      candidates_.push_back(id);
  }
  std::stable_sort(candidates_.begin(), candidates_.end(), [&](TokenId a, TokenId b) {
    return vocab.Text(a).size() > vocab.Text(b).size();
  });
}

std::vector<TextFragment> SpecialTokenSplitter::Split(const Vocabulary& vocab,
                                                      std::string_view text,
                                                      bool parse_special) const {
  std::vector<TextFragment> fragments;
  if (text.empty()) return fragments;
  fragments.push_back({-1, 0, text.size()});
  std::vector<TextFragment> next;
  for (TokenId id : candidates_) {
    const uint16_t attr = vocab.Attr(id);
    if (!parse_special && (attr & (kAttrControl | kAttrUnknown))) continue;
    const std::string_view token_text = vocab.Text(id);
    if (text.find(token_text) == std::string_view::npos) continue;  // cheap common case
    next.clear();
    for (const TextFragment& fragment : fragments) {
      if (fragment.is_token()) {
        next.push_back(fragment);
      } else {
        SplitFragment(text, fragment, id, token_text, attr, &next);
      }
    }
    fragments.swap(next);
    if (fragments.empty()) break;
  }
  return fragments;
}

}  // namespace hearth
