#include "grammar/token_trie.h"

#include <algorithm>

#include "grammar/utf8_stream.h"

namespace hearth {
namespace {

// valid[d]: bytes[d..] is valid UTF-8 read from d (a last character may be incomplete).
std::vector<bool> ValidUtf8Tails(std::string_view bytes) {
  std::vector<bool> valid(bytes.size() + 1, true);
  for (size_t d = bytes.size(); d-- > 0;) {
    Utf8Stream stream;
    uint32_t code_point = 0;
    bool ok = true;
    for (size_t i = d; i < bytes.size(); ++i) {
      const Utf8Stream::Step step = stream.Push(uint8_t(bytes[i]), &code_point);
      if (step == Utf8Stream::Step::kPending) continue;
      ok = step == Utf8Stream::Step::kComplete && valid[i + 1];
      break;
    }
    valid[d] = ok;
  }
  return valid;
}

size_t CommonPrefix(std::string_view a, std::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

}  // namespace

TokenTrie::TokenTrie(std::vector<std::pair<int32_t, std::string_view>> tokens) {
  std::erase_if(tokens,
                [](const auto& t) { return t.second.empty() || t.second.size() > kMaxTokenBytes; });
  std::sort(tokens.begin(), tokens.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second < b.second : a.first < b.first;
  });
  std::vector<uint32_t> parent = {0};
  byte_ = {0};
  depth_ = {0};
  subtree_end_ = {0};
  first_token_ = {0};
  flags_ = {kUtf8Below};
  std::vector<uint32_t> path = {0};  // the nodes of the previous token's bytes, root first
  std::string_view previous;
  for (const auto& [id, bytes] : tokens) {
    const size_t shared = CommonPrefix(previous, bytes);
    while (path.size() > shared + 1) {
      subtree_end_[path.back()] = uint32_t(byte_.size());
      path.pop_back();
    }
    for (size_t d = shared; d < bytes.size(); ++d) {
      parent.push_back(path.back());
      path.push_back(uint32_t(byte_.size()));
      byte_.push_back(uint8_t(bytes[d]));
      depth_.push_back(uint16_t(d + 1));
      subtree_end_.push_back(0);  // set when the node's subtree is closed
      first_token_.push_back(uint32_t(tokens_.size()));
      flags_.push_back(kUtf8Below);
    }
    tokens_.push_back(id);
    const std::vector<bool> valid = ValidUtf8Tails(bytes);
    for (size_t d = 0; d <= bytes.size(); ++d) {
      if (!valid[d]) flags_[path[d]] &= uint8_t(~kUtf8Below);
    }
    max_depth_ = std::max(max_depth_, uint32_t(bytes.size()));
    previous = bytes;
  }
  for (uint32_t node : path) subtree_end_[node] = uint32_t(byte_.size());
  first_token_.push_back(uint32_t(tokens_.size()));
  Summarize(parent);
}

void TokenTrie::Summarize(const std::vector<uint32_t>& parent) {
  ascii_below_.assign(byte_.size(), {0, 0});
  height_.assign(byte_.size(), 0);
  // Children come after their parents in depth-first order, so one backward pass suffices.
  for (uint32_t node = node_count(); node-- > 1;) {
    const uint32_t up = parent[node];
    ascii_below_[up][0] |= ascii_below_[node][0];
    ascii_below_[up][1] |= ascii_below_[node][1];
    if (byte_[node] < 0x80) {
      ascii_below_[up][byte_[node] >> 6] |= uint64_t{1} << (byte_[node] & 63);
    }
    if (byte_[node] >= 0x80 || non_ascii_below(node)) flags_[up] |= kNonAsciiBelow;
    height_[up] = std::max<uint16_t>(height_[up], uint16_t(height_[node] + 1));
  }
}

}  // namespace hearth
