#include "store/pull/pull_model.h"

#include <map>
#include <optional>
#include <string>

#include "store/model_create.h"
#include "store/pull/blob_download.h"
#include "store/pull/hugging_face.h"
#include "store/pull/ollama_registry.h"
#include "store/sha256.h"

namespace hearth::store {
namespace {

// What a pull fetches: the manifest to write, where each blob comes from, and the config
// bytes when the pull makes the config itself (Hugging Face).
struct RemoteModel {
  Manifest manifest;
  std::map<std::string, BlobSource> sources;  // by digest
  std::optional<std::string> config_bytes;
};

Result<RemoteModel> ResolveRegistryModel(const ModelName& name, const PullOptions& options,
                                         const std::atomic<bool>* cancel) {
  RemoteModel remote;
  HEARTH_ASSIGN_OR_RETURN(remote.manifest, FetchRegistryManifest(name, options, cancel));
  for (const BlobRef& blob : remote.manifest.AllBlobs()) {
    remote.sources[blob.digest] = RegistryBlobSource(name, options, blob.digest);
  }
  return remote;
}

Result<RemoteModel> ResolveHuggingFaceModel(const ModelName& name, const PullOptions& options,
                                            const std::atomic<bool>* cancel) {
  HEARTH_ASSIGN_OR_RETURN(std::vector<HfFile> files, ListHfRepoFiles(name, options, cancel));
  HEARTH_ASSIGN_OR_RETURN(std::vector<HfFile> parts, PickGgufFiles(files, name.tag, name));
  RemoteModel remote;
  ModelConfig config;
  config.file_type = QuantOfFileName(parts.front().path);
  remote.config_bytes = config.ToJson();
  remote.manifest.config = BlobRef{std::string(kConfigMediaType),
                                   Sha256Digest(*remote.config_bytes),
                                   remote.config_bytes->size()};
  for (const HfFile& part : parts) {
    remote.manifest.layers.push_back(BlobRef{std::string(kModelMediaType), part.digest,
                                             part.size});
    remote.sources[part.digest] = HfBlobSource(name, options, part.path);
  }
  return remote;
}

// Replaces a config made from the quant's name by one read from the first weights blob's GGUF
// header (architecture, parameter count, file type), as an import writes it.
Status DescribeDownloadedWeights(ModelStore& store, const std::string& guessed_config,
                                 Manifest& manifest) {
  const BlobRef* weights = manifest.FindLayer(kModelMediaType);
  if (weights == nullptr) return Status::Ok();
  Result<ModelConfig> described = DescribeGguf(store.blobs().PathOf(weights->digest));
  if (!described.ok()) return Status::Ok();  // a split part's header may not say; keep the guess
  ModelConfig config = *described;
  if (config.file_type.empty()) config.file_type = ModelConfig::FromJson(guessed_config).file_type;
  HEARTH_ASSIGN_OR_RETURN(manifest.config,
                          store.blobs().AddBytes(kConfigMediaType, config.ToJson()));
  return Status::Ok();
}

}  // namespace

Result<PullResult> PullModel(ModelStore& store, const ModelName& name,
                             const PullOptions& options, const PullProgressCallback& progress,
                             const std::atomic<bool>* cancel) {
  auto report = [&](const char* status) {
    if (progress) progress(PullProgress{status, "", 0, 0});
  };
  report("pulling manifest");
  HEARTH_ASSIGN_OR_RETURN(RemoteModel remote,
                          name.IsHuggingFace() ? ResolveHuggingFaceModel(name, options, cancel)
                                               : ResolveRegistryModel(name, options, cancel));
  HEARTH_ASSIGN_OR_RETURN(WriteLease lease, store.BeginWrite());
  PullResult result;
  result.name = name;
  if (remote.config_bytes) {
    HEARTH_ASSIGN_OR_RETURN(BlobRef config,
                            store.blobs().AddBytes(kConfigMediaType, *remote.config_bytes));
    if (progress) {
      progress(PullProgress{PullingStatus(config.digest), config.digest, config.size,
                            config.size});
    }
  }
  for (const BlobRef& blob : remote.manifest.AllBlobs()) {
    if (remote.config_bytes && blob.digest == remote.manifest.config.digest) continue;
    HEARTH_ASSIGN_OR_RETURN(BlobDownloadResult downloaded,
                            DownloadBlob(store.blobs(), blob, remote.sources.at(blob.digest),
                                         options, progress, cancel));
    if (downloaded.already_present) result.present_bytes += blob.size;
    result.downloaded_bytes += downloaded.downloaded_bytes;
    result.resumed_bytes += downloaded.resumed_bytes;
  }
  if (cancel != nullptr && cancel->load()) {
    return Unavailable("the pull of '" + name.ToString() + "' was cancelled");
  }
  if (remote.config_bytes) {  // made here: describe the weights from their header now
    HEARTH_RETURN_IF_ERROR(
        DescribeDownloadedWeights(store, *remote.config_bytes, remote.manifest));
  }
  report("writing manifest");
  HEARTH_RETURN_IF_ERROR(store.Put(name, remote.manifest));
  report("success");
  result.manifest = std::move(remote.manifest);
  return result;
}

}  // namespace hearth::store
