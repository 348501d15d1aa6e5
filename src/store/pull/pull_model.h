// PullModel: `hearth pull NAME` and POST /api/pull. Fetches a model's manifest (an Ollama
// registry, or a Hugging Face repository for hf.co/... names: see hugging_face.h), downloads
// every blob the store lacks (blob_download.h: resumable, verified, several connections), then
// writes the manifest, last, so the model becomes visible only once all of it is there. The
// whole pull holds a ModelStore::WriteLease, so garbage collection never takes its blobs.
//
// Safe to call from several threads at once, also for the same model (blob locks serialize the
// downloads; the second pull finds the blobs present).
#pragma once

#include <atomic>
#include <cstdint>

#include "base/status.h"
#include "store/manifest.h"
#include "store/model_name.h"
#include "store/model_store.h"
#include "store/pull/pull_options.h"
#include "store/pull/pull_progress.h"

namespace hearth::store {

struct PullResult {
  ModelName name;
  Manifest manifest;
  uint64_t downloaded_bytes = 0;  // received this time
  uint64_t resumed_bytes = 0;     // taken over from interrupted downloads
  uint64_t present_bytes = 0;     // blobs the store had already
};

// Pulls `name` into `store`. Progress goes to `progress` (may be null) in Ollama's shapes (see
// pull_progress.h), ending with {"status":"success"}. `cancel` (may be null) stops the pull
// within about 100 ms; what was downloaded is kept. Errors are the ones of FetchRegistryManifest,
// ListHfRepoFiles, PickGgufFiles and DownloadBlob, whose messages say what was not found or
// what failed, and what was kept.
Result<PullResult> PullModel(ModelStore& store, const ModelName& name,
                             const PullOptions& options, const PullProgressCallback& progress,
                             const std::atomic<bool>* cancel);

}  // namespace hearth::store
