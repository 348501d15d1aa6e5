// libFuzzer target for the tokenizers. An input that starts with "GGUF" is a model file: its
// tokenizer metadata is loaded (errors are fine) and, when it loads, used on a fixed text.
// Any other input is [selector byte][text]: the selector picks one of the real vocabularies
// from ../shared (or the built-in tiny ones when those are absent) and the encode options; the
// text is encoded and decoded. Findings: a crash, a sanitizer report, or a broken invariant
// (trap): ids outside the vocabulary, a stream chunk that is not valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "../unit/tokenizer/tiny_vocab.h"
#include "gguf/gguf_file.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/utf8.h"

namespace hearth {
namespace {

void Require(bool condition) {
  if (!condition) __builtin_trap();
}

// A loaded tokenizer with the file (or bytes) it came from.
struct Loaded {
  std::vector<uint8_t> bytes;
  std::unique_ptr<Tokenizer> tokenizer;
};

std::vector<Loaded>& Tokenizers() {
  static std::vector<Loaded> loaded;
  return loaded;
}

void LoadFromWriter(const GgufWriter& writer) {
  Loaded entry;
  entry.bytes = writer.WriteToBytes().value();
  Result<GgufFile> file = GgufFile::Parse(entry.bytes, "tiny");
  Require(file.ok());
  Result<Tokenizer> tok = Tokenizer::FromGguf(*file);
  Require(tok.ok());
  entry.tokenizer = std::make_unique<Tokenizer>(std::move(tok).value());
  Tokenizers().push_back(std::move(entry));
}

void LoadShared(const std::string& path) {
  Result<GgufFile> file = GgufFile::Open(path);
  if (!file.ok()) return;
  Result<Tokenizer> tok = Tokenizer::FromGguf(*file);
  if (!tok.ok()) return;
  Tokenizers().push_back({{}, std::make_unique<Tokenizer>(std::move(tok).value())});
}

// Exercises one tokenizer on `text` and checks the invariants.
void Exercise(const Tokenizer& tok, std::string_view text, uint8_t options) {
  const EncodeOptions encode{.add_special = (options & 1) != 0,
                             .parse_special = (options & 2) != 0};
  const std::vector<TokenId> ids = tok.Encode(text, encode);
  for (TokenId id : ids) Require(id >= 0 && id < tok.vocab_size());
  const bool render = (options & 4) != 0;
  (void)tok.Decode(ids, render);
  TokenStreamDecoder stream(tok, render);
  for (TokenId id : ids) {
    const std::string chunk = stream.Push(id);
    Require(utf8::ValidUtf8Prefix(chunk).valid_bytes == chunk.size());
  }
  const std::string tail = stream.Finish();
  Require(utf8::ValidUtf8Prefix(tail).valid_bytes == tail.size());
}

}  // namespace
}  // namespace hearth

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  using namespace hearth;
  const char* env = std::getenv("HEARTH_SHARED_DIR");
  const std::string shared = env != nullptr ? env : "../shared";
  for (const char* name :
       {"models/stories260K.gguf", "fixtures/tokenizer/ggml-vocab-llama-bpe.gguf",
        "fixtures/tokenizer/ggml-vocab-qwen2.gguf",
        "fixtures/tokenizer/ggml-vocab-deepseek-llm.gguf",
        "fixtures/tokenizer/ggml-vocab-deepseek-coder.gguf",
        "fixtures/tokenizer/ggml-vocab-falcon.gguf", "fixtures/tokenizer/ggml-vocab-mpt.gguf",
        "fixtures/tokenizer/ggml-vocab-phi-3.gguf",
        "fixtures/tokenizer/ggml-vocab-bert-bge.gguf"}) {
    LoadShared(shared + "/" + name);
  }
  LoadFromWriter(testing::TinySpmWriter());
  LoadFromWriter(testing::TinyBpeWriter());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hearth;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (input.substr(0, 4) == "GGUF") {
    Result<GgufFile> file = GgufFile::Parse(std::span<const uint8_t>(data, size), "fuzz.gguf");
    if (!file.ok()) return 0;
    Result<Tokenizer> tok = Tokenizer::FromGguf(*file);
    if (tok.ok()) Exercise(*tok, "Hello, world! <s> 123 \xE2\x96\x81 \xF0\x9F\xA6\x99\n", 3);
    return 0;
  }
  if (size == 0) return 0;
  const std::vector<Loaded>& all = Tokenizers();
  const Loaded& chosen = all[(data[0] >> 3) % all.size()];
  Exercise(*chosen.tokenizer, input.substr(1), data[0] & 7);
  return 0;
}
