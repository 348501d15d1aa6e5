#include "store/pull/pull_model.h"

#include <map>
#include <optional>
#include <string>

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
  report("writing manifest");
  HEARTH_RETURN_IF_ERROR(store.Put(name, remote.manifest));
  report("success");
  result.manifest = std::move(remote.manifest);
  return result;
}

}  // namespace hearth::store
