#include "server/native/generation_job.h"

#include <algorithm>

#include "tokenizer/tokenizer.h"

namespace hearth::server {
namespace {

using std::chrono::milliseconds;

// How often a blocked Next() looks at the abort flag, and how long it waits on one choice
// before polling the others again.
constexpr milliseconds kAbortPollInterval{100};
constexpr milliseconds kChoicePollInterval{5};

}  // namespace

GenerationJob::GenerationJob(ModelLease lease, std::vector<Choice> choices,
                             int32_t prompt_tokens, bool report_logprobs, Metrics& metrics,
                             const std::atomic<bool>* abort)
    : lease_(std::move(lease)),
      prompt_tokens_(prompt_tokens),
      report_logprobs_(report_logprobs),
      metrics_(metrics),
      abort_(abort),
      created_(std::chrono::system_clock::now()) {
  for (Choice& c : choices) choices_.push_back({std::move(c), std::nullopt});
}

GenerationJob::~GenerationJob() { Cancel(); }

void GenerationJob::Cancel() {
  for (ChoiceState& c : choices_) {
    if (!c.end) c.choice.stream->Cancel();
  }
}

void GenerationJob::CancelAndDrain() {
  Cancel();
  GenerationEvent ignored;
  while (!done()) Next(ignored, std::chrono::seconds(1));
}

bool GenerationJob::Next(GenerationEvent& event, milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (abort_ != nullptr && abort_->load()) Cancel();
    GenerationStream::Event in;
    for (size_t k = 0; k < choices_.size(); ++k) {
      const size_t i = (next_choice_ + k) % choices_.size();
      if (choices_[i].end || !choices_[i].choice.stream->Next(in, milliseconds(0))) continue;
      next_choice_ = i + 1;
      Convert(i, in, event);
      return true;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    const milliseconds slice = choices_.size() == 1 ? kAbortPollInterval : kChoicePollInterval;
    const auto wait = std::min<std::chrono::steady_clock::duration>(deadline - now, slice);
    const size_t first = size_t(std::find_if(choices_.begin(), choices_.end(),
                                             [](const ChoiceState& c) { return !c.end; }) -
                                choices_.begin());
    if (choices_[first].choice.stream->Next(
            in, std::chrono::duration_cast<milliseconds>(wait) + milliseconds(1))) {
      Convert(first, in, event);
      return true;
    }
  }
  return false;
}

void GenerationJob::Convert(size_t index, GenerationStream::Event& in, GenerationEvent& out) {
  ChoiceState& state = choices_[index];
  OutputParser& parser = *state.choice.parser;
  out.choice = int(index);
  out.tokens.clear();
  out.end.reset();
  if (!in.done) {
    out.delta = parser.Push(in.token.text);
    if (report_logprobs_) out.tokens.push_back(Report(in.token));
    return;
  }
  out.delta = parser.Push(in.result.trailing_text);
  out.delta.Append(parser.Finish());
  state.end = MakeEnd(in.result, parser.saw_tool_calls());
  out.end = state.end;
  ++ended_choices_;
  metrics_.RecordChoice(state.end->figures);
}

ChoiceEnd GenerationJob::MakeEnd(const GenerationResult& result, bool saw_tool_calls) const {
  ChoiceEnd end;
  switch (result.reason) {
    case FinishReason::kStop:
      end.finish = saw_tool_calls ? ChoiceFinish::kToolCalls : ChoiceFinish::kStop;
      break;
    case FinishReason::kLength:
      end.finish = ChoiceFinish::kLength;
      break;
    case FinishReason::kCancelled:
      end.finish = ChoiceFinish::kCancelled;
      break;
    case FinishReason::kError:
      end.finish = ChoiceFinish::kError;
      end.error = result.error;
      break;
  }
  GenerationFigures& f = end.figures;
  f.prompt_tokens = result.prompt_tokens;
  f.cached_tokens = result.cached_tokens;
  f.generated_tokens = result.generated_tokens;
  f.load_time = lease_.load_time();
  f.queue_time = result.queue_time;
  f.prompt_time = result.prompt_time;
  f.generation_time = result.generation_time;
  f.total_time = result.total_time + lease_.load_time();
  return end;
}

TokenReport GenerationJob::Report(const GeneratedToken& token) const {
  const Tokenizer& tokenizer = lease_.model().model().tokenizer();
  TokenReport report;
  report.chosen = {token.id, token.piece, token.logprob};
  for (const TokenLogprob& alt : token.top_logprobs) {
    report.top.push_back({alt.token, tokenizer.TokenToPiece(alt.token), alt.logprob});
  }
  return report;
}

GenerationFigures GenerationJob::figures() const {
  GenerationFigures total;
  total.prompt_tokens = prompt_tokens_;
  total.load_time = lease_.load_time();
  bool first = true;
  for (const ChoiceState& c : choices_) {
    if (!c.end) continue;
    const GenerationFigures& f = c.end->figures;
    if (first) {
      total.cached_tokens = f.cached_tokens;
      total.queue_time = f.queue_time;
      total.prompt_time = f.prompt_time;
      first = false;
    }
    total.generated_tokens += f.generated_tokens;
    total.generation_time = std::max(total.generation_time, f.generation_time);
    total.total_time = std::max(total.total_time, f.total_time);
  }
  return total;
}

}  // namespace hearth::server
