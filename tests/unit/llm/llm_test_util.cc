#include "llm_test_util.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "shared_data.h"

namespace hearth::testing {
namespace {

std::vector<float> ReadFloats(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  in.seekg(0, std::ios::end);
  const auto bytes = size_t(in.tellg());
  in.seekg(0);
  std::vector<float> values(bytes / sizeof(float));
  in.read(reinterpret_cast<char*>(values.data()), std::streamsize(values.size() * sizeof(float)));
  return values;
}

std::string ModelPath(const std::string& file) {
  const std::string direct = SharedPath("models/" + file);
  if (std::filesystem::exists(direct)) return direct;
  return SharedPath("models/random/" + file);
}

}  // namespace

std::vector<LogitsFixture> LoadLogitsFixtures(const std::string& model_stem) {
  std::vector<LogitsFixture> fixtures;
  for (int p = 0;; ++p) {
    const std::string name = model_stem + "__p" + std::to_string(p);
    const std::string json_path = SharedPath("fixtures/logits/" + name + ".json");
    if (!std::filesystem::exists(json_path)) break;
    std::ifstream in(json_path);
    const nlohmann::json j = nlohmann::json::parse(in);
    LogitsFixture f;
    f.name = name;
    f.model_path = ModelPath(j.at("model").get<std::string>());
    f.tokens = j.at("tokens").get<std::vector<TokenId>>();
    f.n_vocab = j.at("n_vocab").get<int32_t>();
    f.logits = ReadFloats(SharedPath("fixtures/logits/" + j.at("logits_file").get<std::string>()));
    f.top1_margin = j.at("top1_margin").get<std::vector<float>>();
    f.greedy = j.at("greedy").get<std::vector<TokenId>>();
    f.greedy_top1_margin = j.at("greedy_top1_margin").get<std::vector<float>>();
    EXPECT_EQ(f.logits.size(), f.tokens.size() * size_t(f.n_vocab)) << name;
    fixtures.push_back(std::move(f));
  }
  return fixtures;
}

std::vector<std::string> LlamaFamilyFixtureModels() {
  std::vector<std::string> stems;
  for (const auto& entry : std::filesystem::directory_iterator(SharedPath("fixtures/logits"))) {
    const std::string file = entry.path().filename().string();
    const size_t sep = file.find("__p0.json");
    if (sep == std::string::npos) continue;
    const std::string stem = file.substr(0, sep);
    const bool llama =
        stem == "stories260K" || stem.rfind("llama-", 0) == 0 || stem.rfind("llama3-", 0) == 0;
    const bool qwen2 = stem.rfind("qwen2-", 0) == 0;
    if (llama || qwen2) stems.push_back(stem);
  }
  std::sort(stems.begin(), stems.end());
  return stems;
}

int32_t Argmax(std::span<const float> row) {
  return int32_t(std::max_element(row.begin(), row.end()) - row.begin());
}

float MaxAbsDiff(std::span<const float> a, std::span<const float> b) {
  EXPECT_EQ(a.size(), b.size());
  float max = 0.0f;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    max = std::max(max, std::fabs(a[i] - b[i]));
  }
  return max;
}

Result<std::vector<TokenId>> GreedyTokens(Session& session, std::span<const TokenId> prompt,
                                          int n) {
  std::vector<TokenId> out;
  HEARTH_ASSIGN_OR_RETURN(std::span<const float> logits, session.Decode(prompt));
  for (int i = 0; i < n; ++i) {
    const TokenId next = Argmax(logits);
    out.push_back(next);
    if (i + 1 == n) break;
    HEARTH_ASSIGN_OR_RETURN(logits, session.Decode(std::span<const TokenId>(&next, 1)));
  }
  return out;
}

}  // namespace hearth::testing
