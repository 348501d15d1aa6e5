// Writes the starting corpus of json_schema_fuzzer: `json_schema_fuzzer_seeds OUT_DIR
// [files...]` (the files are ignored). Seeds are schemas using every supported keyword.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

constexpr const char* kBuiltInSeeds[] = {
    R"({"type": "object", "properties": {"name": {"type": "string", "maxLength": 10},
        "age": {"type": "integer", "minimum": 0, "maximum": 150},
        "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 3}},
        "required": ["name"], "additionalProperties": false})",
    R"({"$defs": {"node": {"type": "object", "properties": {"v": {"type": "number"},
        "next": {"anyOf": [{"$ref": "#/$defs/node"}, {"type": "null"}]}}}},
        "$ref": "#/$defs/node"})",
    R"({"allOf": [{"properties": {"a": {"const": 1}}, "required": ["a"]},
                  {"properties": {"b": {"enum": ["x", 2, null]}}}], "additionalProperties": true})",
    R"({"type": ["string", "null"], "format": "date-time"})",
    R"({"prefixItems": [{"type": "boolean"}, {"format": "uuid", "type": "string"}],
        "items": {"type": "number", "exclusiveMinimum": -5, "maximum": 7}})",
    R"({"oneOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "time"}]})",
    R"({"type": "object", "additionalProperties": {"type": "integer", "exclusiveMaximum": 99}})",
    R"({"items": [{"type": "integer"}], "additionalItems": false, "nullable": true})",
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR [files...]\n", argv[0]);
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  int n = 0;
  for (const char* seed : kBuiltInSeeds) {
    std::ofstream(dir / ("builtin" + std::to_string(n++)), std::ios::binary) << seed;
  }
  return 0;
}
