#include <cstdio>

#include "commands.h"

namespace hearth::cli {

// Placeholder until the GGUF reader lands.
void AddShowCommand(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("show", "Describe a GGUF model file");
  static std::string path;
  cmd->add_option("file", path, "GGUF file")->required();
  cmd->callback([&exit_code] {
    std::fprintf(stderr, "hearth show: not built yet\n");
    exit_code = 1;
  });
}

}  // namespace hearth::cli
