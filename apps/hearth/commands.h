// Each subcommand lives in its own file and registers itself on the CLI app here.
// A command's callback returns the process exit code through `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

namespace hearth::cli {

void AddVersionCommand(CLI::App& app, int& exit_code);
void AddShowCommand(CLI::App& app, int& exit_code);
void AddTokenizeCommand(CLI::App& app, int& exit_code);
void AddRenderCommand(CLI::App& app, int& exit_code);
void AddRunCommand(CLI::App& app, int& exit_code);
void AddBenchCommand(CLI::App& app, int& exit_code);
void AddPerplexityCommand(CLI::App& app, int& exit_code);
void AddServeCommand(CLI::App& app, int& exit_code);
void AddPlanCommand(CLI::App& app, int& exit_code);
void AddPullCommand(CLI::App& app, int& exit_code);
void AddListCommand(CLI::App& app, int& exit_code);
void AddRemoveCommand(CLI::App& app, int& exit_code);
void AddCopyCommand(CLI::App& app, int& exit_code);
void AddImportCommand(CLI::App& app, int& exit_code);
void AddPsCommand(CLI::App& app, int& exit_code);
void AddStopCommand(CLI::App& app, int& exit_code);

}  // namespace hearth::cli
