// ModelCatalog: which models a request may name, and where their GGUF files are.
//
//   - the models of the model store (HEARTH_HOME), by their names ("llama3.2:1b"), first;
//   - every *.gguf file directly in the models folder (--models DIR), named by its stem
//     ("stories260K.gguf" is "stories260K");
//   - files registered one by one (--model PATH), also named by their stem;
//   - copies made through /api/copy: of a store model, a new manifest in the store; of a
//     file, a name kept in memory only;
//   - a path to a file whose name ends in .gguf, named by the path as given.
// A trailing ":latest" (Ollama's default tag) is ignored when resolving a name.
//
// Not thread-safe: the ModelManager owns it and guards it.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "store/model_store.h"

namespace hearth::server {

// What a store model's Modelfile adds to every request: a default system prompt and default
// options (Ollama's names: temperature, top_k, num_predict, stop, ...). Empty for files.
struct ModelDefaults {
  std::string system;
  nlohmann::json parameters = nlohmann::json::object();
};

struct ModelLocation {
  std::string name;  // how the catalog names it
  std::string path;  // the GGUF file, absolute (a split model's first part)
  std::vector<std::string> more_parts;  // a split store model's other parts, in order
  uint64_t size_bytes = 0;
  std::chrono::system_clock::time_point modified;
  bool is_copy = false;  // made by Copy(); Delete() may remove it
  bool in_store = false;  // a model of the store: Delete() removes it from the store
  std::string digest;     // the store manifest's digest; "" for a plain file
  // A store model's TEMPLATE when it is Jinja (replacing the GGUF's chat template); "" for
  // the file's own. Ollama's Go templates are not used.
  std::string chat_template;
  ModelDefaults defaults;  // a store model's SYSTEM and PARAMETER

  // What residency keys the loaded model by: the file, plus the template when it has its own
  // (two names of one file with one template share a LoadedModel).
  std::string ResidencyKey() const;
};

class ModelCatalog {
 public:
  // "" for no models folder / no store. A store that cannot be opened is left out (the
  // error is in store_error()).
  explicit ModelCatalog(std::string models_dir, std::string store_home = "");

  // Registers a file by the stem of its name. Errors: not a readable regular file.
  Result<ModelLocation> AddFile(const std::string& path);
  // NotFound ("model 'x' not found") when `name` is none of the forms above.
  Result<ModelLocation> Resolve(std::string_view name) const;
  // Every named model (folder files, added files, copies), sorted by name.
  std::vector<ModelLocation> List() const;

  // Gives the model `source` the extra name `destination`. Errors: source unknown (NotFound);
  // destination empty, with '/', or already naming a file (InvalidArgument).
  Status Copy(std::string_view source, std::string_view destination);
  // Removes a store model (then the blobs no other model uses) or a copy. Errors: unknown
  // (NotFound); a file model (Unimplemented: Hearth does not delete model files).
  Status Delete(std::string_view name);

  const std::string& models_dir() const { return models_dir_; }
  const store::ModelStore* model_store() const { return store_ ? &*store_ : nullptr; }
  const Status& store_error() const { return store_error_; }

 private:
  Result<ModelLocation> FileNamed(std::string_view name) const;  // folder or added file
  // The store model `name`; NotFound when there is none (or no store).
  Result<ModelLocation> StoreModelNamed(std::string_view name) const;

  std::string models_dir_;
  std::optional<store::ModelStore> store_;
  Status store_error_;
  std::map<std::string, std::string, std::less<>> added_;   // name -> path
  std::map<std::string, std::string, std::less<>> copies_;  // name -> path
};

// `name` without a trailing ":latest".
std::string_view StripLatestTag(std::string_view name);

}  // namespace hearth::server
