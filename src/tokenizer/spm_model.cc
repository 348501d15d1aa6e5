#include "tokenizer/spm_model.h"

#include <algorithm>
#include <cstdio>

#include "tokenizer/utf8.h"

namespace hearth {
namespace {

// Heap order: the top is the highest score, and among equal scores the leftmost pair.
bool LaterCandidate(const SpmScratch::Candidate& a, const SpmScratch::Candidate& b) {
  return a.score < b.score || (a.score == b.score && a.left > b.left);
}

void PushCandidate(const Vocabulary& vocab, std::string_view text, SpmScratch* scratch,
                   int32_t left, int32_t right) {
  if (left < 0 || right < 0) return;
  const SpmScratch::Symbol& l = scratch->symbols[left];
  const SpmScratch::Symbol& r = scratch->symbols[right];
  const uint32_t length = l.length + r.length;  // l and r are adjacent in the text
  const TokenId id = vocab.Find(text.substr(l.begin, length));
  if (id < 0) return;
  scratch->heap.push_back({vocab.Score(id), left, right, length});
  std::push_heap(scratch->heap.begin(), scratch->heap.end(), LaterCandidate);
}

// Whether a word starts at byte `pos` of `text`: a U+2581 not preceded by another.
bool StartsWord(std::string_view text, size_t pos) {
  return pos > 0 && text.substr(pos, 3) == kSpaceMark &&
         (pos < 3 || text.substr(pos - 3, 3) != kSpaceMark);
}

// Whether some token has a word start inside it (after its first byte).
bool AnyTokenSpansWordStart(const Vocabulary& vocab) {
  for (TokenId id = 0; id < vocab.size(); ++id) {
    const std::string_view text = vocab.Text(id);
    for (size_t pos = text.find(kSpaceMark, 1); pos != std::string_view::npos;
         pos = text.find(kSpaceMark, pos + 1)) {
      if (StartsWord(text, pos)) return true;
    }
  }
  return false;
}

}  // namespace

SpmModel SpmModel::Build(const Vocabulary& vocab, TokenId unknown_id) {
  SpmModel model;
  for (int byte = 0; byte < 256; ++byte) {
    char hex[8];
    std::snprintf(hex, sizeof(hex), "<0x%02X>", byte);
    TokenId id = vocab.Find(hex);
    const char raw = char(byte);
    if (id < 0) id = vocab.Find(std::string_view(&raw, 1));
    model.byte_tokens_[byte] = id >= 0 ? id : unknown_id;
  }
  model.words_merge_alone_ = !AnyTokenSpansWordStart(vocab);
  return model;
}

void SpmModel::MergeSymbols(const Vocabulary& vocab, std::string_view text,
                            SpmScratch* scratch) const {
  auto& symbols = scratch->symbols;
  scratch->heap.clear();
  for (int32_t i = 1; i < int32_t(symbols.size()); ++i)
    PushCandidate(vocab, text, scratch, i - 1, i);
  while (!scratch->heap.empty()) {
    std::pop_heap(scratch->heap.begin(), scratch->heap.end(), LaterCandidate);
    const SpmScratch::Candidate c = scratch->heap.back();
    scratch->heap.pop_back();
    SpmScratch::Symbol& left = symbols[c.left];
    SpmScratch::Symbol& right = symbols[c.right];
    if (left.length == 0 || right.length == 0 || left.length + right.length != c.length) continue;
    left.length += right.length;
    right.length = 0;
    left.next = right.next;
    if (right.next >= 0) symbols[right.next].prev = c.left;
    PushCandidate(vocab, text, scratch, left.prev, c.left);
    PushCandidate(vocab, text, scratch, c.left, left.next);
  }
}

void SpmModel::EncodeRange(const Vocabulary& vocab, std::string_view text, SpmScratch* scratch,
                           std::vector<TokenId>* out) const {
  auto& symbols = scratch->symbols;
  symbols.clear();
  for (size_t pos = 0; pos < text.size();) {
    const size_t length = std::min(utf8::SequenceLength(uint8_t(text[pos])), text.size() - pos);
    const int32_t index = int32_t(symbols.size());
    symbols.push_back(
        {index - 1, pos + length < text.size() ? index + 1 : -1, uint32_t(pos), uint32_t(length)});
    pos += length;
  }
  MergeSymbols(vocab, text, scratch);
  for (int32_t i = 0; i >= 0; i = symbols[i].next) {
    const std::string_view piece = text.substr(symbols[i].begin, symbols[i].length);
    if (TokenId id = vocab.Find(piece); id >= 0) {
      out->push_back(id);
      continue;
    }
    for (char c : piece) {
      if (TokenId id = byte_tokens_[uint8_t(c)]; id >= 0) out->push_back(id);
    }
  }
}

void SpmModel::Encode(const Vocabulary& vocab, std::string_view text, SpmScratch* scratch,
                      std::vector<TokenId>* out) const {
  if (text.empty()) return;
  if (!words_merge_alone_) return EncodeRange(vocab, text, scratch, out);
  // Word by word; words start at character (symbol) boundaries of the whole text.
  size_t word = 0;
  for (size_t pos = 0; pos < text.size(); pos += utf8::SequenceLength(uint8_t(text[pos]))) {
    if (pos > word && StartsWord(text, pos)) {
      EncodeRange(vocab, text.substr(word, pos - word), scratch, out);
      word = pos;
    }
  }
  EncodeRange(vocab, text.substr(word), scratch, out);
}

}  // namespace hearth
