#include "tokenizer/bpe_model.h"

#include <algorithm>

#include "tokenizer/byte_level.h"

namespace hearth {
namespace {

// Heap order: the top is the lowest rank, and among equal ranks the leftmost pair.
bool LaterCandidate(const BpeScratch::Candidate& a, const BpeScratch::Candidate& b) {
  return a.rank > b.rank || (a.rank == b.rank && a.left > b.left);
}

}  // namespace

int32_t BpeModel::InternSymbol(const Vocabulary& vocab, std::string_view text) {
  if (TokenId id = vocab.Find(text); id >= 0) return id;
  auto [it, inserted] = extra_ids_.try_emplace(std::string(text), 0);
  if (inserted) it->second = vocab_size_ + int32_t(extra_ids_.size()) - 1;
  return it->second;
}

void BpeModel::AddMerges(const Vocabulary& vocab, const std::vector<std::string>& merges,
                         size_t first, size_t count) {
  struct Parsed {
    std::string_view left, right, joined;  // empty left: not a merge
  };
  std::vector<Parsed> parsed(count);
  std::string joined_storage;  // joined strings of the chunk, back to back
  size_t joined_bytes = 0;
  for (size_t i = 0; i < count; ++i) joined_bytes += merges[first + i].size();
  joined_storage.reserve(joined_bytes);  // no reallocation: `joined` views point into it
  for (size_t i = 0; i < count; ++i) {
    const std::string& line = merges[first + i];
    const size_t space = line.find(' ', 1);
    if (space == std::string::npos || space + 1 >= line.size()) continue;
    const size_t start = joined_storage.size();
    joined_storage.append(line, 0, space).append(line, space + 1);
    parsed[i] = {std::string_view(line).substr(0, space), std::string_view(line).substr(space + 1),
                 std::string_view(joined_storage).substr(start)};
  }
  // Hash lookups miss the cache: fetch the slots of later merges while handling this one.
  constexpr size_t kLookahead = 8;
  std::vector<uint64_t> keys(count);
  std::vector<Merge> values(count);
  for (size_t i = 0; i < count; ++i) {
    if (i + kLookahead < count && !parsed[i + kLookahead].left.empty()) {
      const Parsed& ahead = parsed[i + kLookahead];
      vocab.Prefetch(ahead.left);
      vocab.Prefetch(ahead.right);
      vocab.Prefetch(ahead.joined);
    }
    const Parsed& p = parsed[i];
    if (p.left.empty()) continue;
    keys[i] = PairKey(InternSymbol(vocab, p.left), InternSymbol(vocab, p.right));
    values[i] = Merge{int32_t(first + i), InternSymbol(vocab, p.joined)};
  }
  for (size_t i = 0; i < count; ++i) {
    if (i + kLookahead < count && !parsed[i + kLookahead].left.empty()) {
      merges_.Prefetch(keys[i + kLookahead]);
    }
    if (!parsed[i].left.empty()) merges_.Insert(keys[i], values[i]);  // the first rank wins
  }
}

BpeModel BpeModel::Build(const Vocabulary& vocab, const std::vector<std::string>& merges) {
  BpeModel model;
  model.vocab_size_ = vocab.size();
  model.merges_.Reserve(merges.size());
  constexpr size_t kChunk = 4096;  // merges parsed at a time
  for (size_t first = 0; first < merges.size(); first += kChunk) {
    model.AddMerges(vocab, merges, first, std::min(kChunk, merges.size() - first));
  }
  // Bytes whose character is not a symbol get distinct negative ids: they never merge.
  for (int byte = 0; byte < 256; ++byte) {
    const std::string& symbol = byte_level::ByteSymbol(uint8_t(byte));
    const TokenId id = vocab.Find(symbol);
    auto extra = model.extra_ids_.find(symbol);
    model.byte_symbol_[byte] = id >= 0                           ? id
                               : extra != model.extra_ids_.end() ? extra->second
                                                                 : -2 - byte;
  }
  return model;
}

void BpeModel::PushCandidate(const BpeScratch::Symbol* symbols, int32_t left, int32_t right,
                             std::vector<BpeScratch::Candidate>* heap) const {
  if (left < 0 || right < 0) return;
  const int32_t left_id = symbols[left].id, right_id = symbols[right].id;
  if (left_id < 0 || right_id < 0) return;
  const Merge* merge = merges_.Find(PairKey(left_id, right_id));
  if (merge == nullptr) return;
  heap->push_back({merge->rank, left, right, left_id, right_id, merge->result});
  std::push_heap(heap->begin(), heap->end(), LaterCandidate);
}

void BpeModel::MergeAll(BpeScratch* scratch) const {
  auto& symbols = scratch->symbols;
  auto& heap = scratch->heap;
  heap.clear();
  for (int32_t i = 1; i < int32_t(symbols.size()); ++i)
    PushCandidate(symbols.data(), i - 1, i, &heap);
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), LaterCandidate);
    const BpeScratch::Candidate c = heap.back();
    heap.pop_back();
    BpeScratch::Symbol& left = symbols[c.left];
    BpeScratch::Symbol& right = symbols[c.right];
    if (left.length == 0 || right.length == 0 || left.id != c.left_id || right.id != c.right_id) {
      continue;  // one side has changed since this pair was queued
    }
    left.id = c.result;
    left.length += right.length;
    right.length = 0;
    left.next = right.next;
    if (right.next >= 0) symbols[right.next].prev = c.left;
    PushCandidate(symbols.data(), left.prev, c.left, &heap);
    PushCandidate(symbols.data(), c.left, left.next, &heap);
  }
}

void BpeModel::AppendSymbol(const Vocabulary& vocab, const BpeScratch::Symbol& symbol,
                            std::string_view word, std::vector<TokenId>* out) const {
  if (symbol.id >= 0 && symbol.id < vocab_size_) {
    out->push_back(symbol.id);
    return;
  }
  // Not a token: each byte of its byte-level spelling that is a one-byte token is kept (only
  // ASCII characters can be), the rest is dropped, as the reference does.
  for (size_t i = symbol.begin; i < symbol.begin + symbol.length; ++i) {
    for (char c : byte_level::ByteSymbol(uint8_t(word[i]))) {
      if (TokenId id = vocab.Find(std::string_view(&c, 1)); id >= 0) out->push_back(id);
    }
  }
}

void BpeModel::EncodeWord(const Vocabulary& vocab, std::string_view word, bool ignore_merges,
                          BpeScratch* scratch, std::vector<TokenId>* out) const {
  if (ignore_merges) {
    scratch->encoded.clear();
    for (char c : word) scratch->encoded += byte_level::ByteSymbol(uint8_t(c));
    if (TokenId id = vocab.Find(scratch->encoded); id >= 0) {
      out->push_back(id);
      return;
    }
  }
  auto& symbols = scratch->symbols;
  symbols.resize(word.size());
  for (size_t i = 0; i < word.size(); ++i) {
    symbols[i] = {byte_symbol_[uint8_t(word[i])], int32_t(i) - 1,
                  i + 1 < word.size() ? int32_t(i + 1) : -1, uint32_t(i), 1};
  }
  if (symbols.size() > 1) MergeAll(scratch);
  for (int32_t i = 0; i >= 0 && i < int32_t(symbols.size()); i = symbols[i].next) {
    AppendSymbol(vocab, symbols[i], word, out);
  }
}

}  // namespace hearth
