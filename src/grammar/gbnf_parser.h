// GBNF, the grammar text format of llama.cpp (grammars/README.md there), read into a Grammar.
//
//   root  ::= "{" ws pair ("," ws pair)* "}"     # a comment
//   pair  ::= [a-z]+ ":" ws ( "true" | "false" )
//   ws    ::= [ \t\n]{0,8}
//
// - A rule is `name ::= alternatives`; names use [a-zA-Z0-9-]. The grammar starts at `root`.
// - Alternatives are separated by `|`; an alternative is a sequence of items (possibly none).
// - Items: "string literals"; character classes [a-z0-9_] and negated ones [^"\\]; `.` (any
//   character); rule names; ( groups ).
// - Postfix repetition of the item before: `*` `+` `?` `{m}` `{m,}` `{m,n}`.
// - Escapes in literals and classes: \x41 \u00e9 \U0001F600 \t \r \n \\ \" \[ \].
// - Whitespace separates items; a newline ends a rule except inside parentheses or after `|`
//   and `::=`. `#` starts a comment that runs to the end of the line.
//
// Differences from the reference, all stricter: a rule defined twice, a class range written
// backwards ([z-a]), escapes above U+10FFFF, invalid UTF-8 and token references (<...>) are
// errors. Rules that are left-recursive are rejected, as the reference does.
#pragma once

#include "grammar/grammar.h"

namespace hearth {

// The entry point is Grammar::Parse (implemented in gbnf_parser.cc); errors read
// "grammar:LINE:COL: message". Groups nest at most kMaxGroupDepth deep, so hostile input
// cannot exhaust the stack.
inline constexpr int kMaxGroupDepth = 128;

}  // namespace hearth
