// `hearth stop NAME`: asks a running server to unload a model now (as `ollama stop`: a
// generate request with keep_alive 0). A model in use is unloaded when its requests end.
#include <cstdio>

#include "commands.h"
#include "server_client.h"

namespace hearth::cli {

void AddStopCommand(CLI::App& app, int& exit_code) {
  static std::string name;
  CLI::App* cmd = app.add_subcommand("stop", "Unload a model from a running server");
  cmd->add_option("model", name, "Model name")->required();
  cmd->callback([&exit_code] {
    Result<nlohmann::json> answer =
        CallServer("POST", "/api/generate", {{"model", name}, {"keep_alive", 0}});
    if (!answer.ok()) {
      std::fprintf(stderr, "hearth stop: %s\n", answer.status().message().c_str());
      exit_code = 1;
    }
  });
}

}  // namespace hearth::cli
