// ModelCatalog: which models a request may name, and where their GGUF files are.
//
//   - every *.gguf file directly in the models folder (--models DIR), named by its stem
//     ("stories260K.gguf" is "stories260K");
//   - files registered one by one (--model PATH), also named by their stem;
//   - copies made through /api/copy: a new name for an existing model, kept in memory only
//     (the model library adds a persistent store);
//   - a path to a file whose name ends in .gguf, named by the path as given.
// A trailing ":latest" (Ollama's default tag) is ignored when resolving a name.
//
// Not thread-safe: the ModelManager owns it and guards it.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace hearth::server {

struct ModelLocation {
  std::string name;  // how the catalog names it
  std::string path;  // the GGUF file, absolute
  uint64_t size_bytes = 0;
  std::chrono::system_clock::time_point modified;
  bool is_copy = false;  // made by Copy(); Delete() may remove it
};

class ModelCatalog {
 public:
  explicit ModelCatalog(std::string models_dir);  // "" for none

  // Registers a file by the stem of its name. Errors: not a readable regular file.
  Result<ModelLocation> AddFile(const std::string& path);
  // NotFound ("model 'x' not found") when `name` is none of the forms above.
  Result<ModelLocation> Resolve(std::string_view name) const;
  // Every named model (folder files, added files, copies), sorted by name.
  std::vector<ModelLocation> List() const;

  // Gives the model `source` the extra name `destination`. Errors: source unknown (NotFound);
  // destination empty, with '/', or already naming a file (InvalidArgument).
  Status Copy(std::string_view source, std::string_view destination);
  // Removes a copy. Errors: unknown (NotFound); a file model (Unimplemented: Hearth does not
  // delete model files).
  Status Delete(std::string_view name);

  const std::string& models_dir() const { return models_dir_; }

 private:
  Result<ModelLocation> FileNamed(std::string_view name) const;  // folder or added file

  std::string models_dir_;
  std::map<std::string, std::string, std::less<>> added_;   // name -> path
  std::map<std::string, std::string, std::less<>> copies_;  // name -> path
};

// `name` without a trailing ":latest".
std::string_view StripLatestTag(std::string_view name);

}  // namespace hearth::server
