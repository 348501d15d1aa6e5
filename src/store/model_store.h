// ModelStore: the model library on disk, under HEARTH_HOME (default ~/.hearth), in Ollama's
// layout so an Ollama models folder can be used as it is:
//   blobs/sha256-<hex>                          content-addressed files (BlobStore)
//   manifests/<host>/<namespace>/<model>/<tag>  one JSON manifest per name (Manifest)
// A model is visible once its manifest exists, and a manifest is written (atomically) only
// after every blob it names is complete, so a crash never leaves a half-written model visible.
// Blobs no manifest names are garbage-collected after a removal.
//
// Writers (pull, import, copy) hold a WriteLease for their whole run: garbage collection runs
// only when no writer in any process holds one, so it never deletes the blobs of a pull whose
// manifest is not written yet. Other methods are safe to call from several threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/blob_store.h"
#include "store/manifest.h"
#include "store/model_name.h"

namespace hearth::store {

struct StoredModel {
  ModelName name;
  Manifest manifest;
  std::string manifest_path;
  std::string manifest_digest;  // SHA-256 of the manifest's bytes (Ollama's model "digest")
  std::chrono::system_clock::time_point modified;
  std::string model_path;  // the GGUF weights blob (a split model's first part)
  uint64_t size_bytes = 0;  // every blob together
};

struct GarbageReport {
  std::vector<std::string> removed;  // digests
  uint64_t bytes_freed = 0;
  bool skipped = false;  // a writer held the store: nothing was removed
};

// Held by a pull, import or copy while it writes; see the file comment. Move-only.
class WriteLease {
 public:
  WriteLease(WriteLease&& other) noexcept;
  WriteLease& operator=(WriteLease&&) = delete;
  WriteLease(const WriteLease&) = delete;
  ~WriteLease();

 private:
  friend class ModelStore;
  explicit WriteLease(int fd) : fd_(fd) {}
  int fd_;
};

class ModelStore {
 public:
  // Opens (creating its folders if needed) the store at `home`. Errors name the folder.
  static Result<ModelStore> Open(std::string home);
  // $HEARTH_HOME, else $HOME/.hearth.
  static std::string DefaultHome();

  const std::string& home() const { return home_; }
  const BlobStore& blobs() const { return blobs_; }
  BlobStore& blobs() { return blobs_; }

  // The model's manifest, parsed and checked (the weights blob must exist). NotFound
  // ("model 'x' not found") when there is no manifest; DataLoss naming the file when it is
  // unreadable or names a missing blob.
  Result<StoredModel> Get(const ModelName& name) const;
  // Every model whose manifest reads, sorted by name. Unreadable manifests are skipped and
  // reported in `problems` when given.
  std::vector<StoredModel> List(std::vector<std::string>* problems = nullptr) const;

  // Writes `manifest` as `name` after checking that every blob it names is present with its
  // size. Replaces an existing manifest of that name (blobs only it used are collected by the
  // next CollectGarbage).
  Status Put(const ModelName& name, const Manifest& manifest);
  // A second name for the same blobs. Errors: source unknown (NotFound).
  Status Copy(const ModelName& source, const ModelName& destination);
  // Removes the name, then collects the blobs no other name uses. NotFound when unknown.
  Result<GarbageReport> Remove(const ModelName& name);
  // Removes every complete blob that no manifest names, and temporary files older than a day.
  // Partial downloads are kept (a later pull resumes them). Skipped while a writer holds the
  // store.
  Result<GarbageReport> CollectGarbage();

  // Taken by writers; blocks only while garbage collection runs.
  Result<WriteLease> BeginWrite();

  // The blobs of every model layer, in order: one for most models, one per part for a model
  // split over several GGUF files (Hugging Face's large quants).
  std::vector<std::string> ModelPartPaths(const StoredModel& model) const;
  // The text of a layer (template, system, params), or "" when the manifest has none.
  Result<std::string> ReadLayerText(const StoredModel& model, std::string_view media_type) const;

 private:
  explicit ModelStore(std::string home);
  std::string ManifestPathOf(const ModelName& name) const;
  // The manifest file for `name`, found case-insensitively; "" when none.
  std::string FindManifest(const ModelName& name) const;
  Result<StoredModel> ReadManifestFile(const std::string& path, ModelName name) const;

  std::string home_;
  BlobStore blobs_;
};

}  // namespace hearth::store
