// LoadedModel: a model ready to serve: the opened GGUF model, its chat template and the Engine
// that runs its generations. Immutable apart from the engine (which is thread-safe) and the
// grammar vocabulary (built once, on first use), so any number of requests share one through a
// ModelLease.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "base/status.h"
#include "chat/chat_template.h"
#include "engine/engine.h"
#include "grammar/grammar_vocabulary.h"
#include "llm/model.h"
#include "server/models/model_catalog.h"

namespace hearth::server {

class LoadedModel {
 public:
  // Opens the file, reads its chat template (or parses the location's own) and starts an
  // engine with `engine_options`. Errors name the file.
  static Result<std::unique_ptr<LoadedModel>> Load(const ModelLocation& location,
                                                   const EngineOptions& engine_options);
  ~LoadedModel();  // stops the engine (ending its requests as cancelled), then closes the model
  LoadedModel(const LoadedModel&) = delete;
  LoadedModel& operator=(const LoadedModel&) = delete;

  const ModelLocation& location() const { return location_; }
  const Model& model() const { return *model_; }
  const ChatTemplate& chat_template() const { return chat_template_; }
  Engine& engine() const { return *engine_; }
  std::chrono::nanoseconds load_time() const { return load_time_; }
  // Weights plus the engine's KV cache.
  uint64_t memory_bytes() const;
  // The vocabulary as grammar constraints need it; built on the first call (tens of
  // milliseconds for a large vocabulary), then shared. Thread-safe.
  std::shared_ptr<const GrammarVocabulary> grammar_vocabulary() const;

 private:
  LoadedModel(ModelLocation location, std::unique_ptr<Model> model, ChatTemplate chat_template,
              const EngineOptions& engine_options);

  ModelLocation location_;
  std::unique_ptr<Model> model_;
  ChatTemplate chat_template_;
  std::unique_ptr<Engine> engine_;  // uses *model_: declared after it, destroyed before it
  std::chrono::nanoseconds load_time_{0};
  mutable std::once_flag grammar_vocabulary_once_;
  mutable std::shared_ptr<const GrammarVocabulary> grammar_vocabulary_;
};

// How the ModelManager turns a location into a LoadedModel; tests inject their own.
using ModelLoader =
    std::function<Result<std::unique_ptr<LoadedModel>>(const ModelLocation& location)>;

// The loader that calls LoadedModel::Load with `engine_options`.
ModelLoader FileModelLoader(EngineOptions engine_options);

}  // namespace hearth::server
