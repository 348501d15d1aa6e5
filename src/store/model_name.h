// Model names as users write them, in Ollama's grammar:
//
//   llama3.1                      registry.ollama.ai/library/llama3.1:latest
//   llama3.1:70b                  registry.ollama.ai/library/llama3.1:70b
//   someone/model:tag             registry.ollama.ai/someone/model:tag
//   hf.co/ORG/REPO:Q4_K_M         hf.co/ORG/REPO:Q4_K_M (a Hugging Face repo and a quant)
//   example.com:5000/ns/model:tag another registry
//
// A model is stored under manifests/<host>/<namespace>/<model>/<tag>. Names compare
// case-insensitively (as Ollama's do) but keep the case they were written in (Hugging Face
// repositories and quant names have upper case); only the host is lower-cased.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace hearth::store {

inline constexpr std::string_view kDefaultHost = "registry.ollama.ai";
inline constexpr std::string_view kDefaultNamespace = "library";
inline constexpr std::string_view kDefaultTag = "latest";
inline constexpr std::string_view kHuggingFaceHost = "hf.co";

struct ModelName {
  std::string host = std::string(kDefaultHost);
  std::string name_space = std::string(kDefaultNamespace);
  std::string model;
  std::string tag = std::string(kDefaultTag);

  // Errors name the text and the part that is wrong (empty, a character outside
  // [A-Za-z0-9._-], too long, too many '/').
  static Result<ModelName> Parse(std::string_view text);

  // The shortest form that parses back to this name: "llama3.1:70b", "someone/model:tag",
  // "hf.co/org/repo:Q4_K_M".
  std::string ToString() const;
  // Every part: "registry.ollama.ai/library/llama3.1:70b".
  std::string ToFullString() const;
  // manifests/<host>/<namespace>/<model>/<tag>, relative to the store's root.
  std::string ManifestRelativePath() const;
  bool IsHuggingFace() const { return host == kHuggingFaceHost || host == "huggingface.co"; }

  bool operator==(const ModelName& other) const;
};

}  // namespace hearth::store
