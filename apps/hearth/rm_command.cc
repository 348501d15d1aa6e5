// `hearth rm NAME...`: removes models from the store, then the blobs no other model uses.
#include <cstdio>

#include "commands.h"
#include "gguf/model_summary.h"
#include "model_reference.h"

namespace hearth::cli {
namespace {

int Remove(const std::vector<std::string>& names, const std::string& home) {
  Result<store::ModelStore> store = OpenStore(home);
  if (!store.ok()) {
    std::fprintf(stderr, "hearth rm: %s\n", store.status().message().c_str());
    return 1;
  }
  int exit_code = 0;
  for (const std::string& text : names) {
    Result<store::ModelName> name = store::ModelName::Parse(text);
    Result<store::GarbageReport> report =
        name.ok() ? store->Remove(*name) : Result<store::GarbageReport>(name.status());
    if (!report.ok()) {
      std::fprintf(stderr, "hearth rm: %s\n", report.status().message().c_str());
      exit_code = 1;
      continue;
    }
    std::printf("deleted '%s'", text.c_str());
    if (report->bytes_freed > 0) std::printf(" (freed %s)", FormatBytes(report->bytes_freed).c_str());
    if (report->skipped) std::printf(" (blobs kept while another pull or import runs)");
    std::printf("\n");
  }
  return exit_code;
}

}  // namespace

void AddRemoveCommand(CLI::App& app, int& exit_code) {
  static std::vector<std::string> names;
  static std::string home;
  CLI::App* cmd = app.add_subcommand("rm", "Remove models from the store");
  cmd->add_option("names", names, "Model names")->required();
  AddStoreHomeOption(*cmd, home);
  cmd->callback([&exit_code] { exit_code = Remove(names, home); });
}

}  // namespace hearth::cli
