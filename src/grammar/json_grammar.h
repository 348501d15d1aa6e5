// JSON grammars for constrained generation. JsonObjectGrammar() is OpenAI's
// response_format {"type": "json_object"}: any JSON object, with whitespace and number
// lengths bounded as json_rules.h describes, so the model cannot loop on spaces or digits.
// The object is the whole text: once its closing brace is written nothing may follow.
//
// JSON itself bounds nothing else, and a model that would rather tell a story can keep a
// string open forever. JsonGrammarOptions bound the rest (strings, members, items, nesting);
// with all four set every object ends within a bounded length, so generation must finish.
//
// For {"type": "json_schema"} see json_schema_grammar.h.
#pragma once

#include <string>

#include "grammar/grammar.h"

namespace hearth {

struct JsonGrammarOptions {
  int max_string_chars = -1;  // characters per string (keys too); < 0: unbounded
  int max_members = -1;       // members per object; < 0: unbounded
  int max_items = -1;         // items per array; < 0: unbounded
  int max_depth = -1;         // objects and arrays nested in the root object; < 0: unbounded
};

// The GBNF text of JsonObjectGrammar(options). Bounds above 10000 count as unbounded (depth:
// above 64).
std::string JsonObjectGbnf(const JsonGrammarOptions& options = {});
Grammar JsonObjectGrammar(const JsonGrammarOptions& options = {});

}  // namespace hearth
