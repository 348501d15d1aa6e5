// Grammar::Parse: a recursive-descent reader of GBNF (syntax in gbnf_parser.h) that feeds a
// GrammarBuilder.
#include "grammar/gbnf_parser.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "grammar/grammar_builder.h"
#include "grammar/utf8_stream.h"

namespace hearth {
namespace {

bool IsNameChar(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}
bool IsDigit(int c) { return c >= '0' && c <= '9'; }

int HexValue(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class GbnfParser {
 public:
  explicit GbnfParser(std::string_view text) : text_(text) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') line_starts_.push_back(i + 1);
    }
  }

  Result<Grammar> Run() {
    SkipSpace(true);
    while (!AtEnd()) HEARTH_RETURN_IF_ERROR(ParseRule());
    return builder_.Finish("root");
  }

 private:
  // The byte at pos_ + ahead, or -1 past the end.
  int Peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? static_cast<unsigned char>(text_[pos_ + ahead]) : -1;
  }
  bool AtEnd() const { return pos_ >= text_.size(); }

  SourcePosition PositionAt(size_t offset) const {
    auto line = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) - 1;
    return {uint32_t(line - line_starts_.begin() + 1), uint32_t(offset - *line + 1)};
  }
  SourcePosition Here() const { return PositionAt(pos_); }
  Status ErrorAt(size_t offset, const std::string& message) const {
    return InvalidArgument(builder_.Where(PositionAt(offset)) + message);
  }
  Status Error(const std::string& message) const { return ErrorAt(pos_, message); }

  // What the reader sees at pos_, for messages: "'x'", "a newline", "the end of the grammar".
  std::string Found() const {
    const int c = Peek();
    if (c < 0) return "the end of the grammar";
    if (c == '\n' || c == '\r') return "a newline";
    if (c < 0x20 || c >= 0x7F)
      return "byte 0x" + std::string(1, "0123456789abcdef"[c >> 4]) +
             std::string(1, "0123456789abcdef"[c & 15]);
    return "'" + std::string(1, char(c)) + "'";
  }

  void SkipSpace(bool newline_ok) {
    for (int c = Peek();
         c == ' ' || c == '\t' || c == '#' || (newline_ok && (c == '\r' || c == '\n'));
         c = Peek()) {
      if (c != '#') {
        ++pos_;
        continue;
      }
      while (!AtEnd() && Peek() != '\r' && Peek() != '\n') ++pos_;
    }
  }

  std::string_view ParseName() {
    const size_t start = pos_;
    while (IsNameChar(Peek())) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  Status ParseRule() {
    const size_t start = pos_;
    const std::string_view name = ParseName();
    if (name.empty()) return Error("expecting a rule name, found " + Found());
    const uint32_t rule = builder_.RuleNamed(name, PositionAt(start));
    SkipSpace(false);
    if (text_.substr(pos_, 3) != "::=") {
      return Error("expecting '::=' after the rule name '" + std::string(name) + "', found " +
                   Found());
    }
    pos_ += 3;
    SkipSpace(true);
    HEARTH_ASSIGN_OR_RETURN(auto alternatives, ParseAlternatives(rule, false, 0));
    HEARTH_RETURN_IF_ERROR(builder_.Define(rule, std::move(alternatives), PositionAt(start)));
    if (Peek() == '\r') ++pos_;
    if (Peek() == '\n') {
      ++pos_;
    } else if (!AtEnd()) {
      return Error("expecting the end of rule '" + std::string(name) + "' (a newline), found " +
                   Found());
    }
    SkipSpace(true);
    return Status::Ok();
  }

  Result<std::vector<GrammarSequence>> ParseAlternatives(uint32_t rule, bool nested, int depth) {
    std::vector<GrammarSequence> alternatives;
    while (true) {
      HEARTH_ASSIGN_OR_RETURN(GrammarSequence sequence, ParseSequence(rule, nested, depth));
      alternatives.push_back(std::move(sequence));
      if (Peek() != '|') return alternatives;
      ++pos_;
      SkipSpace(true);
    }
  }

  Result<GrammarSequence> ParseSequence(uint32_t rule, bool nested, int depth) {
    GrammarSequence sequence;
    std::optional<size_t> item_start;  // where the last item begins, for a repetition
    while (!AtEnd()) {
      const int c = Peek();
      const size_t here = pos_;
      if (c == '*' || c == '+' || c == '?' || c == '{') {
        if (!item_start) return Error("expecting an item before '" + std::string(1, char(c)) + "'");
        HEARTH_RETURN_IF_ERROR(ParseRepetition(rule, sequence, *item_start));
      } else if (c == '"' || c == '[' || c == '.' || c == '(' || IsNameChar(c)) {
        item_start = sequence.size();
        HEARTH_RETURN_IF_ERROR(ParseItem(rule, depth, sequence));
        HEARTH_RETURN_IF_ERROR(builder_.Reserve(sequence.size() - *item_start, PositionAt(here)));
      } else if (c == '<' || c == '!') {
        return Error("token references (<...>) are not supported");
      } else {
        break;
      }
      SkipSpace(nested);
    }
    return sequence;
  }

  Status ParseItem(uint32_t rule, int depth, GrammarSequence& sequence) {
    const int c = Peek();
    if (c == '"') return ParseLiteral(sequence);
    if (c == '[') return ParseClass(sequence);
    if (c == '(') return ParseGroup(rule, depth, sequence);
    if (c == '.') {
      ++pos_;
      sequence.push_back({ElementKind::kCharSet, builder_.AddCharSet(CharSet::Any())});
      return Status::Ok();
    }
    const SourcePosition at = Here();
    sequence.push_back({ElementKind::kRuleRef, builder_.RuleNamed(ParseName(), at)});
    return Status::Ok();
  }

  Status ParseGroup(uint32_t rule, int depth, GrammarSequence& sequence) {
    const size_t open = pos_++;
    if (depth >= kMaxGroupDepth) {
      return Error("groups nested deeper than " + std::to_string(kMaxGroupDepth) + " levels");
    }
    SkipSpace(true);
    HEARTH_ASSIGN_OR_RETURN(auto alternatives, ParseAlternatives(rule, true, depth + 1));
    if (Peek() != ')') {
      return Error("expecting ')' to close the group opened at " + Describe(PositionAt(open)) +
                   ", found " + Found());
    }
    ++pos_;
    const uint32_t group = builder_.AddGenerated(rule, std::move(alternatives), PositionAt(open));
    sequence.push_back({ElementKind::kRuleRef, group});
    return Status::Ok();
  }

  static std::string Describe(SourcePosition at) {
    return std::to_string(at.line) + ":" + std::to_string(at.column);
  }

  Status ParseLiteral(GrammarSequence& sequence) {
    const size_t open = pos_++;
    while (Peek() != '"') {
      if (AtEnd()) return ErrorAt(open, "unterminated string literal");
      HEARTH_ASSIGN_OR_RETURN(uint32_t c, ParseChar());
      sequence.push_back({ElementKind::kCharSet, builder_.AddCharSet(CharSet::Single(c))});
    }
    ++pos_;
    return Status::Ok();
  }

  Status ParseClass(GrammarSequence& sequence) {
    const size_t open = pos_++;
    const bool negated = Peek() == '^';
    if (negated) ++pos_;
    std::vector<CodePointRange> ranges;
    while (Peek() != ']') {
      if (AtEnd()) return ErrorAt(open, "unterminated character class");
      const size_t first_at = pos_;
      HEARTH_ASSIGN_OR_RETURN(uint32_t first, ParseChar());
      uint32_t last = first;
      if (Peek() == '-' && Peek(1) != ']' && Peek(1) >= 0) {
        ++pos_;
        HEARTH_ASSIGN_OR_RETURN(last, ParseChar());
        if (last < first) return ErrorAt(first_at, "character range written backwards");
      }
      ranges.push_back({first, last});
    }
    ++pos_;
    sequence.push_back(
        {ElementKind::kCharSet, builder_.AddCharSet(CharSet(std::move(ranges), negated))});
    return Status::Ok();
  }

  // One character of a literal or class: an escape or a UTF-8 sequence.
  Result<uint32_t> ParseChar() {
    if (Peek() == '\\') return ParseEscape();
    Utf8Stream stream;
    const size_t start = pos_;
    uint32_t code_point = 0;
    while (!AtEnd()) {
      switch (stream.Push(uint8_t(Peek()), &code_point)) {
        case Utf8Stream::Step::kComplete: ++pos_; return code_point;
        case Utf8Stream::Step::kPending: ++pos_; break;
        case Utf8Stream::Step::kInvalid: return ErrorAt(start, "invalid UTF-8");
      }
    }
    return ErrorAt(start, "invalid UTF-8 (truncated at the end of the grammar)");
  }

  Result<uint32_t> ParseEscape() {
    const size_t start = pos_;
    const int c = Peek(1);
    pos_ += 2;
    switch (c) {
      case 'x': return ParseHex(start, 2);
      case 'u': return ParseHex(start, 4);
      case 'U': return ParseHex(start, 8);
      case 't': return uint32_t('\t');
      case 'r': return uint32_t('\r');
      case 'n': return uint32_t('\n');
      case '\\':
      case '"':
      case '[':
      case ']': return uint32_t(c);
      default: break;
    }
    pos_ = start;
    return Error("unknown escape sequence (use \\x \\u \\U \\t \\r \\n \\\\ \\\" \\[ \\])");
  }

  Result<uint32_t> ParseHex(size_t escape_start, int digits) {
    uint32_t value = 0;
    for (int i = 0; i < digits; ++i) {
      const int digit = HexValue(Peek());
      if (digit < 0)
        return ErrorAt(escape_start, "expecting " + std::to_string(digits) + " hex digits");
      value = (value << 4) | uint32_t(digit);
      ++pos_;
    }
    if (value > kMaxCodePoint) return ErrorAt(escape_start, "escape above U+10FFFF");
    return value;
  }

  Status ParseRepetition(uint32_t rule, GrammarSequence& sequence, size_t item_start) {
    const SourcePosition at = Here();
    const int c = Peek();
    ++pos_;
    if (c == '*') return builder_.Repeat(rule, sequence, item_start, 0, std::nullopt, at);
    if (c == '+') return builder_.Repeat(rule, sequence, item_start, 1, std::nullopt, at);
    if (c == '?') return builder_.Repeat(rule, sequence, item_start, 0, 1, at);
    SkipSpace(true);
    HEARTH_ASSIGN_OR_RETURN(uint32_t min, ParseCount());
    std::optional<uint32_t> max = min;
    SkipSpace(true);
    if (Peek() == ',') {
      ++pos_;
      SkipSpace(true);
      max.reset();
      if (IsDigit(Peek())) {
        HEARTH_ASSIGN_OR_RETURN(max, ParseCount());
        SkipSpace(true);
      }
    }
    if (Peek() != '}') return Error("expecting '}' or ',' in a repetition, found " + Found());
    ++pos_;
    return builder_.Repeat(rule, sequence, item_start, min, max, at);
  }

  Result<uint32_t> ParseCount() {
    const size_t start = pos_;
    if (!IsDigit(Peek())) return Error("expecting a repetition count, found " + Found());
    uint64_t value = 0;
    while (IsDigit(Peek())) {
      value = std::min<uint64_t>(value * 10 + uint64_t(Peek() - '0'), uint64_t{1} << 32);
      ++pos_;
    }
    if (value > GrammarBuilder::kMaxRepetition) {
      return ErrorAt(start,
                     "repetition count above " + std::to_string(GrammarBuilder::kMaxRepetition));
    }
    return uint32_t(value);
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::vector<size_t> line_starts_;  // byte offset where each line begins
  GrammarBuilder builder_;
};

}  // namespace

Result<Grammar> Grammar::Parse(std::string_view gbnf) { return GbnfParser(gbnf).Run(); }

}  // namespace hearth
