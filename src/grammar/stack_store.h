// StackStore: the parse stacks of a grammar matcher, shared and memoized.
//
// A parse stack says where the matcher is: its top is the position of the character set to
// match next; the frames below are the positions to return to when the rules above them end
// (the element after each rule reference). Stacks are immutable linked lists of frames,
// hash-consed: equal stacks have equal ids, so deduplicating stacks is comparing integers and
// a stack shares its tail with every stack built on it.
//
// Expanding rule references at the top (the closure) is done once per stack and remembered:
// Successors(s) lists the stacks that follow once the character set at the top of s matched a
// character, with every reference expanded. Returning into a frame whose next element ends
// its alternative is skipped (tail calls), so right recursion such as `chars ::= char chars |`
// keeps stacks short.
//
// The grammar must be free of left recursion (Grammar guarantees it). Work is still bounded,
// as very ambiguous grammars make many stacks: a closure producing more than kMaxStacks
// stacks, a store above kMaxFrames frames, or work beyond the budget fails, and the error
// stays in status(). The budget counts one unit per frame visited or stack handled (Charge()
// counts its owner's work too); it starts at kInitialWork and grows by kWorkPerByte for every
// byte of text the matcher accepts (Grant()), up to kMaxWorkCredit. Following JSON through a
// long generation, masks included, takes under a thousand units per byte, because states are
// computed once and cached; a grammar that needs far more per byte is refused quickly.
//
// Not thread-safe: one per matcher. Holds a reference to the grammar, which must outlive it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "base/status.h"
#include "grammar/grammar.h"
#include "tokenizer/flat_hash_map.h"

namespace hearth {

using StackId = uint32_t;
// The stack with nothing left to match: the text so far completes the root rule.
inline constexpr StackId kEmptyStack = 0;

class StackStore {
 public:
  static constexpr size_t kMaxStacks = 4096;      // per closure
  static constexpr size_t kMaxFrames = 1u << 24;  // in the whole store
  static constexpr uint64_t kInitialWork = uint64_t{1} << 20;
  static constexpr uint64_t kWorkPerByte = uint64_t{1} << 14;
  static constexpr uint64_t kMaxWorkCredit = uint64_t{1} << 23;

  explicit StackStore(const Grammar& grammar);
  StackStore(const StackStore&) = delete;
  StackStore& operator=(const StackStore&) = delete;

  // The stacks that begin the root rule, sorted. Empty after an error.
  std::vector<StackId> StartStacks();
  // The stacks after the character set at the top of `stack` matched (sorted; kEmptyStack
  // among them when the text may end there). Requires stack != kEmptyStack. The span is valid
  // until the next call that adds stacks. Empty after an error.
  std::span<const StackId> Successors(StackId stack);

  // The character set at the top of `stack` (!= kEmptyStack).
  const CharSet& TopSet(StackId stack) const {
    return grammar_.char_set(grammar_.element(frames_[stack].position).index);
  }
  // The positions of `stack`, top first; Rebuild() takes them back.
  std::vector<uint32_t> Positions(StackId stack) const;
  // The stack made of `positions` (top first), as Positions() gave them.
  StackId FromPositions(std::span<const uint32_t> positions);

  size_t frame_count() const { return frames_.size(); }
  // Counts `units` of work against the budget; false (and an error) once it is spent.
  bool Charge(uint64_t units);
  // Adds `units` to the budget (capped at kMaxWorkCredit).
  void Grant(uint64_t units) { work_left_ = std::min(work_left_ + units, kMaxWorkCredit); }
  uint64_t work_done() const { return work_done_; }
  const Status& status() const { return status_; }
  // Forgets every stack (ids become invalid); keeps an error.
  void Clear();

 private:
  struct Frame {
    uint32_t position;  // element index in the grammar
    StackId below;      // the rest of the stack
  };
  static constexpr uint32_t kNotComputed = UINT32_MAX;

  StackId Intern(uint32_t position, StackId below);
  // Appends to `out` the char-set-topped stacks (and kEmptyStack) that (position, below)
  // expands to. Returns false after an error.
  bool Expand(uint32_t position, StackId below, std::vector<StackId>& out);
  void Fail(Status status);

  const Grammar& grammar_;
  std::vector<Frame> frames_;           // [stack id]; frames_[kEmptyStack] is a sentinel
  FlatHashMap<uint64_t, StackId> ids_;  // (position << 32 | below) -> id
  // Memo of Successors: successors_[first_successor_[s] .. + successor_count_[s]).
  std::vector<uint32_t> first_successor_;
  std::vector<uint32_t> successor_count_;
  std::vector<StackId> successors_;
  // Scratch for Expand: the pending (position, below) pairs and a per-stack visit stamp.
  std::vector<Frame> work_;
  std::vector<uint32_t> visited_;
  uint32_t stamp_ = 0;
  uint64_t work_left_ = kInitialWork;  // not reset by Clear(): a budget per matcher
  uint64_t work_done_ = 0;
  Status status_;
};

}  // namespace hearth
