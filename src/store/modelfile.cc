#include "store/modelfile.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>

#include "base/ascii.h"

namespace hearth::store {
namespace {

enum class ParameterType { kInteger, kNumber, kBool, kString };

// Ollama's option names and their types; "stop" accumulates into a list.
const std::map<std::string, ParameterType, std::less<>>& KnownParameters() {
  static const auto* const kParameters = new std::map<std::string, ParameterType, std::less<>>{
      {"num_ctx", ParameterType::kInteger},       {"num_predict", ParameterType::kInteger},
      {"num_keep", ParameterType::kInteger},      {"num_batch", ParameterType::kInteger},
      {"num_thread", ParameterType::kInteger},    {"num_gpu", ParameterType::kInteger},
      {"repeat_last_n", ParameterType::kInteger}, {"seed", ParameterType::kInteger},
      {"top_k", ParameterType::kInteger},         {"mirostat", ParameterType::kInteger},
      {"temperature", ParameterType::kNumber},    {"top_p", ParameterType::kNumber},
      {"min_p", ParameterType::kNumber},          {"typical_p", ParameterType::kNumber},
      {"repeat_penalty", ParameterType::kNumber}, {"presence_penalty", ParameterType::kNumber},
      {"frequency_penalty", ParameterType::kNumber}, {"mirostat_tau", ParameterType::kNumber},
      {"mirostat_eta", ParameterType::kNumber},   {"penalize_newline", ParameterType::kBool},
      {"use_mmap", ParameterType::kBool},         {"stop", ParameterType::kString},
  };
  return *kParameters;
}

std::string_view TrimSpace(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// Reads Modelfile text line by line, with triple-quoted values spanning lines.
class ModelfileReader {
 public:
  ModelfileReader(std::string_view text, std::string_view origin) : text_(text), origin_(origin) {}

  bool AtEnd() const { return position_ >= text_.size(); }
  int line() const { return line_; }

  // The next line (without its newline); counts lines.
  std::string_view NextLine() {
    const size_t end = std::min(text_.find('\n', position_), text_.size());
    std::string_view line = text_.substr(position_, end - position_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    position_ = end + 1;
    ++line_;
    return line;
  }

  // A value starting with `first` (the rest of the instruction's line): bare, "quoted" or
  // """triple-quoted""" (then it may continue over the next lines).
  Result<std::string> Value(std::string_view first) {
    first = TrimSpace(first);
    if (first.starts_with("\"\"\"")) {
      std::string value(first.substr(3));
      const int start_line = line_;
      while (true) {
        if (const size_t close = value.find("\"\"\""); close != std::string::npos) {
          if (!TrimSpace(std::string_view(value).substr(close + 3)).empty()) {
            return Error("text after the closing \"\"\"");
          }
          value.resize(close);
          return value;
        }
        if (AtEnd()) {
          return InvalidArgument(origin_ + ":" + std::to_string(start_line) +
                                 ": \"\"\" is never closed");
        }
        value += '\n';
        value += NextLine();
      }
    }
    if (first.size() >= 2 && first.front() == '"' && first.back() == '"') {
      std::string value;
      for (size_t i = 1; i + 1 < first.size(); ++i) {
        if (first[i] == '\\' && i + 2 < first.size()) {
          const char c = first[++i];
          value += c == 'n' ? '\n' : c == 't' ? '\t' : c;
        } else {
          value += first[i];
        }
      }
      return value;
    }
    return std::string(first);
  }

  Status Error(const std::string& message) const {
    return InvalidArgument(origin_ + ":" + std::to_string(line_) + ": " + message);
  }

 private:
  std::string_view text_;
  std::string origin_;
  size_t position_ = 0;
  int line_ = 0;
};

// "WORD rest" -> {"WORD", "rest"}.
std::pair<std::string_view, std::string_view> SplitWord(std::string_view text) {
  text = TrimSpace(text);
  size_t end = 0;
  while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
  return {text.substr(0, end), TrimSpace(text.substr(end))};
}

}  // namespace

Result<nlohmann::json> ParseModelParameter(std::string_view name, std::string_view value) {
  const auto& known = KnownParameters();
  const auto it = known.find(AsciiLower(name));
  if (it == known.end()) return InvalidArgument("unknown parameter '" + std::string(name) + "'");
  const std::string text(TrimSpace(value));
  switch (it->second) {
    case ParameterType::kInteger: {
      int64_t number = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
        return InvalidArgument("'" + text + "' is not an integer");
      }
      return nlohmann::json(number);
    }
    case ParameterType::kNumber: {
      double number = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
        return InvalidArgument("'" + text + "' is not a number");
      }
      return nlohmann::json(number);
    }
    case ParameterType::kBool: {
      const std::string lower = AsciiLower(text);
      if (lower == "true") return nlohmann::json(true);
      if (lower == "false") return nlohmann::json(false);
      return InvalidArgument("'" + text + "' is not true or false");
    }
    case ParameterType::kString:
      return nlohmann::json(text);
  }
  return InvalidArgument("unknown parameter '" + std::string(name) + "'");
}

Result<Modelfile> Modelfile::Parse(std::string_view text, std::string_view origin) {
  Modelfile modelfile;
  ModelfileReader reader(text, origin);
  while (!reader.AtEnd()) {
    const std::string_view line = TrimSpace(reader.NextLine());
    if (line.empty() || line.front() == '#') continue;
    const auto [word, rest] = SplitWord(line);
    const std::string instruction = AsciiLower(word);
    if (instruction == "from") {
      HEARTH_ASSIGN_OR_RETURN(modelfile.from, reader.Value(rest));
      if (modelfile.from.empty()) return reader.Error("FROM needs a GGUF file or a model name");
    } else if (instruction == "parameter") {
      const auto [name, value_text] = SplitWord(rest);
      HEARTH_ASSIGN_OR_RETURN(std::string value, reader.Value(value_text));
      Result<nlohmann::json> parsed = ParseModelParameter(name, value);
      if (!parsed.ok()) {
        return reader.Error("PARAMETER " + std::string(name) + ": " + parsed.status().message());
      }
      const std::string key = AsciiLower(name);
      if (key == "stop") {
        modelfile.parameters[key].push_back(*parsed);
      } else {
        modelfile.parameters[key] = *parsed;
      }
    } else if (instruction == "template") {
      HEARTH_ASSIGN_OR_RETURN(modelfile.template_text, reader.Value(rest));
    } else if (instruction == "system") {
      HEARTH_ASSIGN_OR_RETURN(modelfile.system, reader.Value(rest));
    } else if (instruction == "license") {
      HEARTH_ASSIGN_OR_RETURN(std::string license, reader.Value(rest));
      modelfile.licenses.push_back(std::move(license));
    } else if (instruction == "message") {
      const auto [role, content_text] = SplitWord(rest);
      const std::string lower_role = AsciiLower(role);
      if (lower_role != "system" && lower_role != "user" && lower_role != "assistant") {
        return reader.Error("MESSAGE role '" + std::string(role) +
                            "' (expected system, user or assistant)");
      }
      HEARTH_ASSIGN_OR_RETURN(std::string content, reader.Value(content_text));
      modelfile.messages.push_back({lower_role, std::move(content)});
    } else if (instruction == "adapter") {
      return reader.Error("ADAPTER (LoRA adapters) is not supported yet");
    } else {
      return reader.Error("unknown instruction '" + std::string(word) +
                          "' (expected FROM, PARAMETER, TEMPLATE, SYSTEM, LICENSE or MESSAGE)");
    }
  }
  if (modelfile.from.empty()) {
    return InvalidArgument(std::string(origin) + ": no FROM line (the model's weights)");
  }
  return modelfile;
}

}  // namespace hearth::store
