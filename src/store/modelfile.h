// Modelfile: Ollama's recipe for a model, one instruction per line (case-insensitive):
//   FROM ./model.gguf | FROM llama3.1:8b      the weights: a GGUF file or a stored model
//   PARAMETER temperature 0.7                 a default option (PARAMETER stop may repeat)
//   TEMPLATE """{{ ... }}"""                  a chat template
//   SYSTEM """You are ..."""                  a default system prompt
//   LICENSE """..."""                         license text (may repeat)
//   MESSAGE user|assistant|system TEXT        a conversation to start from
// Values may be bare (the rest of the line), "quoted" or """triple-quoted""" across lines.
// Lines starting with '#' are comments. ADAPTER (LoRA) is refused as not supported.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace hearth::store {

struct ModelfileMessage {
  std::string role;  // "system", "user" or "assistant"
  std::string content;
};

struct Modelfile {
  std::string from;
  std::optional<std::string> template_text;
  std::optional<std::string> system;
  nlohmann::json parameters = nlohmann::json::object();  // typed: numbers, bools, stop: [..]
  std::vector<std::string> licenses;
  std::vector<ModelfileMessage> messages;

  // Errors give `origin` and the line: "Modelfile:4: PARAMETER temperature: 'hot' is not a
  // number"; unknown instructions and parameters are errors, as in Ollama.
  static Result<Modelfile> Parse(std::string_view text, std::string_view origin = "Modelfile");
};

// Checks one parameter's name and converts its text to the JSON type Ollama gives it
// (num_ctx -> integer, temperature -> number, stop -> string, ...).
Result<nlohmann::json> ParseModelParameter(std::string_view name, std::string_view value);

}  // namespace hearth::store
