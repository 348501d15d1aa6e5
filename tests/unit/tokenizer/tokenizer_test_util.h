// Helpers for the tokenizer tests: loading tokenizers from the shared models and fixtures, and
// reading the reference tokenizations (ggml-vocab-NAME.gguf.inp / .out).
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "gguf/gguf_file.h"
#include "shared_data.h"
#include "shared_tokenizer.h"
#include "tokenizer/tokenizer.h"

namespace hearth::testing {

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

struct ReferenceCase {
  std::string text;
  std::vector<TokenId> ids;
};

// The cases of fixtures/tokenizer/ggml-vocab-<name>.gguf.inp/.out: texts are separated by the
// line "__ggml_vocab_test__" (the separator includes the newlines around it, so a text may be
// empty or consist of newlines), one line of ids per text.
inline std::vector<ReferenceCase> ReadReferenceCases(const std::string& name) {
  const std::string base = SharedPath("fixtures/tokenizer/ggml-vocab-" + name + ".gguf");
  const std::string inp = ReadWholeFile(base + ".inp");
  const std::string separator = "\n__ggml_vocab_test__\n";
  std::vector<std::string> texts;
  for (size_t pos = 0; pos < inp.size();) {
    const size_t next = inp.find(separator, pos);
    if (next == std::string::npos) {
      texts.push_back(inp.substr(pos));
      break;
    }
    texts.push_back(inp.substr(pos, next - pos));
    pos = next + separator.size();
  }
  std::vector<ReferenceCase> cases;
  std::ifstream out(base + ".out");
  std::string line;
  for (size_t i = 0; std::getline(out, line); ++i) {
    ReferenceCase c;
    c.text = i < texts.size() ? texts[i] : "";
    std::istringstream ids(line);
    for (TokenId id; ids >> id;) c.ids.push_back(id);
    cases.push_back(std::move(c));
  }
  EXPECT_EQ(cases.size(), texts.size()) << name << ": .inp and .out disagree on the case count";
  return cases;
}

// Text with control characters and non-ASCII bytes escaped, for failure messages.
inline std::string Printable(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
    } else {
      out.push_back(char(c));
    }
  }
  return out;
}

}  // namespace hearth::testing
