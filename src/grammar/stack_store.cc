#include "grammar/stack_store.h"

#include <algorithm>
#include <string>

namespace hearth {
StackStore::StackStore(const Grammar& grammar) : grammar_(grammar) { Clear(); }

void StackStore::Clear() {
  frames_.assign(1, Frame{UINT32_MAX, kEmptyStack});
  ids_ = FlatHashMap<uint64_t, StackId>();
  first_successor_.assign(1, kNotComputed);
  successor_count_.assign(1, 0);
  successors_.clear();
  visited_.assign(1, 0);
  stamp_ = 0;
}

void StackStore::Fail(Status status) {
  if (status_.ok()) status_ = std::move(status);
}

bool StackStore::Charge(uint64_t units) {
  work_done_ += units;
  if (units <= work_left_) {
    work_left_ -= units;
    return true;
  }
  work_left_ = 0;
  Fail(ResourceExhausted("grammar too ambiguous to follow: parsing took more than " +
                         std::to_string(kWorkPerByte) + " steps per byte of text"));
  return false;
}

StackId StackStore::Intern(uint32_t position, StackId below) {
  const uint64_t key = (uint64_t{position} << 32) | below;
  if (const StackId* id = ids_.Find(key)) return *id;
  const auto id = StackId(frames_.size());
  frames_.push_back({position, below});
  ids_.InsertOrAssign(key, id);
  first_successor_.push_back(kNotComputed);
  successor_count_.push_back(0);
  visited_.push_back(0);
  return id;
}

bool StackStore::Expand(uint32_t position, StackId below, std::vector<StackId>& out) {
  if (++stamp_ == 0) {  // the stamp wrapped: forget old visits
    std::fill(visited_.begin(), visited_.end(), 0);
    stamp_ = 1;
  }
  const size_t first_out = out.size();
  bool empty_emitted = false;
  work_.assign(1, Frame{position, below});
  while (!work_.empty()) {
    const Frame item = work_.back();
    work_.pop_back();
    const StackId id = Intern(item.position, item.below);
    if (visited_[id] == stamp_) continue;
    visited_[id] = stamp_;
    if (!Charge(1)) return false;
    if (out.size() - first_out > kMaxStacks || frames_.size() > kMaxFrames) {
      Fail(ResourceExhausted("grammar too ambiguous: more than " + std::to_string(kMaxStacks) +
                             " parse stacks at once, or more than " + std::to_string(kMaxFrames) +
                             " stack frames in all"));
      return false;
    }
    const GrammarElement& element = grammar_.element(item.position);
    if (element.kind == ElementKind::kCharSet) {
      if (!grammar_.char_set(element.index).IsEmpty()) out.push_back(id);
    } else if (element.kind == ElementKind::kEnd) {
      if (item.below != kEmptyStack) {
        work_.push_back(frames_[item.below]);
      } else if (!empty_emitted) {
        out.push_back(kEmptyStack);
        empty_emitted = true;
      }
    } else {
      const uint32_t next = item.position + 1;
      const StackId rest =
          grammar_.element(next).kind == ElementKind::kEnd ? item.below : Intern(next, item.below);
      for (uint32_t start : grammar_.rule(element.index).alternatives) {
        work_.push_back({start, rest});
      }
    }
  }
  std::sort(out.begin() + ptrdiff_t(first_out), out.end());
  return true;
}

std::vector<StackId> StackStore::StartStacks() {
  std::vector<StackId> out;
  if (!status_.ok()) return out;
  const GrammarRule& root = grammar_.rule(grammar_.root_rule());
  for (uint32_t start : root.alternatives) {
    if (!Expand(start, kEmptyStack, out)) return {};
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::span<const StackId> StackStore::Successors(StackId stack) {
  HEARTH_DCHECK(stack != kEmptyStack && stack < frames_.size());
  if (first_successor_[stack] == kNotComputed) {
    if (!status_.ok()) return {};
    const Frame frame = frames_[stack];
    std::vector<StackId> out;
    if (!Expand(frame.position + 1, frame.below, out)) return {};
    first_successor_[stack] = uint32_t(successors_.size());
    successor_count_[stack] = uint32_t(out.size());
    successors_.insert(successors_.end(), out.begin(), out.end());
  }
  return {successors_.data() + first_successor_[stack], successor_count_[stack]};
}

std::vector<uint32_t> StackStore::Positions(StackId stack) const {
  std::vector<uint32_t> positions;
  for (; stack != kEmptyStack; stack = frames_[stack].below) {
    positions.push_back(frames_[stack].position);
  }
  return positions;
}

StackId StackStore::FromPositions(std::span<const uint32_t> positions) {
  StackId stack = kEmptyStack;
  for (size_t i = positions.size(); i-- > 0;) stack = Intern(positions[i], stack);
  return stack;
}

}  // namespace hearth
