// The GPT-2 and Llama 3 family patterns, scanned by hand one piece at a time.
#include <algorithm>

#include "tokenizer/pretok_rules.h"
#include "tokenizer/unicode_props.h"

namespace hearth::pretok {
namespace {

using unicode::IsLetter;
using unicode::IsNumber;
using unicode::IsWhitespace;

constexpr uint32_t kOutside = 0xFFFFFFFF;  // "code point" past the end of the piece

bool IsNewline(uint32_t cp) { return cp == '\r' || cp == '\n'; }
// [^\s\p{L}\p{N}] for a code point inside the piece (flags of inside code points are nonzero).
bool IsOther(uint16_t flags) {
  return flags != 0 && !(flags & (unicode::kWhitespace | unicode::kLetter | unicode::kNumber));
}

// One piece [begin, end) of the text; positions past `end` read as kOutside with no flags.
class Piece {
 public:
  Piece(const TextView& text, size_t begin, size_t end, Pieces* out)
      : text_(text), end_(end), last_(begin), out_(out) {}

  size_t end() const { return end_; }
  uint32_t cp(size_t i) const { return i < end_ ? text_.cpts[i] : kOutside; }
  uint16_t flags(size_t i) const { return i < end_ ? text_.flags[i] : 0; }

  // Ends the current word at `pos` (no-op when it would be empty); returns `pos`.
  size_t Cut(size_t pos) {
    if (pos > last_) out_->push_back(uint32_t(pos - last_));
    last_ = pos;
    return pos;
  }

  // Length of the contraction ('s 't 'm 'd 're 've 'll) at `pos`, or 0.
  size_t Contraction(size_t pos, bool ignore_case) const {
    if (cp(pos) != '\'' || pos + 1 >= end_) return 0;
    auto at = [&](size_t i) { return ignore_case ? unicode::ToLower(cp(i)) : cp(i); };
    const uint32_t c1 = at(pos + 1);
    if (c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd') return 2;
    if (pos + 2 >= end_) return 0;
    const uint32_t c2 = at(pos + 2);
    if ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l')) return 3;
    return 0;
  }

  // The end of the run of code points from `pos` whose flags satisfy `pred`.
  template <typename Pred>
  size_t RunEnd(size_t pos, Pred pred) const {
    while (pos < end_ && pred(flags(pos))) ++pos;
    return pos;
  }

  // White space at `pos`: \s+(?!\S) leaves the last character for the next word when more
  // text follows; otherwise the whole run (\s+).
  size_t WhitespaceEnd(size_t pos) const {
    const size_t run_end = RunEnd(pos, IsWhitespace);
    const size_t n = run_end - pos;
    if (n > 1 && run_end < end_) return run_end - 1;
    return n > 0 ? run_end : pos + 1;
  }

 private:
  const TextView& text_;
  size_t end_;
  size_t last_;  // where the current word starts
  Pieces* out_;
};

// The end of the GPT-2 word starting at `pos`.
size_t Gpt2WordEnd(const Piece& p, size_t pos) {
  if (size_t n = p.Contraction(pos, /*ignore_case=*/false)) return pos + n;
  const size_t start = pos + (p.cp(pos) == ' ' ? 1 : 0);
  const uint16_t first = p.flags(start);  // ' ?' then the class of what follows
  if (IsLetter(first)) return p.RunEnd(start, IsLetter);
  if (IsNumber(first)) return p.RunEnd(start, IsNumber);
  if (IsOther(first)) return p.RunEnd(start, IsOther);
  return p.WhitespaceEnd(pos);
}

// Cuts the Llama 3 / Qwen2 words starting at `pos`; returns where scanning continues.
size_t CutLlama3Words(Piece& p, size_t pos, size_t max_digits) {
  if (size_t n = p.Contraction(pos, /*ignore_case=*/true)) return p.Cut(pos + n);
  const uint32_t c = p.cp(pos);
  const uint16_t f = p.flags(pos);
  // [^\r\n\p{L}\p{N}]?\p{L}+
  if (!IsNewline(c) && !IsNumber(f) && (IsLetter(f) || IsLetter(p.flags(pos + 1)))) {
    return p.Cut(p.RunEnd(pos + 1, IsLetter));
  }
  // \p{N}{1,max_digits}, repeated over the whole run of digits
  if (IsNumber(f)) {
    const size_t run_end = p.RunEnd(pos, IsNumber);
    while (pos < run_end) pos = p.Cut(std::min(run_end, pos + max_digits));
    return pos;
  }
  // ' ?[^\s\p{L}\p{N}]+[\r\n]*'; a lone space at the very end also lands here.
  const uint16_t next = c == ' ' ? p.flags(pos + 1) : f;
  if (!(next & (unicode::kWhitespace | unicode::kLetter | unicode::kNumber))) {
    size_t end = p.RunEnd(pos + (c == ' ' ? 1 : 0), IsOther);
    while (IsNewline(p.cp(end))) ++end;
    return p.Cut(end);
  }
  // \s*[\r\n]+ : up to the last newline of the white space run.
  const size_t run_end = p.RunEnd(pos, IsWhitespace);
  size_t after_newline = 0;
  for (size_t i = pos; i < run_end; ++i) {
    if (IsNewline(p.cp(i))) after_newline = i + 1;
  }
  if (after_newline > 0) return p.Cut(after_newline);
  return p.Cut(p.WhitespaceEnd(pos));
}

}  // namespace

void SplitGpt2(const TextView& text, const Pieces& in, Pieces* out) {
  size_t begin = 0;
  for (uint32_t length : in) {
    Piece piece(text, begin, begin + length, out);
    for (size_t pos = begin; pos < piece.end();) pos = piece.Cut(Gpt2WordEnd(piece, pos));
    begin += length;
  }
}

void SplitLlama3(const TextView& text, const Pieces& in, Pieces* out, size_t max_digits) {
  size_t begin = 0;
  for (uint32_t length : in) {
    Piece piece(text, begin, begin + length, out);
    for (size_t pos = begin; pos < piece.end();) pos = CutLlama3Words(piece, pos, max_digits);
    begin += length;
  }
}

}  // namespace hearth::pretok
