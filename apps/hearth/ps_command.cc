// `hearth ps`: the models a running server has loaded (GET /api/ps), as `ollama ps` shows
// them: NAME, ID, SIZE, CONTEXT, UNTIL.
#include <algorithm>
#include <cstdio>

#include "commands.h"
#include "gguf/model_summary.h"
#include "server_client.h"

namespace hearth::cli {
namespace {

std::string Text(const nlohmann::json& value, const char* key) {
  const auto it = value.find(key);
  return it != value.end() && it->is_string() ? it->get<std::string>() : "";
}

uint64_t Number(const nlohmann::json& value, const char* key) {
  const auto it = value.find(key);
  return it != value.end() && it->is_number_unsigned() ? it->get<uint64_t>() : 0;
}

int ListRunning() {
  Result<nlohmann::json> answer = CallServer("GET", "/api/ps");
  if (!answer.ok()) {
    std::fprintf(stderr, "hearth ps: %s\n", answer.status().message().c_str());
    return 1;
  }
  const nlohmann::json models = answer->value("models", nlohmann::json::array());
  size_t name_width = 4;
  for (const auto& m : models) name_width = std::max(name_width, Text(m, "name").size());
  std::printf("%-*s    %-12s    %-9s    %-7s    %s\n", static_cast<int>(name_width), "NAME", "ID",
              "SIZE", "CONTEXT", "UNTIL");
  for (const auto& m : models) {
    std::string until = Text(m, "expires_at");
    if (until.starts_with("2126") || until.empty()) until = "Forever";  // kept for ever
    std::printf("%-*s    %-12s    %-9s    %-7llu    %s\n", static_cast<int>(name_width),
                Text(m, "name").c_str(), Text(m, "digest").substr(0, 12).c_str(),
                FormatBytes(Number(m, "size")).c_str(),
                static_cast<unsigned long long>(Number(m, "context_length")), until.c_str());
  }
  return 0;
}

}  // namespace

void AddPsCommand(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("ps", "List the models a running server has loaded");
  cmd->callback([&exit_code] { exit_code = ListRunning(); });
}

}  // namespace hearth::cli
