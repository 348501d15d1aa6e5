#include "store/model_create.h"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "gguf/gguf_file.h"
#include "gguf/model_summary.h"

namespace hearth::store {
namespace fs = std::filesystem;
Result<ModelConfig> DescribeGguf(const std::string& path) {
  HEARTH_ASSIGN_OR_RETURN(GgufFile file, GgufFile::Open(path));
  HEARTH_ASSIGN_OR_RETURN(ModelSummary summary, SummarizeModel(file));
  ModelConfig config;
  config.model_family = summary.architecture;
  config.model_type = summary.size_label.empty() ? FormatCount(summary.parameter_count)
                                                 : summary.size_label;
  config.file_type = summary.file_type;
  // Files without general.file_type: the type holding most of the bytes.
  if (config.file_type.empty() && !summary.type_mix.empty()) {
    config.file_type = std::string(DTypeName(summary.type_mix.front().type));
  }
  return config;
}

namespace {

// Replaces the layer of `media_type` (or appends it) by the blob holding `text`.
Status SetTextLayer(BlobStore& blobs, Manifest& manifest, std::string_view media_type,
                    std::string_view text) {
  HEARTH_ASSIGN_OR_RETURN(BlobRef blob, blobs.AddBytes(media_type, text));
  for (BlobRef& layer : manifest.layers) {
    if (layer.media_type == media_type) {
      layer = blob;
      return Status::Ok();
    }
  }
  manifest.layers.push_back(std::move(blob));
  return Status::Ok();
}

// A manifest holding the weights of FROM: a new blob for a file, the stored model's layers
// for a name.
Result<Manifest> BaseManifest(ModelStore& store, const Modelfile& modelfile,
                              const std::string& base_dir, const CopyProgress& progress) {
  fs::path from(modelfile.from);
  if (from.is_relative() && !base_dir.empty()) from = fs::path(base_dir) / from;
  std::error_code ec;
  if (fs::is_regular_file(from, ec)) {
    const std::string path = from.string();
    HEARTH_ASSIGN_OR_RETURN(ModelConfig config, DescribeGguf(path));
    const uint64_t total = fs::file_size(from, ec);
    Manifest manifest;
    HEARTH_ASSIGN_OR_RETURN(BlobRef weights,
                            store.blobs().AddFile(kModelMediaType, path, [&](uint64_t done) {
                              if (progress) progress(done, total);
                            }));
    HEARTH_ASSIGN_OR_RETURN(manifest.config,
                            store.blobs().AddBytes(kConfigMediaType, config.ToJson()));
    manifest.layers.push_back(std::move(weights));
    return manifest;
  }
  Result<ModelName> name = ModelName::Parse(modelfile.from);
  if (name.ok()) {
    Result<StoredModel> stored = store.Get(*name);
    if (stored.ok()) return stored->manifest;
    if (stored.status().code() != StatusCode::kNotFound) return stored.status();
  }
  return NotFound("FROM " + modelfile.from + ": no such GGUF file (" + from.string() +
                  ") and no model of that name in the store");
}

}  // namespace

Result<StoredModel> CreateModel(ModelStore& store, const ModelName& name,
                                const Modelfile& modelfile, const std::string& base_dir,
                                const CopyProgress& progress) {
  HEARTH_ASSIGN_OR_RETURN(WriteLease lease, store.BeginWrite());
  HEARTH_ASSIGN_OR_RETURN(Manifest manifest, BaseManifest(store, modelfile, base_dir, progress));
  BlobStore& blobs = store.blobs();
  if (modelfile.template_text.has_value()) {
    HEARTH_RETURN_IF_ERROR(SetTextLayer(blobs, manifest, kTemplateMediaType,
                                        *modelfile.template_text));
  }
  if (modelfile.system.has_value()) {
    HEARTH_RETURN_IF_ERROR(SetTextLayer(blobs, manifest, kSystemMediaType, *modelfile.system));
  }
  if (!modelfile.parameters.empty()) {
    HEARTH_RETURN_IF_ERROR(
        SetTextLayer(blobs, manifest, kParamsMediaType, modelfile.parameters.dump()));
  }
  if (!modelfile.messages.empty()) {
    nlohmann::json messages = nlohmann::json::array();
    for (const ModelfileMessage& m : modelfile.messages) {
      messages.push_back({{"role", m.role}, {"content", m.content}});
    }
    HEARTH_RETURN_IF_ERROR(SetTextLayer(blobs, manifest, kMessagesMediaType, messages.dump()));
  }
  for (const std::string& license : modelfile.licenses) {
    HEARTH_ASSIGN_OR_RETURN(BlobRef blob, blobs.AddBytes(kLicenseMediaType, license));
    manifest.layers.push_back(std::move(blob));
  }
  HEARTH_RETURN_IF_ERROR(store.Put(name, manifest));
  return store.Get(name);
}

}  // namespace hearth::store
