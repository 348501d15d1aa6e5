#include "jinja/lexer.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <optional>
#include <cstdlib>
#include <limits>

#include "jinja/unicode.h"

namespace hearth::jinja {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsNameChar(char c) { return IsNameStart(c) || IsDigit(c); }

// Jinja2 normalizes every newline to "\n" and (keep_trailing_newline off) drops one final "\n".
std::string NormalizeSource(std::string_view source, bool keep_trailing_newline) {
  std::string out;
  out.reserve(source.size());
  for (size_t i = 0; i < source.size(); ++i) {
    if (source[i] == '\r') {
      out += '\n';
      if (i + 1 < source.size() && source[i + 1] == '\n') ++i;
    } else {
      out += source[i];
    }
  }
  if (!keep_trailing_newline && !out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// Length of the Python whitespace (\s) run at `pos`.
size_t SpaceRun(std::string_view s, size_t pos) {
  size_t end = pos;
  while (end < s.size()) {
    const CodePoint cp = DecodeCodePoint(s, end);
    if (!IsPythonSpace(cp.value)) break;
    end += cp.length;
  }
  return end - pos;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr std::string_view kOperators[] = {
    "//", "**", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "(", ")", "[",
    "]",  "{",  "}",  ",",  ".",  ":",  "|", "=", "<", ">", ";"};

class Lexer {
 public:
  Lexer(std::string_view source, std::string_view name, const LexerOptions& options)
      : src_(NormalizeSource(source, options.keep_trailing_newline)),
        name_(name),
        options_(options) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < src_.size(); ++i) {
      if (src_[i] == '\n') line_starts_.push_back(i + 1);
    }
  }

  Result<std::vector<Token>> Run() {
    size_t pos = 0;
    while (pos < src_.size()) {
      const size_t tag = src_.find('{', pos);
      if (tag == std::string::npos || tag + 1 >= src_.size()) break;
      const char kind = src_[tag + 1];
      if (kind != '{' && kind != '%' && kind != '#') {
        pos = tag + 1;  // a lone brace is text; keep looking after it
        continue;
      }
      HEARTH_ASSIGN_OR_RETURN(pos, LexTag(tag, kind));
    }
    EmitData(text_start_, src_.size(), /*strip_sign=*/0, /*lstrip_applies=*/false);
    tokens_.push_back(Token{TokenKind::kEnd, PosAt(src_.size()), "", 0, 0});
    return std::move(tokens_);
  }

 private:
  Status Error(size_t offset, const std::string& message) const {
    const SourcePos p = PosAt(offset);
    return InvalidArgument(name_ + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) +
                           ": " + message);
  }

  // Positions are asked for in increasing order almost always, so the column count continues
  // from the previous answer when it can (keeps long one-line templates linear).
  SourcePos PosAt(size_t offset) const {
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const size_t line_index = size_t(it - line_starts_.begin()) - 1;
    const size_t start = line_starts_[line_index];
    size_t from = start;
    size_t column = 1;
    if (last_line_ == line_index && last_offset_ <= offset) {
      from = last_offset_;
      column = last_column_;
    }
    column += CountCodePoints(std::string_view(src_.data() + from, offset - from));
    last_line_ = line_index;
    last_offset_ = offset;
    last_column_ = column;
    return SourcePos{int(line_index + 1), int(column)};
  }

  // Emits src_[begin, end) as data after the whitespace control of the tag that follows it.
  void EmitData(size_t begin, size_t end, char strip_sign, bool lstrip_applies) {
    std::string_view text(src_.data() + begin, end - begin);
    if (strip_sign == '-') {
      text = StripView(text, /*left=*/false, /*right=*/true, nullptr);
    } else if (strip_sign != '+' && lstrip_applies && options_.lstrip_blocks) {
      const size_t newline = text.rfind('\n');
      const size_t line_start = newline == std::string_view::npos ? 0 : newline + 1;
      if ((line_start > 0 || line_starting_) && line_start < text.size() &&
          SpaceRun(text, line_start) == text.size() - line_start) {
        text = text.substr(0, line_start);
      }
    }
    if (!text.empty()) tokens_.push_back(Token{TokenKind::kData, PosAt(begin), std::string(text)});
  }

  // Whitespace after a tag's end: '-' eats all of it, trim_blocks one newline after blocks and
  // comments ('+' keeps it). Returns where the following text starts.
  size_t AfterTag(size_t end, char strip_sign, bool trims_newline) {
    size_t next = end;
    if (strip_sign == '-') {
      next += SpaceRun(src_, next);
    } else if (strip_sign != '+' && trims_newline && options_.trim_blocks && next < src_.size() &&
               src_[next] == '\n') {
      ++next;
    }
    line_starting_ = next > 0 && src_[next - 1] == '\n';
    text_start_ = next;
    return next;
  }

  Result<size_t> LexTag(size_t tag, char kind) {
    const size_t after_open = tag + 2;
    char sign = after_open < src_.size() ? src_[after_open] : 0;
    if (sign != '-' && sign != '+') sign = 0;
    const size_t body = after_open + (sign ? 1 : 0);
    EmitData(text_start_, tag, sign, /*lstrip_applies=*/kind != '{');
    if (kind == '#') return LexComment(tag, body);
    if (kind == '%') {
      if (auto raw_body = MatchRawBegin(body)) return LexRaw(tag, *raw_body);
    }
    return LexCodeTag(tag, body, kind == '%');
  }

  Result<size_t> LexComment(size_t tag, size_t body) {
    const size_t end = src_.find("#}", body);
    if (end == std::string::npos) return Error(tag, "unterminated comment (missing '#}')");
    char sign = end > body ? src_[end - 1] : 0;
    if (sign != '-' && sign != '+') sign = 0;
    return AfterTag(end + 2, sign, /*trims_newline=*/true);
  }

  // If `{%` at `body` continues as ` raw %}` (with optional - or +), returns where the raw
  // text starts; sets raw_end_sign_.
  std::optional<size_t> MatchRawBegin(size_t body) {
    size_t p = body + SpaceRun(src_, body);
    if (src_.compare(p, 3, "raw") != 0) return std::nullopt;
    p += 3;
    if (p < src_.size() && IsNameChar(src_[p])) return std::nullopt;
    p += SpaceRun(src_, p);
    char sign = 0;
    if (p < src_.size() && (src_[p] == '-' || src_[p] == '+')) sign = src_[p++];
    if (src_.compare(p, 2, "%}") != 0) return std::nullopt;
    return AfterTag(p + 2, sign, /*trims_newline=*/false);  // Jinja2 keeps it after `raw`
  }

  Result<size_t> LexRaw(size_t tag, size_t raw_start) {
    for (size_t p = src_.find("{%", raw_start); p != std::string::npos;
         p = src_.find("{%", p + 2)) {
      size_t q = p + 2;
      char open_sign = q < src_.size() && (src_[q] == '-' || src_[q] == '+') ? src_[q++] : 0;
      q += SpaceRun(src_, q);
      if (src_.compare(q, 6, "endraw") != 0) continue;
      q += 6;
      q += SpaceRun(src_, q);
      char close_sign = q < src_.size() && (src_[q] == '-' || src_[q] == '+') ? src_[q++] : 0;
      if (src_.compare(q, 2, "%}") != 0) continue;
      EmitData(raw_start, p, open_sign, /*lstrip_applies=*/true);
      return AfterTag(q + 2, close_sign, /*trims_newline=*/true);
    }
    return Error(tag, "unterminated raw block (missing '{% endraw %}')");
  }

  // If a tag end is at `p`, returns its length (2 or 3) and sets `sign`.
  size_t MatchTagEnd(size_t p, bool is_block, char& sign) const {
    const std::string_view close = is_block ? "%}" : "}}";
    sign = 0;
    if (src_.compare(p, 2, close) == 0) return 2;
    if (p + 1 < src_.size() && (src_[p] == '-' || (is_block && src_[p] == '+')) &&
        src_.compare(p + 1, 2, close) == 0) {
      sign = src_[p];
      return 3;
    }
    return 0;
  }

  Result<size_t> LexCodeTag(size_t tag, size_t body, bool is_block) {
    tokens_.push_back(Token{is_block ? TokenKind::kBlockBegin : TokenKind::kVariableBegin,
                            PosAt(tag), is_block ? "{%" : "{{"});
    std::vector<char> brackets;
    size_t p = body;
    while (true) {
      p += SpaceRun(src_, p);
      if (p >= src_.size()) {
        return Error(tag, std::string("unclosed tag: expected '") + (is_block ? "%}" : "}}") +
                              "' before the end of the template");
      }
      char sign;
      if (brackets.empty()) {
        if (const size_t len = MatchTagEnd(p, is_block, sign)) {
          tokens_.push_back(Token{is_block ? TokenKind::kBlockEnd : TokenKind::kVariableEnd,
                                  PosAt(p), is_block ? "%}" : "}}"});
          return AfterTag(p + len, sign, /*trims_newline=*/is_block);
        }
      }
      HEARTH_ASSIGN_OR_RETURN(p, LexToken(p, brackets));
    }
  }

  Result<size_t> LexToken(size_t p, std::vector<char>& brackets) {
    const char c = src_[p];
    if (IsDigit(c)) return LexNumber(p);
    if (IsNameStart(c)) {
      size_t end = p;
      while (end < src_.size() && IsNameChar(src_[end])) ++end;
      tokens_.push_back(Token{TokenKind::kName, PosAt(p), src_.substr(p, end - p)});
      return end;
    }
    if (c == '\'' || c == '"') return LexString(p);
    for (std::string_view op : kOperators) {
      if (src_.compare(p, op.size(), op) != 0) continue;
      HEARTH_RETURN_IF_ERROR(Balance(p, op[0], brackets));
      tokens_.push_back(Token{TokenKind::kOperator, PosAt(p), std::string(op)});
      return p + op.size();
    }
    const CodePoint cp = DecodeCodePoint(src_, p);
    return Error(p, "unexpected character '" + src_.substr(p, cp.length) + "'");
  }

  Status Balance(size_t p, char op, std::vector<char>& brackets) const {
    if (op == '(' || op == '[' || op == '{') {
      brackets.push_back(op == '(' ? ')' : op == '[' ? ']' : '}');
    } else if (op == ')' || op == ']' || op == '}') {
      if (brackets.empty()) return Error(p, std::string("unexpected '") + op + "'");
      if (brackets.back() != op) {
        return Error(p, std::string("unexpected '") + op + "', expected '" + brackets.back() +
                            "'");
      }
      brackets.pop_back();
    }
    return Status::Ok();
  }

  // Digits with optional single underscores between them; returns the end.
  size_t DigitRun(size_t p) const {
    while (p < src_.size() &&
           (IsDigit(src_[p]) || (src_[p] == '_' && p + 1 < src_.size() && IsDigit(src_[p + 1]) &&
                                 p > 0 && IsDigit(src_[p - 1])))) {
      ++p;
    }
    return p;
  }

  // 0x1F, 0o17, 0b101 (with optional underscores).
  Result<size_t> LexPrefixedInteger(size_t p) {
    const char prefix = char(src_[p + 1] | 0x20);
    const int base = prefix == 'x' ? 16 : prefix == 'o' ? 8 : 2;
    size_t end = p + 2;
    int64_t value = 0;
    bool any = false;
    for (; end < src_.size(); ++end) {
      const char c = src_[end];
      if (c == '_' && any) continue;
      const int d = HexDigit(c);
      if (d < 0 || d >= base) break;
      if (__builtin_mul_overflow(value, int64_t(base), &value) ||
          __builtin_add_overflow(value, int64_t(d), &value)) {
        return Error(p, "integer literal is too large");
      }
      any = true;
    }
    if (!any) return Error(p, "invalid integer literal");
    Token token{TokenKind::kInteger, PosAt(p), src_.substr(p, end - p)};
    token.int_value = value;
    tokens_.push_back(std::move(token));
    return end;
  }

  Result<size_t> LexNumber(size_t p) {
    if (src_[p] == '0' && p + 2 < src_.size() &&
        std::string_view("xXoObB").find(src_[p + 1]) != std::string_view::npos) {
      return LexPrefixedInteger(p);
    }
    size_t end = DigitRun(p);
    bool is_float = false;
    const bool after_dot = p > 0 && src_[p - 1] == '.';  // `x.0.1` is two subscripts
    if (!after_dot && end + 1 < src_.size() && src_[end] == '.' && IsDigit(src_[end + 1])) {
      end = DigitRun(end + 1);
      is_float = true;
    }
    if (!after_dot && end < src_.size() && (src_[end] == 'e' || src_[end] == 'E')) {
      size_t q = end + 1;
      if (q < src_.size() && (src_[q] == '+' || src_[q] == '-')) ++q;
      if (q < src_.size() && IsDigit(src_[q])) {
        end = DigitRun(q);
        is_float = true;
      }
    }
    std::string digits;
    for (size_t i = p; i < end; ++i) {
      if (src_[i] != '_') digits += src_[i];
    }
    Token token{is_float ? TokenKind::kFloat : TokenKind::kInteger, PosAt(p), digits};
    if (is_float) {
      token.float_value = std::strtod(digits.c_str(), nullptr);
    } else {
      errno = 0;
      const unsigned long long v = std::strtoull(digits.c_str(), nullptr, 10);
      if (errno == ERANGE || v > uint64_t(std::numeric_limits<int64_t>::max())) {
        return Error(p, "integer literal " + digits + " is too large");
      }
      token.int_value = int64_t(v);
    }
    tokens_.push_back(std::move(token));
    return end;
  }

  Result<size_t> LexString(size_t p) {
    const char quote = src_[p];
    size_t end = p + 1;
    while (end < src_.size() && src_[end] != quote) end += src_[end] == '\\' ? 2 : 1;
    if (end >= src_.size()) return Error(p, "unterminated string literal");
    HEARTH_ASSIGN_OR_RETURN(std::string value, Unescape(p + 1, end));
    tokens_.push_back(Token{TokenKind::kString, PosAt(p), std::move(value)});
    return end + 1;
  }

  // Python's string-literal escapes (\n, \t, \\, \', \xhh, \uhhhh, \Uhhhhhhhh, octal, ...).
  Result<std::string> Unescape(size_t begin, size_t end) const {
    std::string out;
    for (size_t i = begin; i < end; ++i) {
      if (src_[i] != '\\' || i + 1 >= end) {
        out += src_[i];
        continue;
      }
      const char e = src_[++i];
      switch (e) {
        case '\n': break;  // line continuation
        case '\\': out += '\\'; break;
        case '\'': out += '\''; break;
        case '"': out += '"'; break;
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'v': out += '\v'; break;
        case 'x':
        case 'u':
        case 'U': {
          const size_t count = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          char32_t value = 0;
          for (size_t k = 0; k < count; ++k) {
            const int d = i + 1 + k < end ? HexDigit(src_[i + 1 + k]) : -1;
            if (d < 0) return Error(i - 1, std::string("truncated \\") + e + " escape");
            value = value * 16 + char32_t(d);
          }
          if (value > 0x10FFFF) return Error(i - 1, "escape \\U beyond U+10FFFF");
          AppendUtf8(value, out);
          i += count;
          break;
        }
        default:
          if (e >= '0' && e <= '7') {
            char32_t value = 0;
            size_t k = 0;
            for (; k < 3 && i + k < end && src_[i + k] >= '0' && src_[i + k] <= '7'; ++k) {
              value = value * 8 + char32_t(src_[i + k] - '0');
            }
            AppendUtf8(value, out);
            i += k - 1;
          } else {
            out += '\\';
            out += e;
          }
      }
    }
    return out;
  }

  std::string src_;
  std::string name_;
  LexerOptions options_;
  std::vector<size_t> line_starts_;
  std::vector<Token> tokens_;
  size_t text_start_ = 0;     // where the pending data text begins
  bool line_starting_ = true;  // the pending text begins at the start of a line
  mutable size_t last_line_ = SIZE_MAX;  // PosAt's previous answer
  mutable size_t last_offset_ = 0;
  mutable size_t last_column_ = 1;
};

}  // namespace

Result<std::vector<Token>> Tokenize(std::string_view source, std::string_view name,
                                    const LexerOptions& options) {
  return Lexer(source, name, options).Run();
}

std::string DescribeToken(const Token& token) {
  switch (token.kind) {
    case TokenKind::kData:
      return "template text";
    case TokenKind::kVariableBegin:
    case TokenKind::kVariableEnd:
    case TokenKind::kBlockBegin:
    case TokenKind::kBlockEnd:
    case TokenKind::kOperator:
      return "'" + token.text + "'";
    case TokenKind::kName:
      return "name '" + token.text + "'";
    case TokenKind::kString:
      return "string";
    case TokenKind::kInteger:
    case TokenKind::kFloat:
      return "number " + token.text;
    case TokenKind::kEnd:
      return "end of template";
  }
  return "token";
}

}  // namespace hearth::jinja
