#include <cstdio>

#include "commands.h"
#include "kernels/isa.h"

namespace hearth::cli {

void AddVersionCommand(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("version", "Print the version and the CPU kernels in use");
  cmd->callback([&exit_code] {
    std::printf("hearth %s\n", HEARTH_VERSION);
    std::printf("kernels: %.*s\n", int(IsaName(BestIsa()).size()), IsaName(BestIsa()).data());
    exit_code = 0;
  });
}

}  // namespace hearth::cli
