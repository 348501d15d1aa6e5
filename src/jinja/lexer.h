// The Jinja lexer: template source -> tokens. Text outside tags becomes kData tokens (after
// whitespace control: `{%-`/`-%}` and friends, trim_blocks, lstrip_blocks); inside `{{ }}` and
// `{% %}` it yields names, literals and operators; comments and `{% raw %}` are resolved here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace hearth::jinja {

struct SourcePos {
  int line = 1;
  int column = 1;  // in code points, 1-based
};

enum class TokenKind : uint8_t {
  kData,           // literal template text
  kVariableBegin,  // {{
  kVariableEnd,    // }}
  kBlockBegin,     // {%
  kBlockEnd,       // %}
  kName,
  kString,    // text holds the decoded value
  kInteger,   // int_value
  kFloat,     // float_value
  kOperator,  // text holds the operator: + - * / // % ** ~ ( ) [ ] { } , . : | = == != < <= > >=
  kEnd,       // end of the template
};

struct Token {
  TokenKind kind;
  SourcePos pos;
  std::string text;
  int64_t int_value = 0;
  double float_value = 0;
};

// How Jinja2's Environment treats whitespace (Hugging Face turns trim and lstrip on).
struct LexerOptions {
  bool trim_blocks = true;    // drop the first newline after a block or comment tag
  bool lstrip_blocks = true;  // drop spaces and tabs before a block or comment tag on its line
  bool keep_trailing_newline = false;
};

// Tokenizes `source`; errors read "NAME:LINE:COL: message". The result always ends in kEnd.
Result<std::vector<Token>> Tokenize(std::string_view source, std::string_view name,
                                    const LexerOptions& options);

// "'%}'", "name 'endfor'", "string", "end of template": how errors describe a token.
std::string DescribeToken(const Token& token);

}  // namespace hearth::jinja
