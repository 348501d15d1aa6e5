// How CLI commands find a model: a path to a GGUF file, or a name in the model store
// (HEARTH_HOME, or --home).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "base/status.h"
#include "store/model_store.h"

namespace hearth::cli {

// Adds `--home DIR` (the model store; default $HEARTH_HOME or ~/.hearth) bound to `home`.
void AddStoreHomeOption(CLI::App& command, std::string& home);
// `home` or the default when empty.
std::string StoreHome(const std::string& home);
// Opens the store at StoreHome(home).
Result<store::ModelStore> OpenStore(const std::string& home);

struct ModelReference {
  std::string path;  // the GGUF file (a split model's first part)
  std::vector<std::string> more_parts;  // a split store model's other parts, in order
  std::string name;  // the store's name for it, "" for a plain file
  std::optional<store::StoredModel> stored;
};

// `text` is a file (an existing one, or one written as a path: "/...", "./...", "*.gguf"; used
// as it is) or a model name in the store. Errors: neither (NotFound, naming both places looked
// in).
Result<ModelReference> ResolveModel(const std::string& text, const std::string& home);

// "3 days ago", "About a minute ago", ... as `ollama list` prints ages.
std::string HumanAge(std::chrono::system_clock::time_point when);

}  // namespace hearth::cli
