// The Ollama registry protocol (Docker registry v2 manifests, sha256 blobs):
//   GET {base}/v2/{namespace}/{model}/manifests/{tag}
//       Accept: application/vnd.docker.distribution.manifest.v2+json
//   GET {base}/v2/{namespace}/{model}/blobs/{digest}     (usually a redirect to a CDN)
// {base} is PullOptions::registry_endpoint for names on registry.ollama.ai, else
// https://<host>.
#pragma once

#include <atomic>
#include <string>
#include <string_view>

#include "base/status.h"
#include "store/manifest.h"
#include "store/model_name.h"
#include "store/pull/blob_download.h"
#include "store/pull/pull_options.h"

namespace hearth::store {

// "https://registry.ollama.ai/v2/library/llama3.1" (no trailing slash).
std::string RegistryRepositoryUrl(const ModelName& name, const PullOptions& options);
BlobSource RegistryBlobSource(const ModelName& name, const PullOptions& options,
                              std::string_view digest);

// The name's manifest, checked (valid digests, one model layer). Errors: NotFound naming the
// model, tag and registry (HTTP 404); Unavailable for the network; DataLoss for a malformed
// manifest (naming the URL).
Result<Manifest> FetchRegistryManifest(const ModelName& name, const PullOptions& options,
                                       const std::atomic<bool>* cancel);

}  // namespace hearth::store
