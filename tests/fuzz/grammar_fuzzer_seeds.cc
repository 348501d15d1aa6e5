// Writes the starting corpus of grammar_fuzzer: `grammar_fuzzer_seeds OUT_DIR [files...]`
// (the files are ignored). Seeds are grammars covering the GBNF syntax, each followed by NUL
// and a text to match, plus the JSON grammar.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "grammar/json_grammar.h"

namespace {

const std::string kBuiltInSeeds[] = {
    std::string("root ::= \"a\"+ [b-d]* ( \"x\" | \"y\" )?\n") + '\0' + "aaabcx",
    std::string(
        "root ::= expr\nexpr ::= term ( [+-] term )*\nterm ::= [0-9]+ | \"(\" expr \")\"\n") +
        '\0' + "1+(2-3)",
    std::string("# comment\nroot ::= [^\"\\\\]{2,5} . \"\\x41\\u00e9\\U0001F600\" [\\t\\n]?\n") +
        '\0' + "ab\xC3\xA9zA\xC3\xA9\xF0\x9F\x98\x80",
    std::string("root ::= (\"ab\"{3} | [a-z]{1,}){0,4} item\nitem ::= \"\" | \"-\" item\n") + '\0' +
        "abababq--",
    std::string("root ::= ( \"a\"? \"a\"? ){0,50} \"b\"\n") + '\0' + "aaaaab",
};

void WriteSeed(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR [files...]\n", argv[0]);
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  int n = 0;
  for (const std::string& seed : kBuiltInSeeds)
    WriteSeed(dir / ("builtin" + std::to_string(n++)), seed);
  WriteSeed(dir / "json", hearth::JsonObjectGbnf() + '\0' + "{\"a\": [1, 2.5, \"x\"]}");
  WriteSeed(dir / "json-bounded",
            hearth::JsonObjectGbnf(
                {.max_string_chars = 4, .max_members = 2, .max_items = 2, .max_depth = 2}) +
                '\0' + "{\"ab\": {\"c\": []}}");
  return 0;
}
