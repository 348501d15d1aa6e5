#include "tokenizer/vocabulary.h"

#include "base/check.h"

namespace hearth {

uint16_t AttrOfTokenType(int64_t type) {
  switch (TokenType(type)) {
    case TokenType::kNormal: return kAttrNormal;
    case TokenType::kUnknown: return kAttrUnknown;
    case TokenType::kControl: return kAttrControl;
    case TokenType::kUserDefined: return kAttrUserDefined;
    case TokenType::kUnused: return kAttrUnused;
    case TokenType::kByte: return kAttrByte;
    case TokenType::kUndefined: break;
  }
  return 0;
}

Vocabulary::Vocabulary(const std::vector<std::string>& texts, std::vector<float> scores,
                       std::vector<uint16_t> attrs)
    : scores_(std::move(scores)), attrs_(std::move(attrs)) {
  HEARTH_CHECK(scores_.size() == texts.size() && attrs_.size() == texts.size());
  auto stored_text = [&](size_t i) -> std::string {
    return texts[i].empty() ? "[EMPTY_" + std::to_string(i) + "]" : std::string();
  };
  size_t total = 0;
  for (size_t i = 0; i < texts.size(); ++i) {
    total += texts[i].empty() ? stored_text(i).size() : texts[i].size();
  }
  arena_.reserve(total);
  offsets_.reserve(texts.size() + 1);
  for (size_t i = 0; i < texts.size(); ++i) {
    offsets_.push_back(uint32_t(arena_.size()));
    const std::string replacement = stored_text(i);
    const std::string& text = texts[i].empty() ? replacement : texts[i];
    arena_.insert(arena_.end(), text.begin(), text.end());
  }
  offsets_.push_back(uint32_t(arena_.size()));
  HEARTH_CHECK(arena_.size() == total);  // no reallocation: the index keeps views into arena_

  index_.Reserve(texts.size());
  constexpr size_t kLookahead = 16;  // keys whose slots are being fetched from memory
  for (size_t i = 0; i < texts.size(); ++i) {
    if (i + kLookahead < texts.size()) index_.Prefetch(Text(TokenId(i + kLookahead)));
    index_.InsertOrAssign(Text(TokenId(i)), TokenId(i));
  }
}

}  // namespace hearth
