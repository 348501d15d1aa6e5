// `hearth import FILE.gguf --name NAME` and `hearth import Modelfile --name NAME` (also
// `hearth create NAME -f Modelfile`, Ollama's spelling): adds a model to the store. The
// weights are copied into the store, so the original file may be deleted afterwards.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "commands.h"
#include "gguf/model_summary.h"
#include "model_reference.h"
#include "store/atomic_file.h"
#include "store/model_create.h"

namespace hearth::cli {
namespace fs = std::filesystem;
namespace {

bool StartsWithGgufMagic(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  return in.gcount() == 4 && std::string_view(magic, 4) == "GGUF";
}

// Prints "copying model 1.2 GB/4.9 GB (24%)" over itself on a terminal.
store::CopyProgress TerminalProgress() {
  if (!isatty(STDERR_FILENO)) return nullptr;
  return [last_percent = -1](uint64_t done, uint64_t total) mutable {
    const int percent = total == 0 ? 100 : static_cast<int>(done * 100 / total);
    if (percent == last_percent) return;
    last_percent = percent;
    std::fprintf(stderr, "\rcopying model %s/%s (%d%%)", FormatBytes(done).c_str(),
                 FormatBytes(total).c_str(), percent);
    if (done == total) std::fprintf(stderr, "\n");
  };
}

Result<store::StoredModel> Import(const std::string& path, std::string name_text,
                                  const std::string& home) {
  store::Modelfile modelfile;
  std::string base_dir;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return NotFound(path + ": no such file");
  if (StartsWithGgufMagic(path)) {
    modelfile.from = fs::absolute(path, ec).string();
    if (name_text.empty()) name_text = fs::path(path).stem().string();
  } else {
    HEARTH_ASSIGN_OR_RETURN(std::string text, store::ReadWholeFile(path));
    HEARTH_ASSIGN_OR_RETURN(modelfile, store::Modelfile::Parse(text, path));
    base_dir = fs::absolute(path, ec).parent_path().string();
    if (name_text.empty()) {
      return InvalidArgument("importing a Modelfile needs --name NAME");
    }
  }
  HEARTH_ASSIGN_OR_RETURN(store::ModelName name, store::ModelName::Parse(name_text));
  HEARTH_ASSIGN_OR_RETURN(store::ModelStore store, OpenStore(home));
  return store::CreateModel(store, name, modelfile, base_dir, TerminalProgress());
}

int RunImport(const std::string& command, const std::string& path, const std::string& name,
              const std::string& home) {
  Result<store::StoredModel> model = Import(path, name, home);
  if (!model.ok()) {
    std::fprintf(stderr, "hearth %s: %s\n", command.c_str(), model.status().message().c_str());
    return 1;
  }
  std::printf("imported '%s' (%s)\n", model->name.ToString().c_str(),
              FormatBytes(model->size_bytes).c_str());
  return 0;
}

}  // namespace

void AddImportCommand(CLI::App& app, int& exit_code) {
  static std::string path, name, home;
  CLI::App* cmd = app.add_subcommand(
      "import", "Add a GGUF file or a Modelfile (FROM, PARAMETER, TEMPLATE, SYSTEM) to the store");
  cmd->add_option("file", path, "A GGUF file or a Modelfile")->required();
  cmd->add_option("--name,-n", name, "Model name (default for a GGUF file: its file name)");
  AddStoreHomeOption(*cmd, home);
  cmd->callback([&exit_code] { exit_code = RunImport("import", path, name, home); });

  static std::string create_name, modelfile_path = "Modelfile", create_home;
  CLI::App* create = app.add_subcommand("create", "Create a model from a Modelfile (as Ollama)");
  create->add_option("name", create_name, "Model name")->required();
  create->add_option("--file,-f", modelfile_path, "Modelfile (default ./Modelfile)");
  AddStoreHomeOption(*create, create_home);
  create->callback([&exit_code] {
    exit_code = RunImport("create", modelfile_path, create_name, create_home);
  });
}

}  // namespace hearth::cli
