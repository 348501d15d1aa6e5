// A model's manifest: Ollama's registry manifest (Docker image manifest v2), the same JSON in
// the store as on the wire. A config blob describes the model (format, family, quant); each
// layer is a blob with a media type:
//   application/vnd.ollama.image.model      the GGUF weights (exactly one)
//   application/vnd.ollama.image.template   a Go-template chat template (text)
//   application/vnd.ollama.image.system     a system prompt (text)
//   application/vnd.ollama.image.params     default options (JSON: {"temperature":0.7,...})
//   application/vnd.ollama.image.license    license text
//   application/vnd.ollama.image.projector  a vision projector (GGUF)
//   application/vnd.ollama.image.adapter    a LoRA adapter (GGUF)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace hearth::store {

inline constexpr std::string_view kManifestMediaType =
    "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr std::string_view kConfigMediaType =
    "application/vnd.docker.container.image.v1+json";
inline constexpr std::string_view kModelMediaType = "application/vnd.ollama.image.model";
inline constexpr std::string_view kTemplateMediaType = "application/vnd.ollama.image.template";
inline constexpr std::string_view kSystemMediaType = "application/vnd.ollama.image.system";
inline constexpr std::string_view kParamsMediaType = "application/vnd.ollama.image.params";
inline constexpr std::string_view kLicenseMediaType = "application/vnd.ollama.image.license";
inline constexpr std::string_view kProjectorMediaType = "application/vnd.ollama.image.projector";
inline constexpr std::string_view kAdapterMediaType = "application/vnd.ollama.image.adapter";

struct BlobRef {
  std::string media_type;
  std::string digest;  // "sha256:<hex>"
  uint64_t size = 0;
};

struct Manifest {
  int schema_version = 2;
  std::string media_type = std::string(kManifestMediaType);
  BlobRef config;
  std::vector<BlobRef> layers;

  // Errors say which field is missing or malformed ("manifest: layers[2].digest is not a
  // sha256 digest"), prefixed by `origin` (a path or URL) when given.
  static Result<Manifest> FromJson(std::string_view json, std::string_view origin = "");
  std::string ToJson() const;  // compact, stable field order

  // The first layer of `media_type`, or nullptr.
  const BlobRef* FindLayer(std::string_view media_type) const;
  // The config and every layer (the blobs a pull must fetch and GC must keep).
  std::vector<BlobRef> AllBlobs() const;
  uint64_t TotalSize() const;  // config + layers, bytes
};

// The config blob written for an imported model: {"model_format":"gguf","model_family":...,
// "model_families":[...],"model_type":"1B","file_type":"Q4_K_M",...}.
struct ModelConfig {
  std::string model_format = "gguf";
  std::string model_family;   // "llama"
  std::string model_type;     // parameter count as Ollama prints it: "1.2B"
  std::string file_type;      // "Q4_K_M"
  std::string ToJson() const;
  static ModelConfig FromJson(std::string_view json);  // lenient: missing fields stay empty
};

}  // namespace hearth::store
