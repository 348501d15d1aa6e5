// hearth: one binary for a private AI station. Subcommands are registered from commands.h.
#include <cstdio>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"Hearth: local LLM inference, speech and an OpenAI/Ollama-compatible server",
               "hearth"};
  app.require_subcommand(1);
  int exit_code = 0;
  hearth::cli::AddVersionCommand(app, exit_code);
  hearth::cli::AddShowCommand(app, exit_code);
  hearth::cli::AddTokenizeCommand(app, exit_code);
  hearth::cli::AddRenderCommand(app, exit_code);
  hearth::cli::AddRunCommand(app, exit_code);
  hearth::cli::AddBenchCommand(app, exit_code);
  hearth::cli::AddPerplexityCommand(app, exit_code);
  hearth::cli::AddServeCommand(app, exit_code);
  hearth::cli::AddPlanCommand(app, exit_code);
  hearth::cli::AddPullCommand(app, exit_code);
  hearth::cli::AddListCommand(app, exit_code);
  hearth::cli::AddRemoveCommand(app, exit_code);
  hearth::cli::AddCopyCommand(app, exit_code);
  hearth::cli::AddImportCommand(app, exit_code);
  hearth::cli::AddPsCommand(app, exit_code);
  hearth::cli::AddStopCommand(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}
