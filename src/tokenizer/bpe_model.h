// Byte-level BPE (tokenizer.ggml.model "gpt2"): merge ranks from tokenizer.ggml.merges and the
// encoding of one pre-tokenized word.
//
// Symbols are identified by integers: the vocabulary's token ids, plus ids from vocab size
// upwards for strings that merges mention but the vocabulary lacks, so a merge is a lookup of
// the pair (left id, right id) in a hash table. A word is merged with a binary heap of candidate
// pairs over a linked list of symbols (lowest rank first, leftmost first among equal ranks), as
// the reference does; stale heap entries are skipped when popped.
//
// Immutable after Build(); Encode() is const and keeps its working memory in a caller-owned
// BpeScratch, so one model serves many threads.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tokenizer/flat_hash_map.h"
#include "tokenizer/vocabulary.h"

namespace hearth {

// Reusable working memory of BpeModel::EncodeWord.
struct BpeScratch {
  struct Symbol {
    int32_t id;    // symbol id (token id, extra id, or < 0: unmergeable)
    int32_t prev;  // index in `symbols` or -1
    int32_t next;
    uint32_t begin;   // byte range in the word
    uint32_t length;  // 0: merged into its left neighbour
  };
  struct Candidate {
    int32_t rank;
    int32_t left, right;        // symbol indices
    int32_t left_id, right_id;  // their ids when queued (to detect stale entries)
    int32_t result;             // id of the merged symbol
  };
  std::vector<Symbol> symbols;
  std::vector<Candidate> heap;
  std::string encoded;  // a word spelled in the byte-level alphabet
};

class BpeModel {
 public:
  BpeModel() = default;
  // `merges[i]` is "left right" in the byte-level alphabet; its rank is i (the first of
  // duplicate pairs wins). Entries without a separating space are ignored, as the reference
  // ignores them.
  static BpeModel Build(const Vocabulary& vocab, const std::vector<std::string>& merges);

  // Appends the tokens of `word` (raw bytes of one pre-tokenized word, non-empty). With
  // `ignore_merges`, a word that is a token as a whole is that token.
  void EncodeWord(const Vocabulary& vocab, std::string_view word, bool ignore_merges,
                  BpeScratch* scratch, std::vector<TokenId>* out) const;

  size_t merge_count() const { return merges_.size(); }

 private:
  struct Merge {
    int32_t rank = 0;
    int32_t result = 0;  // symbol id of left + right
  };
  static uint64_t PairKey(int32_t left, int32_t right) {
    return (uint64_t(uint32_t(left)) << 32) | uint32_t(right);
  }

  // Adds merges[first, first + count) to merges_.
  void AddMerges(const Vocabulary& vocab, const std::vector<std::string>& merges, size_t first,
                 size_t count);
  // Symbol id of `text` (vocabulary first), adding an extra id when absent.
  int32_t InternSymbol(const Vocabulary& vocab, std::string_view text);
  void PushCandidate(const BpeScratch::Symbol* symbols, int32_t left, int32_t right,
                     std::vector<BpeScratch::Candidate>* heap) const;
  void MergeAll(BpeScratch* scratch) const;
  void AppendSymbol(const Vocabulary& vocab, const BpeScratch::Symbol& symbol,
                    std::string_view word, std::vector<TokenId>* out) const;

  int32_t vocab_size_ = 0;
  std::array<int32_t, 256> byte_symbol_{};  // symbol id of each byte's alphabet character
  FlatHashMap<uint64_t, Merge> merges_;
  std::unordered_map<std::string, int32_t> extra_ids_;  // strings outside the vocabulary
};

}  // namespace hearth
