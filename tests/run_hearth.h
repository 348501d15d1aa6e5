// Runs the built `hearth` binary (HEARTH_BINARY) from a test through the shell and captures what
// it prints: end-to-end checks of the subcommands as a user would run them.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace hearth::testing {

struct CommandResult {
  int exit_code = -1;  // -1 when the process did not exit normally
  std::string out;     // stdout, byte for byte
  std::string err;     // stderr
};

inline std::string ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs `hearth ARGS` (ARGS as a shell would split them; quote as needed) with stdin from
// /dev/null unless `args` redirects it ("... < file").
inline CommandResult RunHearth(const std::string& args) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("hearth-cmd-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string command = std::string(HEARTH_BINARY) + " </dev/null " + args + " >" +
                              (dir / "out").string() + " 2>" + (dir / "err").string();
  const int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = ReadWholeFile(dir / "out");
  result.err = ReadWholeFile(dir / "err");
  std::filesystem::remove_all(dir);
  return result;
}

}  // namespace hearth::testing
