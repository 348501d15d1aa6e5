// `hearth list`: the models in the store, as `ollama list` prints them (NAME, ID, SIZE,
// MODIFIED). Manifests that do not read are reported on stderr, not hidden.
#include <algorithm>
#include <cstdio>

#include "commands.h"
#include "gguf/model_summary.h"
#include "model_reference.h"

namespace hearth::cli {
namespace {

int List(const std::string& home) {
  Result<store::ModelStore> store = OpenStore(home);
  if (!store.ok()) {
    std::fprintf(stderr, "hearth list: %s\n", store.status().message().c_str());
    return 1;
  }
  std::vector<std::string> problems;
  const std::vector<store::StoredModel> models = store->List(&problems);
  size_t name_width = 4;
  for (const auto& m : models) name_width = std::max(name_width, m.name.ToString().size());
  std::printf("%-*s    %-12s    %-9s    %s\n", static_cast<int>(name_width), "NAME", "ID", "SIZE",
              "MODIFIED");
  for (const store::StoredModel& m : models) {
    const std::string id = m.manifest_digest.substr(7, 12);  // after "sha256:"
    std::printf("%-*s    %-12s    %-9s    %s\n", static_cast<int>(name_width),
                m.name.ToString().c_str(), id.c_str(), FormatBytes(m.size_bytes).c_str(),
                HumanAge(m.modified).c_str());
  }
  for (const std::string& problem : problems) {
    std::fprintf(stderr, "hearth list: skipped: %s\n", problem.c_str());
  }
  return 0;
}

}  // namespace

void AddListCommand(CLI::App& app, int& exit_code) {
  static std::string home;
  CLI::App* cmd = app.add_subcommand("list", "List the models in the store");
  cmd->alias("ls");
  AddStoreHomeOption(*cmd, home);
  cmd->callback([&exit_code] { exit_code = List(home); });
}

}  // namespace hearth::cli
