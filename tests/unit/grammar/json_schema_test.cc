// JSON schema -> grammar: each keyword's accepted and refused documents, exact integer and
// number ranges, random sentences of the grammars checked by an independent validator, and
// errors that name the keyword and the place.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "grammar/json_schema_grammar.h"
#include "grammar_test_util.h"
#include "json_schema_validator.h"

namespace hearth::testing {
namespace {

using Json = nlohmann::ordered_json;

std::shared_ptr<const Grammar> SchemaGrammar(const std::string& schema) {
  Result<Grammar> grammar = GrammarFromJsonSchema(Json::parse(schema));
  EXPECT_TRUE(grammar.ok()) << grammar.status().ToString() << "\n" << schema;
  if (!grammar.ok()) return nullptr;
  return std::make_shared<const Grammar>(std::move(grammar).value());
}

std::string SchemaError(const std::string& schema) {
  Result<Grammar> grammar = GrammarFromJsonSchema(Json::parse(schema));
  return grammar.ok() ? "" : grammar.status().message();
}

struct SchemaCase {
  const char* schema;
  std::vector<const char*> valid;
  std::vector<const char*> invalid;
};

const SchemaCase kCases[] = {
    {R"({"type": "string"})", {R"("abc")", R"("")", R"("é \" \u00e9")"}, {"abc", "1", "\"a"}},
    {R"({"type": "number"})", {"1", "-2.5e3", "0", "0.25"}, {R"("1")", "01", "1."}},
    {R"({"type": "integer"})", {"0", "-17", "123456789"}, {"1.5", "1e3", "00", "-"}},
    {R"({"type": "boolean"})", {"true", "false"}, {"1", "null"}},
    {R"({"type": "null"})", {"null"}, {"nul", "0"}},
    {R"({"type": ["string", "null"]})", {R"("x")", "null"}, {"1"}},
    {R"({"type": "string", "nullable": true})", {R"("x")", "null"}, {"1"}},
    {R"({"enum": ["red", 1, null, {"a": [1]}]})",
     {R"("red")", "1", "null", R"({"a":[1]})"},
     {R"("blue")", "2", R"({"a": [1]})"}},
    {R"({"const": "x"})", {R"("x")"}, {R"("y")"}},
    {R"({"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
        "required": ["name"]})",
     {R"({"name":"a"})", R"({"name": "a", "age": 3})", R"({ "name" : "a" })",
      "{\n  \"name\": \"a\",\n  \"age\": 3\n}"},
     {"{}", R"({"age":3})", R"({"age":3,"name":"a"})", R"({"name":"a","x":1})"}},
    {R"({"properties": {"a": {"type": "integer"}, "b": {"type": "integer"}, "c": {"type": "integer"}}})",
     {"{}", R"({"b":1})", R"({"a":1,"c":3})", R"({"a":1,"b":2,"c":3})", R"({"c":3})"},
     {R"({"c":3,"a":1})", R"({"a":1,})", R"({,"a":1})", R"({"d":1})"}},
    {R"({"properties": {"a": {"type": "integer"}}, "additionalProperties": true})",
     {R"({"a":1,"zz":[1]})", R"({"zz":"x"})", "{}", R"({"a":1,"ab":2,"":3,"b":4})"},
     {R"({"a":"x"})", R"({"a":1,"a":2})", R"({"b":1,"a":1})"}},
    {R"({"type": "object", "additionalProperties": {"type": "integer"}})",
     {"{}", R"({"x":1,"y":2})"},
     {R"({"x":"s"})"}},
    {R"({"type": "object"})", {"{}", R"({"a":[1,{"b":null}]})"}, {"[]"}},
    {R"({"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 3})",
     {"[1]", "[1, 2, 3]", "[ 1 ,2 ]"},
     {"[]", "[1,2,3,4]", R"(["a"])"}},
    {R"({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false})",
     {R"(["a", 1])", "[]", R"(["a"])"},
     {R"(["a",1,2])", "[1]"}},
    {R"({"prefixItems": [{"const": "x"}], "items": {"type": "boolean"}, "minItems": 2})",
     {R"(["x",true])", R"(["x",true,false])"},
     {R"(["x"])", "[true,true]"}},
    {R"({"items": [{"type": "integer"}], "additionalItems": false})", {"[1]", "[]"}, {"[1,2]"}},
    {R"({"type": "array"})", {"[]", R"([1,"a",{}])"}, {"{}"}},
    {R"({"type": "string", "minLength": 2, "maxLength": 3})",
     {R"("ab")", R"("abc")", R"("é😀")", R"("\n\t")"},
     {R"("a")", R"("abcd")"}},
    {R"({"type": "string", "format": "date"})",
     {R"("2024-02-28")", R"("1999-12-31")"},
     {R"("2024-02-30")", R"("2024-13-01")", R"("2024-1-01")"}},
    {R"({"type": "string", "format": "time"})",
     {R"("23:59:59Z")", R"("01:02:03.5+05:30")"},
     {R"("24:00:00Z")", R"("12:00:00")"}},
    {R"({"type": "string", "format": "date-time"})",
     {R"("2024-01-31T12:00:00Z")"},
     {R"("2024-01-31 12:00:00Z")"}},
    {R"({"type": "string", "format": "uuid"})",
     {R"("123e4567-e89b-12d3-a456-426614174000")"},
     {R"("123e4567e89b12d3a456426614174000")"}},
    {R"({"type": "string", "format": "email"})", {R"("anything")"}, {"1"}},
    {R"({"type": "number", "minimum": 0, "maximum": 1})",
     {"0", "0.5", "1", "1.0", "0.999"},
     {"1.5", "-0.1", "2", "1.01", "1e0", "-0"}},
    {R"({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1})",
     {"0.5", "0.001"},
     {"0", "1", "0.0", "1.0"}},
    {R"({"type": "number", "minimum": -2, "exclusiveMaximum": 0})",
     {"-2", "-1.5", "-0.5", "-2.0"},
     {"0", "-2.5", "0.5", "-0"}},
    {R"({"anyOf": [{"type": "integer"}, {"type": "string", "maxLength": 1}]})",
     {"1", R"("a")"},
     {R"("ab")", "true"}},
    {R"({"oneOf": [{"type": "boolean"}, {"type": "null"}]})", {"true", "null"}, {"1"}},
    {R"({"type": "object", "anyOf": [{"required": ["a"]}, {"required": ["b"]}],
        "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}}})",
     {R"({"a":1})", R"({"b":1})", R"({"a":1,"b":2})"},
     {"{}"}},
    {R"({"allOf": [{"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]},
                   {"properties": {"b": {"type": "string"}}, "required": ["b"]}]})",
     {R"({"a":1,"b":"x"})"},
     {R"({"a":1})", R"({"b":"x"})"}},
    {R"({"$defs": {"node": {"type": "object", "properties": {"value": {"type": "integer"},
          "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}},
          "required": ["value", "children"]}}, "$ref": "#/$defs/node"})",
     {R"({"value":1,"children":[{"value":2,"children":[]}]})"},
     {R"({"value":1})"}},
    {R"({"definitions": {"x": {"type": "boolean"}}, "type": "object",
        "properties": {"f": {"$ref": "#/definitions/x", "description": "a flag"}}, "required": ["f"]})",
     {R"({"f":true})"},
     {R"({"f":1})"}},
    {R"({"type": "object", "properties": {"next": {"$ref": "#"}}})",
     {"{}", R"({"next":{"next":{}}})"},
     {R"({"next":1})"}},
    {R"({"properties": {"a": {"const": 1}}, "required": ["a"]})", {R"({"a":1})"}, {"{}"}},
    {"true", {"[1]", R"("x")", "{}", "null"}, {"nope"}},
    {R"({"properties": {"a \"q\"": {"type": "integer"}, "é/~": {"type": "integer"}},
        "required": ["a \"q\"", "é/~"]})",
     {R"({"a \"q\"":1,"é/~":2})"},
     {R"({"a "q"":1,"é/~":2})"}},
};

TEST(JsonSchemaGrammar, EachKeyword) {
  for (const SchemaCase& c : kCases) {
    SCOPED_TRACE(c.schema);
    const auto grammar = SchemaGrammar(c.schema);
    ASSERT_NE(grammar, nullptr);
    for (const char* text : c.valid) {
      EXPECT_TRUE(Matches(grammar, text)) << "refused: " << text;
      EXPECT_EQ(ValidateAgainstSchema(Json::parse(text), Json::parse(c.schema)), "") << text;
    }
    for (const char* text : c.invalid) EXPECT_FALSE(Matches(grammar, text)) << "accepted: " << text;
  }
}

TEST(JsonSchemaGrammar, RandomSentencesValidate) {
  std::mt19937 rng(11);
  for (const SchemaCase& c : kCases) {
    SCOPED_TRACE(c.schema);
    const auto grammar = SchemaGrammar(c.schema);
    ASSERT_NE(grammar, nullptr);
    int complete = 0;
    for (int i = 0; i < 30; ++i) {
      const std::optional<std::string> text = RandomSentence(grammar, rng);
      if (!text) continue;
      ++complete;
      const Json document = Json::parse(*text, nullptr, false);
      ASSERT_FALSE(document.is_discarded()) << "not JSON: " << *text;
      EXPECT_EQ(ValidateAgainstSchema(document, Json::parse(c.schema)), "") << *text;
    }
    EXPECT_GT(complete, 0);
  }
}

TEST(JsonSchemaGrammar, IntegerRangesAreExact) {
  const std::pair<int64_t, int64_t> ranges[] = {{-5, 120},    {0, 0},  {7, 7},     {15, 342},
                                                {-1000, -10}, {-1, 1}, {99, 1001}, {100, 199}};
  for (auto [min, max] : ranges) {
    const auto grammar = SchemaGrammar(R"({"type": "integer", "minimum": )" + std::to_string(min) +
                                       R"(, "maximum": )" + std::to_string(max) + "}");
    ASSERT_NE(grammar, nullptr);
    for (int64_t v = -1500; v <= 1500; ++v) {
      ASSERT_EQ(Matches(grammar, std::to_string(v)), v >= min && v <= max)
          << v << " in " << min << ".." << max;
    }
    EXPECT_FALSE(Matches(grammar, "-0"));
    EXPECT_FALSE(Matches(grammar, "007"));
  }
  const auto big = SchemaGrammar(
      R"({"type": "integer", "minimum": -9223372036854775808, "maximum": 9223372036854775807})");
  EXPECT_TRUE(Matches(big, "-9223372036854775808"));
  EXPECT_TRUE(Matches(big, "9223372036854775807"));
  EXPECT_FALSE(Matches(big, "9223372036854775808"));
  EXPECT_FALSE(Matches(big, "-9223372036854775809"));
  const auto open_above = SchemaGrammar(R"({"type": "integer", "exclusiveMinimum": 41})");
  EXPECT_FALSE(Matches(open_above, "41"));
  EXPECT_TRUE(Matches(open_above, "42"));
  EXPECT_TRUE(Matches(open_above, "1000000000000000000"));
  EXPECT_FALSE(Matches(open_above, "-50"));
}

TEST(JsonSchemaGrammar, PropertyOrderFollowsTheSchema) {
  const char* schema = R"({"properties": {"b": {"type": "integer"}, "a": {"type": "integer"}},
                           "required": ["a", "b"]})";
  const auto ordered = SchemaGrammar(schema);
  EXPECT_TRUE(Matches(ordered, R"({"b":1,"a":2})"));
  EXPECT_FALSE(Matches(ordered, R"({"a":2,"b":1})"));
  // nlohmann::json sorts keys: the properties come alphabetically.
  Result<Grammar> sorted = GrammarFromJsonSchema(nlohmann::json::parse(schema));
  ASSERT_TRUE(sorted.ok());
  EXPECT_TRUE(
      Matches(std::make_shared<const Grammar>(std::move(sorted).value()), R"({"a":2,"b":1})"));
}

TEST(JsonSchemaGrammar, ManyOptionalPropertiesStayLinear) {
  Json schema = {{"type", "object"}, {"properties", Json::object()}};
  for (int i = 0; i < 300; ++i) {
    schema["properties"][std::string("p").append(std::to_string(i))] = {{"type", "integer"}};
  }
  Result<std::string> gbnf = JsonSchemaToGbnf(schema);
  ASSERT_TRUE(gbnf.ok()) << gbnf.status().ToString();
  EXPECT_LT(gbnf->size(), 100000u);
  const auto grammar = SchemaGrammar(schema.dump());
  EXPECT_TRUE(Matches(grammar, R"({"p7":1,"p200":2,"p299":3})"));
  EXPECT_FALSE(Matches(grammar, R"({"p200":2,"p7":1})"));
}

TEST(JsonSchemaGrammar, ErrorsNameTheKeywordAndPlace) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"type": "string", "pattern": "^a"})", "json schema: #: unsupported keyword 'pattern'"},
      {R"({"properties": {"a": {"type": "array", "uniqueItems": true}}})",
       "json schema: #/properties/a: unsupported keyword 'uniqueItems'"},
      {R"({"items": {"not": {}}})", "json schema: #/items: unsupported keyword 'not'"},
      {R"({"$ref": "#/$defs/missing"})", "$ref '#/$defs/missing' points to nothing"},
      {R"({"$ref": "http://example.com/s.json"})", "only local references"},
      {R"({"type": "integer", "minimum": 5, "maximum": 1})", "no integer lies within the bounds"},
      {R"({"type": "number", "minimum": 0.5})",
       "bounds on numbers must be whole numbers (got 0.5)"},
      {R"({"type": "foo"})", "unknown type 'foo'"},
      {R"({"type": "object", "properties": {"a": {}}, "required": ["b"]})",
       "required property 'b' is not in 'properties'"},
      {R"({"type": "array", "minItems": 3, "maxItems": 2})", "no array has that many items"},
      {R"({"$ref": "#"})", "left-recursive"},
      {"false", "json schema: #: schema false allows no value"},
      {R"({"allOf": [{"type": "string"}, {"type": "integer"}]})", "have nothing in common"},
      {R"({"type": "string", "minLength": 20000})", "'minLength' above 10000"},
      {R"({"type": "string", "maxLength": -1})", "'maxLength' must be a non-negative integer"},
      {R"({"anyOf": []})", "anyOf must be a non-empty array"},
      {"3", "a schema must be an object or a boolean"},
      {R"({"type": "object", "required": "a"})", "'required' must list property names"},
      // Found by the fuzzer: a malformed member of allOf.
      {R"({"allOf": [{"properties": ["a"]}, {"properties": {"b": {}}}]})",
       "json schema: #/allOf/1: allOf: 'properties' must be an object"},
  };
  for (const auto& [schema, message] : cases) {
    const std::string error = SchemaError(schema);
    EXPECT_NE(error.find(message), std::string::npos) << schema << "\n  -> " << error;
  }
  std::string deep = R"({"type": "integer"})";
  for (int i = 0; i < 100; ++i) deep = R"({"items": )" + deep + "}";
  EXPECT_NE(SchemaError(deep).find("nested deeper than 64 levels"), std::string::npos);
}

}  // namespace
}  // namespace hearth::testing
