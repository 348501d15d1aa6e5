// `hearth cp SOURCE DESTINATION`: a second name for a stored model (no bytes are copied).
#include <cstdio>

#include "commands.h"
#include "model_reference.h"

namespace hearth::cli {
namespace {

Status Copy(const std::string& source, const std::string& destination, const std::string& home) {
  HEARTH_ASSIGN_OR_RETURN(store::ModelStore store, OpenStore(home));
  HEARTH_ASSIGN_OR_RETURN(store::ModelName from, store::ModelName::Parse(source));
  HEARTH_ASSIGN_OR_RETURN(store::ModelName to, store::ModelName::Parse(destination));
  return store.Copy(from, to);
}

}  // namespace

void AddCopyCommand(CLI::App& app, int& exit_code) {
  static std::string source, destination, home;
  CLI::App* cmd = app.add_subcommand("cp", "Copy a model under a new name");
  cmd->add_option("source", source, "Existing model name")->required();
  cmd->add_option("destination", destination, "New name")->required();
  AddStoreHomeOption(*cmd, home);
  cmd->callback([&exit_code] {
    const Status status = Copy(source, destination, home);
    if (!status.ok()) {
      std::fprintf(stderr, "hearth cp: %s\n", status.message().c_str());
      exit_code = 1;
      return;
    }
    std::printf("copied '%s' to '%s'\n", source.c_str(), destination.c_str());
  });
}

}  // namespace hearth::cli
