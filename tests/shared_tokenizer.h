// SharedTokenizer: the tokenizer of a GGUF file in ../shared, for the tests of every folder
// that need a real vocabulary.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "gguf/gguf_file.h"
#include "shared_data.h"
#include "tokenizer/tokenizer.h"

namespace hearth::testing {

// Loads the tokenizer of a shared GGUF file (path relative to the shared folder); fails the
// test (and returns nullptr) on error. Tokenizers are cached per path: they are immutable.
inline const Tokenizer* SharedTokenizer(const std::string& relative_path) {
  static auto* cache = new std::map<std::string, std::unique_ptr<Tokenizer>>();  // leaked
  auto it = cache->find(relative_path);
  if (it != cache->end()) return it->second.get();
  Result<GgufFile> file = GgufFile::Open(SharedPath(relative_path));
  EXPECT_TRUE(file.ok()) << file.status().ToString();
  if (!file.ok()) return nullptr;
  Result<Tokenizer> tokenizer = Tokenizer::FromGguf(*file);
  EXPECT_TRUE(tokenizer.ok()) << tokenizer.status().ToString();
  if (!tokenizer.ok()) return nullptr;
  auto owned = std::make_unique<Tokenizer>(std::move(tokenizer).value());
  const Tokenizer* result = owned.get();
  cache->emplace(relative_path, std::move(owned));
  return result;
}

}  // namespace hearth::testing
