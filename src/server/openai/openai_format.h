// The JSON of OpenAI responses, from the native handler's output: whole responses
// (chat.completion, text_completion) and stream chunks (chat.completion.chunk,
// text_completion), with usage and log-probabilities in OpenAI's shapes.
//
// One formatter per request (it carries the response id and, for completions, text offsets).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "server/native/generation_output.h"
#include "server/native/job_collector.h"
#include "server/native/json_fields.h"

namespace hearth::server {

// "stop", "length", "tool_calls" (a cancelled choice reports "stop": its client is gone).
const char* OpenAiFinishReason(ChoiceFinish finish);
// {prompt_tokens, completion_tokens, total_tokens, prompt_tokens_details: {cached_tokens}}
Json OpenAiUsageJson(const GenerationFigures& figures);

class OpenAiFormatter {
 public:
  OpenAiFormatter(std::string id_prefix, std::string model, int64_t created, bool logprobs);
  virtual ~OpenAiFormatter() = default;

  // The whole answer of a non-streaming request.
  virtual Json Response(const std::vector<ChoiceOutcome>& outcomes,
                        const GenerationFigures& figures) const = 0;
  // Chunks that open a stream of `n` choices (chat: each choice's assistant role).
  virtual std::vector<Json> OpeningChunks(int n) const = 0;
  // Chunks for one event: its output, then its finish reason when it ends the choice.
  virtual std::vector<Json> EventChunks(const GenerationEvent& event) = 0;
  // The stream_options.include_usage chunk: empty choices and the usage.
  Json UsageChunk(const GenerationFigures& figures) const;

 protected:
  // {id, object, created, model, choices}.
  Json Envelope(const char* object, Json choices) const;

  std::string id_;
  std::string model_;
  int64_t created_;
  bool logprobs_;
  const char* chunk_object_ = "";
};

class ChatCompletionFormatter final : public OpenAiFormatter {
 public:
  ChatCompletionFormatter(std::string model, int64_t created, bool logprobs);
  Json Response(const std::vector<ChoiceOutcome>& outcomes,
                const GenerationFigures& figures) const override;
  std::vector<Json> OpeningChunks(int n) const override;
  std::vector<Json> EventChunks(const GenerationEvent& event) override;
};

class TextCompletionFormatter final : public OpenAiFormatter {
 public:
  TextCompletionFormatter(std::string model, int64_t created, bool logprobs);
  Json Response(const std::vector<ChoiceOutcome>& outcomes,
                const GenerationFigures& figures) const override;
  std::vector<Json> OpeningChunks(int) const override { return {}; }
  std::vector<Json> EventChunks(const GenerationEvent& event) override;

 private:
  std::vector<size_t> text_offsets_;  // per choice: bytes of text streamed so far
};

}  // namespace hearth::server
