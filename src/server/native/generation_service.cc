#include "server/native/generation_service.h"

#include <string>
#include <utility>
#include <vector>

#include "chat/chat_prompt.h"
#include "server/native/chat_messages.h"

namespace hearth::server {

struct GenerationService::PreparedPrompt {
  std::vector<TokenId> tokens;
  std::string text;                      // the rendered or given text ("" for token prompts)
  std::vector<std::string> extra_stops;  // from the chat plan
  std::vector<TokenId> preserved_tokens;  // from the chat plan, those in the vocabulary
  std::function<std::unique_ptr<OutputParser>(std::string_view)> make_parser;
  std::function<Result<std::unique_ptr<TokenConstraint>>()> make_constraint;
};

Status ValidateNativeRequest(const NativeRequest& request) {
  if (request.model.empty()) return InvalidArgument("field 'model' is required");
  if (request.n < 1 || request.n > kMaxChoices) {
    return InvalidArgument("field 'n' is " + std::to_string(request.n) + ", outside [1, " +
                           std::to_string(kMaxChoices) + "]");
  }
  if (request.top_logprobs > kMaxTopLogprobs) {
    return InvalidArgument("at most " + std::to_string(kMaxTopLogprobs) +
                           " top log-probabilities per token may be asked for");
  }
  if (request.stop.size() > kMaxStopStrings) {
    return InvalidArgument("at most " + std::to_string(kMaxStopStrings) +
                           " stop sequences are allowed");
  }
  return Status::Ok();
}

GenerationService::GenerationService(ModelManager& models, Metrics& metrics,
                                     GenerationHooks hooks)
    : models_(models), metrics_(metrics), hooks_(std::move(hooks)) {
  if (!hooks_.plan_chat) hooks_.plan_chat = PlainChatPlan;
}

Result<std::unique_ptr<GenerationJob>> GenerationService::Start(const NativeRequest& request) {
  HEARTH_RETURN_IF_ERROR(ValidateNativeRequest(request));
  HEARTH_ASSIGN_OR_RETURN(ModelLease lease, models_.Acquire(request.model));
  lease.set_keep_alive(request.keep_alive);
  HEARTH_ASSIGN_OR_RETURN(PreparedPrompt prompt, PreparePrompt(request, lease.model()));
  HEARTH_ASSIGN_OR_RETURN(std::vector<GenerationJob::Choice> choices,
                          Submit(request, lease.model(), prompt));
  return std::make_unique<GenerationJob>(std::move(lease), std::move(choices),
                                         int32_t(prompt.tokens.size()),
                                         request.top_logprobs >= 0, metrics_, &abort_);
}

Result<GenerationService::PreparedPrompt> GenerationService::PreparePrompt(
    const NativeRequest& request, const LoadedModel& model) const {
  if (request.prompt_kind == NativeRequest::PromptKind::kChat) {
    return PrepareChatPrompt(request, model);
  }
  if (request.tools.active()) {
    return InvalidArgument("tools need a chat request (messages), not a raw prompt");
  }
  PreparedPrompt prompt;
  if (request.prompt_kind == NativeRequest::PromptKind::kText) {
    prompt.text = request.text;
    prompt.tokens = TokenizePrompt(model.model().tokenizer(), request.text);
  } else {
    prompt.tokens = request.tokens;
  }
  prompt.make_parser = [](std::string_view) { return std::make_unique<PlainTextParser>(); };
  return prompt;
}

Result<GenerationService::PreparedPrompt> GenerationService::PrepareChatPrompt(
    const NativeRequest& request, const LoadedModel& model) const {
  HEARTH_ASSIGN_OR_RETURN(Json messages, NormalizeChatMessages(request.messages));
  HEARTH_ASSIGN_OR_RETURN(ChatPlan plan, hooks_.plan_chat({model, messages, request.tools}));
  Result<std::string> text = RenderConversation(model.chat_template(), model.model().tokenizer(),
                                                plan.messages, plan.template_tools);
  if (!text.ok()) {
    return InvalidArgument("the chat template could not render the messages: " +
                           text.status().message());
  }
  PreparedPrompt prompt;
  prompt.text = std::move(text).value();
  prompt.tokens = TokenizePrompt(model.model().tokenizer(), prompt.text);
  prompt.extra_stops = std::move(plan.extra_stops);
  for (const std::string& text : plan.preserved_tokens) {
    if (const TokenId id = model.model().tokenizer().FindToken(text); id >= 0) {
      prompt.preserved_tokens.push_back(id);
    }
  }
  prompt.make_parser = std::move(plan.make_parser);
  prompt.make_constraint = std::move(plan.make_constraint);
  return prompt;
}

Result<std::vector<GenerationJob::Choice>> GenerationService::Submit(
    const NativeRequest& request, const LoadedModel& model, const PreparedPrompt& prompt) const {
  const bool wants_format = request.response_format.kind != ResponseFormat::Kind::kText;
  if (wants_format && !hooks_.make_constraint) {
    return Unimplemented("response_format " +
                         std::string(request.response_format.kind ==
                                             ResponseFormat::Kind::kJsonObject
                                         ? "json_object"
                                         : "json_schema") +
                         " is not supported yet by this server");
  }
  if (wants_format && prompt.make_constraint) {
    return InvalidArgument("a response format cannot be combined with tool calls");
  }
  std::vector<GenerationJob::Choice> choices;
  auto cancel_submitted = [&choices] {
    for (auto& c : choices) c.stream->Cancel();
  };
  for (int32_t i = 0; i < request.n; ++i) {
    GenerationRequest g;
    g.prompt = prompt.tokens;
    g.sampling = request.sampling;
    if (i > 0 && g.sampling.seed != kRandomSeed) g.sampling.seed += uint64_t(i);
    g.max_tokens = request.max_tokens;
    g.stop = request.stop;
    g.stop.insert(g.stop.end(), prompt.extra_stops.begin(), prompt.extra_stops.end());
    g.ignore_eos = request.ignore_eos;
    g.preserved_tokens = prompt.preserved_tokens;
    g.n_top_logprobs = request.top_logprobs;
    Result<std::unique_ptr<TokenConstraint>> constraint =
        wants_format ? hooks_.make_constraint(model, request.response_format)
        : prompt.make_constraint ? prompt.make_constraint()
                                 : Result<std::unique_ptr<TokenConstraint>>(nullptr);
    if (!constraint.ok()) {
      cancel_submitted();
      return constraint.status();
    }
    g.constraint = std::move(constraint).value();
    Result<std::shared_ptr<GenerationStream>> stream = model.engine().Submit(std::move(g));
    if (!stream.ok()) {
      cancel_submitted();
      return stream.status();
    }
    choices.push_back({std::move(stream).value(), prompt.make_parser(prompt.text)});
  }
  return choices;
}

}  // namespace hearth::server
