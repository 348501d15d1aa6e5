// `hearth tokenize MODEL TEXT [--ids] [--no-bos] [--parse-special]`: the model's tokens for TEXT,
// one "id<TAB>'piece'" line per token (control characters and bytes that are not UTF-8 shown
// escaped), or with --ids the ids alone on one line.
#include <cstdio>
#include <string>
#include <vector>

#include "commands.h"
#include "gguf/gguf_file.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/utf8.h"

namespace hearth::cli {
namespace {

// `piece` with \n \r \t \\ and other control bytes escaped, and bytes that do not form valid
// UTF-8 (a character split across tokens) written as \xNN.
std::string EscapePiece(const std::string& piece) {
  std::string out;
  std::string_view rest = piece;
  auto hex = [&](unsigned char c) {
    char buf[8];
    std::snprintf(buf, sizeof(buf), "\\x%02x", c);
    out += buf;
  };
  while (!rest.empty()) {
    const utf8::Utf8Prefix prefix = utf8::ValidUtf8Prefix(rest);
    for (unsigned char c : rest.substr(0, prefix.valid_bytes)) {
      switch (c) {
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\\': out += "\\\\"; break;
        default:
          if (c < 0x20 || c == 0x7F) {
            hex(c);
          } else {
            out.push_back(char(c));
          }
      }
    }
    rest.remove_prefix(prefix.valid_bytes);
    const size_t bad = prefix.incomplete ? rest.size() : prefix.invalid_bytes;
    for (unsigned char c : rest.substr(0, bad)) hex(c);
    rest.remove_prefix(bad);
  }
  return out;
}

struct Options {
  std::string model;
  std::string text;
  bool ids_only = false;
  bool no_bos = false;
  bool parse_special = false;
};

int Tokenize(const Options& options) {
  Result<GgufFile> file = GgufFile::Open(options.model);
  if (!file.ok()) {
    std::fprintf(stderr, "hearth tokenize: %s\n", file.status().ToString().c_str());
    return 1;
  }
  Result<Tokenizer> tokenizer = Tokenizer::FromGguf(*file);
  if (!tokenizer.ok()) {
    std::fprintf(stderr, "hearth tokenize: %s\n", tokenizer.status().ToString().c_str());
    return 1;
  }
  const std::vector<TokenId> ids = tokenizer->Encode(
      options.text, {.add_special = !options.no_bos, .parse_special = options.parse_special});
  if (options.ids_only) {
    std::string line;
    for (size_t i = 0; i < ids.size(); ++i) line += (i ? " " : "") + std::to_string(ids[i]);
    std::printf("%s\n", line.c_str());
    return 0;
  }
  for (TokenId id : ids) {
    const std::string piece = EscapePiece(tokenizer->TokenToPiece(id, /*render_special=*/true));
    std::printf("%d\t'%s'\n", id, piece.c_str());
  }
  return 0;
}

}  // namespace

void AddTokenizeCommand(CLI::App& app, int& exit_code) {
  static Options options;  // CLI11 binds to storage that outlives parsing
  CLI::App* cmd =
      app.add_subcommand("tokenize", "Show the tokens a model's tokenizer makes of a text");
  cmd->add_option("model", options.model, "GGUF model file")->required();
  cmd->add_option("text", options.text, "Text to tokenize")->required();
  cmd->add_flag("--ids", options.ids_only, "Print only the token ids, space separated");
  cmd->add_flag("--no-bos", options.no_bos, "Add no BOS/EOS tokens");
  cmd->add_flag("--parse-special", options.parse_special,
                "Match special token texts such as <|im_start|> in the text");
  cmd->callback([&exit_code] { exit_code = Tokenize(options); });
}

}  // namespace hearth::cli
