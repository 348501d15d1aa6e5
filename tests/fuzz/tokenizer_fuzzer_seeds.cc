// Writes the starting corpus of tokenizer_fuzzer: `tokenizer_fuzzer_seeds OUT_DIR [files...]`.
// Seeds are the tiny vocabularies as GGUF files, and every reference test text found beside the
// given GGUF files (NAME.gguf.inp), once per selector byte.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../unit/tokenizer/tiny_vocab.h"

namespace {

void WriteSeed(const std::string& dir, const std::string& name, const std::string& bytes) {
  std::ofstream out(dir + "/" + name, std::ios::binary);
  out << bytes;
}

// The texts of a reference .inp file (separated by a line __ggml_vocab_test__).
std::vector<std::string> ReferenceTexts(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string all = buffer.str();
  const std::string separator = "\n__ggml_vocab_test__\n";
  std::vector<std::string> texts;
  for (size_t pos = 0; pos < all.size();) {
    size_t next = all.find(separator, pos);
    if (next == std::string::npos) next = all.size();
    texts.push_back(all.substr(pos, next - pos));
    pos = next + separator.size();
  }
  return texts;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR [model.gguf...]\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  int n = 0;
  for (const hearth::GgufWriter& writer :
       {hearth::testing::TinySpmWriter(), hearth::testing::TinyBpeWriter()}) {
    const auto bytes = writer.WriteToBytes().value();
    WriteSeed(dir, "vocab" + std::to_string(n++), std::string(bytes.begin(), bytes.end()));
  }
  for (int i = 2; i < argc; ++i) {
    const std::vector<std::string> texts = ReferenceTexts(std::string(argv[i]) + ".inp");
    for (size_t t = 0; t < texts.size(); ++t) {
      WriteSeed(dir, "text" + std::to_string(n++), std::string(1, char(t * 8 + 3)) + texts[t]);
    }
  }
  return 0;
}
