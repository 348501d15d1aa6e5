#include "server/native/model_defaults.h"

namespace hearth::server {
namespace {

using Json = nlohmann::ordered_json;

void AddSystemMessage(Json& body, const std::string& system) {
  if (system.empty()) return;
  Json& messages = body["messages"];
  if (!messages.is_array()) return;  // the parser reports the error
  for (const Json& message : messages) {
    if (message.is_object() && message.value("role", "") == "system") return;
  }
  messages.insert(messages.begin(), Json{{"role", "system"}, {"content", system}});
}

}  // namespace

void ApplyOllamaDefaults(Json& body, const ModelDefaults& defaults, bool chat) {
  if (!body.is_object()) return;
  if (!defaults.parameters.empty()) {
    Json options = Json::parse(defaults.parameters.dump());
    if (const auto it = body.find("options"); it != body.end() && it->is_object()) {
      for (const auto& [key, value] : it->items()) options[key] = value;
    }
    body["options"] = std::move(options);
  }
  if (chat) {
    AddSystemMessage(body, defaults.system);
  } else if (!defaults.system.empty() && !body.contains("system")) {
    body["system"] = defaults.system;
  }
}

void ApplyOpenAiDefaults(Json& body, const ModelDefaults& defaults, bool chat) {
  if (!body.is_object()) return;
  static constexpr const char* kSameName[] = {"temperature",      "top_p",
                                              "top_k",            "min_p",
                                              "repeat_penalty",   "presence_penalty",
                                              "frequency_penalty", "seed",
                                              "stop"};
  for (const char* key : kSameName) {
    if (const auto it = defaults.parameters.find(key);
        it != defaults.parameters.end() && !body.contains(key)) {
      body[key] = Json::parse(it->dump());
    }
  }
  if (const auto it = defaults.parameters.find("num_predict");
      it != defaults.parameters.end() && it->is_number_integer() && it->get<int64_t>() > 0 &&
      !body.contains("max_tokens") && !body.contains("max_completion_tokens")) {
    body["max_tokens"] = it->get<int64_t>();
  }
  if (chat) AddSystemMessage(body, defaults.system);
}

}  // namespace hearth::server
