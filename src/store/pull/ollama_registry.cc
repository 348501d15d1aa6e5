#include "store/pull/ollama_registry.h"

#include "store/pull/http_fetch.h"

namespace hearth::store {
namespace {

constexpr size_t kMaxManifestBytes = size_t{4} << 20;

std::string WithoutTrailingSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

std::string RegistryRepositoryUrl(const ModelName& name, const PullOptions& options) {
  const std::string base = name.host == kDefaultHost ? options.registry_endpoint
                                                     : "https://" + name.host;
  return WithoutTrailingSlash(base) + "/v2/" + name.name_space + "/" + name.model;
}

BlobSource RegistryBlobSource(const ModelName& name, const PullOptions& options,
                              std::string_view digest) {
  return BlobSource{RegistryRepositoryUrl(name, options) + "/blobs/" + std::string(digest), {}};
}

Result<Manifest> FetchRegistryManifest(const ModelName& name, const PullOptions& options,
                                       const std::atomic<bool>* cancel) {
  const std::string url = RegistryRepositoryUrl(name, options) + "/manifests/" + name.tag;
  HEARTH_ASSIGN_OR_RETURN(
      HttpGetResponse response,
      HttpGet(url, {"Accept: " + std::string(kManifestMediaType)}, options, cancel,
              kMaxManifestBytes));
  if (response.status == 404) {
    return NotFound("model '" + name.ToString() + "' not found: the registry has no " +
                    name.name_space + "/" + name.model + " with the tag '" + name.tag +
                    "' (GET " + url + " answered 404); check the model name and tag");
  }
  if (response.status != 200) {
    std::string body = response.body.substr(0, 300);
    return Unavailable("pulling manifest for '" + name.ToString() + "': GET " + url +
                       " answered HTTP " + std::to_string(response.status) +
                       (body.empty() ? "" : ": " + body));
  }
  HEARTH_ASSIGN_OR_RETURN(Manifest manifest, Manifest::FromJson(response.body, url));
  if (manifest.FindLayer(kModelMediaType) == nullptr) {
    return DataLoss(url + ": the manifest has no model layer (" + std::string(kModelMediaType) +
                    ")");
  }
  return manifest;
}

}  // namespace hearth::store
