// SchemaConverter: the machinery behind JsonSchemaToGbnf (json_schema_grammar.h). It walks
// the schema once, turning each subschema into a GBNF expression; objects, arrays, bounded
// scalars and references become named rules, JSON's building blocks come from json_rules.h.
//
// Errors carry the JSON pointer of the subschema at fault ("#/properties/tags/items").
// Subschemas nest at most kMaxDepth deep (references count once: each becomes one rule).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "grammar/gbnf_rule_set.h"

namespace hearth::json_schema {

using Json = nlohmann::ordered_json;

inline constexpr int kMaxDepth = 64;
// Repetition bounds above this (maxItems, maxLength) count as unbounded; minimums above it
// are errors. Equals the GBNF parser's limit.
inline constexpr uint64_t kMaxRepetition = 10000;

class SchemaConverter {
 public:
  // `root` must outlive the converter.
  explicit SchemaConverter(const Json& root);
  // The GBNF of the whole schema (rule "root" first).
  Result<std::string> Convert();

 private:
  // One member of an object or item of an array being assembled.
  struct Slot {
    std::string expression;
    bool required = false;
    bool repeated = false;  // may appear any number of times (extra object members)
  };

  // A GBNF expression for the documents valid against `schema` at `path`; rules made for it
  // are named after `name`.
  Result<std::string> Visit(const Json& schema, const std::string& path, const std::string& name);
  Result<std::string> VisitKeywords(const Json& schema, const std::string& path,
                                    const std::string& name);
  Result<std::string> VisitRef(const Json& schema, const std::string& path);
  Result<std::string> VisitAllOf(const Json& schema, const std::string& path,
                                 const std::string& name);
  Result<std::string> VisitAnyOf(const Json& schema, const std::string& key,
                                 const std::string& path, const std::string& name);
  Result<std::string> VisitLiterals(const Json& values, const std::string& path);
  Result<std::string> VisitTypes(const Json& schema, const std::string& path,
                                 const std::string& name);
  Result<std::string> VisitType(std::string_view type, const Json& schema, const std::string& path,
                                const std::string& name);
  // json_schema_scalars.cc
  Result<std::string> VisitString(const Json& schema, const std::string& path);
  Result<std::string> VisitInteger(const Json& schema, const std::string& path,
                                   const std::string& name);
  Result<std::string> VisitNumber(const Json& schema, const std::string& path,
                                  const std::string& name);
  // json_schema_containers.cc
  Result<std::string> VisitObject(const Json& schema, const std::string& path,
                                  const std::string& name);
  Result<std::string> VisitArray(const Json& schema, const std::string& path,
                                 const std::string& name);
  // The value of members beyond the declared properties ("" when none are allowed).
  Result<std::string> ExtraValue(const Json& schema, const std::string& path,
                                 const std::string& name);
  // The members of an object between its braces (each followed by ws).
  std::string ObjectMembers(const std::vector<Slot>& slots, const std::string& name);
  // A JSON string (quotes included) other than each of `names` as written.
  std::string KeyOtherThan(const std::vector<std::string>& names, const std::string& name);

  // `schema` with every top-level $ref replaced by its target (siblings merged in).
  Result<Json> Dereference(const Json& schema, const std::string& path);
  // The subschema a local reference ("#", "#/$defs/x") points to.
  Result<const Json*> Resolve(const std::string& ref, const std::string& path) const;
  // Adds `name ::= body` under a fresh name made from `name`; returns the name.
  std::string AddRule(const std::string& name, std::string body);
  // Adds a json_rules building block (and what it uses); returns its name.
  std::string Block(std::string_view block);
  Status Fail(StatusCode code, const std::string& path, const std::string& message) const;

  const Json& root_;
  GbnfRuleSet rules_;
  std::map<std::string, std::string> ref_rules_;  // $ref -> the rule made for its target
  int depth_ = 0;
};

// Helpers shared by the converter's files.
// "json schema: <path>: <message>".
Status SchemaError(StatusCode code, const std::string& path, const std::string& message);
std::string PointerChild(const std::string& path, std::string_view key);
// `expression` repeated min..max times (no max: unbounded), in GBNF.
std::string RepeatGbnf(const std::string& expression, uint64_t min, std::optional<uint64_t> max);
// A non-negative whole number keyword (minItems, maxLength, ...) of `schema`, if present.
Result<std::optional<uint64_t>> CountKeyword(const Json& schema, const char* key,
                                             const std::string& path);

}  // namespace hearth::json_schema
