#include "model_reference.h"

#include <filesystem>

namespace hearth::cli {
namespace fs = std::filesystem;

void AddStoreHomeOption(CLI::App& command, std::string& home) {
  command.add_option("--home", home, "Model store folder (default $HEARTH_HOME or ~/.hearth)");
}

std::string StoreHome(const std::string& home) {
  return home.empty() ? store::ModelStore::DefaultHome() : home;
}

Result<store::ModelStore> OpenStore(const std::string& home) {
  return store::ModelStore::Open(StoreHome(home));
}

Result<ModelReference> ResolveModel(const std::string& text, const std::string& home) {
  std::error_code ec;
  // A file, or something written as one (the file's reader then says what is wrong with it).
  const bool looks_like_path = text.ends_with(".gguf") || text.starts_with("/") ||
                               text.starts_with("./") || text.starts_with("../");
  if (looks_like_path || fs::is_regular_file(text, ec)) {
    return ModelReference{text, {}, "", std::nullopt};
  }
  Result<store::ModelName> name = store::ModelName::Parse(text);
  if (!name.ok()) {
    return NotFound("'" + text + "' is neither a file nor a model name (" +
                    name.status().message() + ")");
  }
  HEARTH_ASSIGN_OR_RETURN(store::ModelStore store, OpenStore(home));
  Result<store::StoredModel> stored = store.Get(*name);
  if (!stored.ok()) {
    if (stored.status().code() != StatusCode::kNotFound) return stored.status();
    return NotFound("'" + text + "' is neither a file nor a model in " + store.home() +
                    " (see `hearth list`; `hearth pull " + text + "` downloads it)");
  }
  std::vector<std::string> parts = store.ModelPartPaths(*stored);
  ModelReference reference{stored->model_path, std::vector<std::string>(parts.begin() + 1, parts.end()),
                           stored->name.ToString(), std::nullopt};
  reference.stored = std::move(*stored);
  return reference;
}

std::string HumanAge(std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  const auto seconds = duration_cast<std::chrono::seconds>(system_clock::now() - when).count();
  auto plural = [](long long n, const char* unit) {
    return std::to_string(n) + " " + unit + (n == 1 ? "" : "s") + " ago";
  };
  if (seconds < 60) return "Less than a minute ago";
  if (seconds < 120) return "About a minute ago";
  if (seconds < 3600) return plural(seconds / 60, "minute");
  if (seconds < 2 * 3600) return "About an hour ago";
  if (seconds < 86400) return plural(seconds / 3600, "hour");
  if (seconds < 7 * 86400) return plural(seconds / 86400, "day");
  if (seconds < 30 * 86400) return plural(seconds / (7 * 86400), "week");
  if (seconds < 365 * 86400) return plural(seconds / (30 * 86400), "month");
  return plural(seconds / (365 * 86400), "year");
}

}  // namespace hearth::cli
