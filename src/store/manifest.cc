#include "store/manifest.h"

#include <nlohmann/json.hpp>

#include "store/sha256.h"

namespace hearth::store {
namespace {

using nlohmann::json;

Result<BlobRef> ParseBlobRef(const json& value, const std::string& where,
                             const std::string& prefix) {
  if (!value.is_object()) return DataLoss(prefix + where + " is not an object");
  BlobRef ref;
  const auto media_type = value.find("mediaType");
  if (media_type != value.end() && media_type->is_string()) ref.media_type = *media_type;
  const auto digest = value.find("digest");
  if (digest == value.end() || !digest->is_string() || !IsValidDigest(digest->get<std::string>())) {
    return DataLoss(prefix + where + ".digest is not a sha256 digest");
  }
  ref.digest = *digest;
  const auto size = value.find("size");
  if (size == value.end() || !size->is_number_unsigned()) {
    return DataLoss(prefix + where + ".size is not a byte count");
  }
  ref.size = size->get<uint64_t>();
  return ref;
}

json BlobRefJson(const BlobRef& ref) {
  json out = json::object();
  out["mediaType"] = ref.media_type;
  out["digest"] = ref.digest;
  out["size"] = ref.size;
  return out;
}

}  // namespace

Result<Manifest> Manifest::FromJson(std::string_view text, std::string_view origin) {
  const std::string prefix = origin.empty() ? "manifest: " : std::string(origin) + ": ";
  const json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return DataLoss(prefix + "not valid JSON");
  if (!value.is_object()) return DataLoss(prefix + "not a JSON object");
  Manifest manifest;
  if (const auto v = value.find("schemaVersion"); v != value.end() && v->is_number_integer()) {
    manifest.schema_version = v->get<int>();
  }
  if (manifest.schema_version != 2) {
    return Unimplemented(prefix + "schemaVersion " + std::to_string(manifest.schema_version) +
                         " (only 2 is supported)");
  }
  if (const auto v = value.find("mediaType"); v != value.end() && v->is_string()) {
    manifest.media_type = *v;
  }
  const auto config = value.find("config");
  if (config == value.end()) return DataLoss(prefix + "no config");
  HEARTH_ASSIGN_OR_RETURN(manifest.config, ParseBlobRef(*config, "config", prefix));
  const auto layers = value.find("layers");
  if (layers == value.end() || !layers->is_array()) return DataLoss(prefix + "no layers array");
  for (size_t i = 0; i < layers->size(); ++i) {
    HEARTH_ASSIGN_OR_RETURN(
        BlobRef layer, ParseBlobRef((*layers)[i], "layers[" + std::to_string(i) + "]", prefix));
    manifest.layers.push_back(std::move(layer));
  }
  return manifest;
}

std::string Manifest::ToJson() const {
  json out = json::object();
  out["schemaVersion"] = schema_version;
  out["mediaType"] = media_type;
  out["config"] = BlobRefJson(config);
  json layer_list = json::array();
  for (const BlobRef& layer : layers) layer_list.push_back(BlobRefJson(layer));
  out["layers"] = std::move(layer_list);
  return out.dump();
}

const BlobRef* Manifest::FindLayer(std::string_view type) const {
  for (const BlobRef& layer : layers) {
    if (layer.media_type == type) return &layer;
  }
  return nullptr;
}

std::vector<BlobRef> Manifest::AllBlobs() const {
  std::vector<BlobRef> out;
  out.push_back(config);
  out.insert(out.end(), layers.begin(), layers.end());
  return out;
}

uint64_t Manifest::TotalSize() const {
  uint64_t total = config.size;
  for (const BlobRef& layer : layers) total += layer.size;
  return total;
}

std::string ModelConfig::ToJson() const {
  json out = json::object();
  out["model_format"] = model_format;
  out["model_family"] = model_family;
  out["model_families"] = model_family.empty() ? json::array() : json::array({model_family});
  out["model_type"] = model_type;
  out["file_type"] = file_type;
  return out.dump();
}

ModelConfig ModelConfig::FromJson(std::string_view text) {
  ModelConfig config;
  const json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!value.is_object()) return config;
  auto read = [&](const char* key, std::string& into) {
    if (const auto v = value.find(key); v != value.end() && v->is_string()) into = *v;
  };
  read("model_format", config.model_format);
  read("model_family", config.model_family);
  read("model_type", config.model_type);
  read("file_type", config.file_type);
  return config;
}

}  // namespace hearth::store
