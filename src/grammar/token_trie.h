// TokenTrie: the byte strings of a vocabulary's tokens in a prefix tree, laid out flat in
// depth-first order so a walk over it is a loop over arrays: visiting node n means going to
// n + 1, skipping its subtree means going to subtree_end(n). Tokens sharing a prefix share the
// nodes of that prefix, so a matcher checks each prefix once.
//
// Node 0 is the root (the empty prefix). The tokens whose bytes end at node n are
// tokens()[first_token(n) .. first_token(n + 1)), and because tokens are numbered in the same
// depth-first order, the tokens of n's whole subtree are
// tokens()[first_token(n) .. first_token(subtree_end(n))).
//
// Each node also summarizes its subtree so a walk can accept a whole subtree at once: its
// height, the ASCII bytes that occur below it, whether non-ASCII bytes do, and whether every
// token's bytes from this node on are valid UTF-8 when read from here.
//
// Immutable after construction; safe to share between threads.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace hearth {

class TokenTrie {
 public:
  // Tokens longer than this many bytes are left out (no real vocabulary has them).
  static constexpr size_t kMaxTokenBytes = 1024;

  TokenTrie() : TokenTrie(std::vector<std::pair<int32_t, std::string_view>>()) {}
  // `tokens`: (id, bytes) pairs; empty byte strings are left out.
  explicit TokenTrie(std::vector<std::pair<int32_t, std::string_view>> tokens);

  uint32_t node_count() const { return uint32_t(byte_.size()); }
  uint8_t byte(uint32_t node) const { return byte_[node]; }  // the edge into the node
  uint32_t depth(uint32_t node) const { return depth_[node]; }
  uint32_t subtree_end(uint32_t node) const { return subtree_end_[node]; }
  uint32_t first_token(uint32_t node) const { return first_token_[node]; }  // node_count() ok
  std::span<const int32_t> tokens() const { return tokens_; }
  uint32_t max_depth() const { return max_depth_; }

  // The length of the longest path below `node` (0 for a leaf).
  uint32_t height(uint32_t node) const { return height_[node]; }
  // The ASCII bytes on the edges below `node` (bit b of word b / 64).
  const std::array<uint64_t, 2>& ascii_below(uint32_t node) const { return ascii_below_[node]; }
  bool non_ascii_below(uint32_t node) const { return flags_[node] & kNonAsciiBelow; }
  // Every token below `node`, read from `node` on, is valid UTF-8 (the last character may be
  // incomplete).
  bool utf8_below(uint32_t node) const { return flags_[node] & kUtf8Below; }

 private:
  static constexpr uint8_t kNonAsciiBelow = 1;
  static constexpr uint8_t kUtf8Below = 2;

  void Summarize(const std::vector<uint32_t>& parent);

  std::vector<uint8_t> byte_;                         // [node]
  std::vector<uint16_t> depth_;                       // [node]
  std::vector<uint32_t> subtree_end_;                 // [node]
  std::vector<uint32_t> first_token_;                 // [node + 1]
  std::vector<int32_t> tokens_;                       // token ids, depth-first
  std::vector<std::array<uint64_t, 2>> ascii_below_;  // [node]
  std::vector<uint8_t> flags_;                        // [node]
  std::vector<uint16_t> height_;                      // [node]
  uint32_t max_depth_ = 0;
};

}  // namespace hearth
