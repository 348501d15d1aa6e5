#include "server/models/loaded_model.h"

namespace hearth::server {

LoadedModel::LoadedModel(ModelLocation location, std::unique_ptr<Model> model,
                         ChatTemplate chat_template, const EngineOptions& engine_options)
    : location_(std::move(location)),
      model_(std::move(model)),
      chat_template_(std::move(chat_template)),
      engine_(std::make_unique<Engine>(*model_, engine_options)) {}

LoadedModel::~LoadedModel() { engine_.reset(); }

Result<std::unique_ptr<LoadedModel>> LoadedModel::Load(const ModelLocation& location,
                                                       const EngineOptions& engine_options) {
  const auto start = std::chrono::steady_clock::now();
  LoadOptions load_options;
  load_options.more_parts = location.more_parts;
  HEARTH_ASSIGN_OR_RETURN(std::unique_ptr<Model> model, Model::Open(location.path, load_options));
  HEARTH_ASSIGN_OR_RETURN(
      ChatTemplate chat_template,
      location.chat_template.empty()
          ? ChatTemplate::FromGguf(model->file())
          : ChatTemplate::Parse(location.chat_template, location.name + ": TEMPLATE"));
  std::unique_ptr<LoadedModel> loaded(
      new LoadedModel(location, std::move(model), std::move(chat_template), engine_options));
  loaded->load_time_ = std::chrono::steady_clock::now() - start;
  return loaded;
}

uint64_t LoadedModel::memory_bytes() const {
  return model_->weight_bytes() + engine_->Stats().kv_bytes;
}

std::shared_ptr<const GrammarVocabulary> LoadedModel::grammar_vocabulary() const {
  std::call_once(grammar_vocabulary_once_, [this] {
    grammar_vocabulary_ = GrammarVocabulary::FromTokenizer(model_->tokenizer());
  });
  return grammar_vocabulary_;
}

ModelLoader FileModelLoader(EngineOptions engine_options) {
  return [engine_options](const ModelLocation& location) {
    return LoadedModel::Load(location, engine_options);
  };
}

}  // namespace hearth::server
