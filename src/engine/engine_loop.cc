#include "engine/engine_loop.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "base/check.h"
#include "llm/model.h"

namespace hearth {
namespace {

std::chrono::nanoseconds Since(EngineClock::time_point from, EngineClock::time_point to) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(to - from);
}

// The automatic prompt chunk: a pass that makes the generating streams wait should take about
// kTargetStallSeconds; the speed is measured on passes of kMeasuredPassTokens or more tokens.
constexpr double kTargetStallSeconds = 0.25;
constexpr int32_t kMinPromptChunk = 32;
constexpr int32_t kMeasuredPassTokens = 32;
constexpr double kSpeedSmoothing = 0.3;  // weight of the newest pass in the moving average

size_t CommonPrefix(const std::vector<TokenId>& a, const std::vector<TokenId>& b) {
  const size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

}  // namespace

ActiveRequest::ActiveRequest(QueuedRequest queued, const Tokenizer& tokenizer, int32_t n_vocab)
    : request(std::move(queued.request)),
      stream(std::move(queued.stream)),
      sampler(request.sampling, n_vocab),
      decoder(tokenizer),
      stops(request.stop),
      submitted(queued.submitted) {}

Engine::Loop::Loop(const Model& model, const EngineOptions& options)
    : model_(model),
      options_(options),
      tokenizer_(model.tokenizer()),
      pool_(options.n_threads),
      kv_(model.config(), options.n_parallel, options.n_ctx),
      scratch_(model.config(), options.n_batch, options.n_ctx, options.n_threads),
      batch_(options.n_batch),
      slots_(size_t(options.n_parallel)) {
  for (int32_t i = 0; i < options.n_parallel; ++i) slots_[size_t(i)].seq = i;
  for (TokenId t = 0; t < tokenizer_.vocab_size(); ++t) {
    if (tokenizer_.IsEndOfGeneration(t)) end_of_generation_bans_.emplace_back(t, -INFINITY);
  }
  stats_.n_parallel = options.n_parallel;
  stats_.n_ctx = options.n_ctx;
  stats_.kv_tokens_capacity = int64_t(options.n_parallel) * options.n_ctx;
  stats_.kv_bytes = kv_.bytes();
}

Status Engine::Loop::Validate(const GenerationRequest& request) const {
  const int32_t n_vocab = model_.config().n_vocab;
  if (request.prompt.empty()) return InvalidArgument("the prompt is empty");
  for (size_t i = 0; i < request.prompt.size(); ++i) {
    const TokenId t = request.prompt[i];
    if (t < 0 || t >= n_vocab) {
      return InvalidArgument("prompt token " + std::to_string(t) + " at index " +
                             std::to_string(i) + " is outside the vocabulary [0, " +
                             std::to_string(n_vocab) + ")");
    }
  }
  if (int64_t(request.prompt.size()) >= options_.n_ctx) {
    return OutOfRange("the prompt is " + std::to_string(request.prompt.size()) +
                      " tokens, but the context holds " + std::to_string(options_.n_ctx) +
                      " (prompt and answer together); shorten the prompt or use a larger "
                      "context size");
  }
  return ValidateSamplingParams(request.sampling, n_vocab);
}

Result<std::shared_ptr<GenerationStream>> Engine::Loop::Enqueue(GenerationRequest request) {
  HEARTH_RETURN_IF_ERROR(Validate(request));
  if (request.ignore_eos) {
    auto& bias = request.sampling.logit_bias;
    bias.insert(bias.end(), end_of_generation_bans_.begin(), end_of_generation_bans_.end());
  }
  auto stream = std::make_shared<GenerationStream>();
  {
    std::lock_guard lock(mutex_);
    if (stop_) return Unavailable("the engine is shutting down");
    if (int32_t(queue_.size()) >= options_.max_queue) {
      return ResourceExhausted("the queue is full: " + std::to_string(queue_.size()) +
                               " requests are waiting for one of " +
                               std::to_string(options_.n_parallel) + " slots");
    }
    queue_.push_back({std::move(request), stream, EngineClock::now()});
    stats_.queued = int32_t(queue_.size());
  }
  wake_.notify_one();
  return stream;
}

EngineStats Engine::Loop::Stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void Engine::Loop::RequestStop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_one();
}

bool Engine::Loop::HasWork() const {
  if (!queue_.empty()) return true;
  return std::any_of(slots_.begin(), slots_.end(), [](const SequenceSlot& s) { return s.active != nullptr; });
}

void Engine::Loop::Run() {
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || HasWork(); });
      if (stop_) break;
    }
    DropCancelled();
    AdmitQueued();
    if (BuildBatch()) RunPass();
    PublishStats();
  }
  Shutdown();
}

void Engine::Loop::DropCancelled() {
  for (SequenceSlot& slot : slots_) {
    if (slot.active && slot.active->stream->cancelled()) Finish(slot, FinishReason::kCancelled);
  }
  std::deque<QueuedRequest> cancelled;
  {
    std::lock_guard lock(mutex_);
    for (auto it = queue_.begin(); it != queue_.end();) {
      if (it->stream->cancelled()) {
        cancelled.push_back(std::move(*it));
        it = queue_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (QueuedRequest& q : cancelled) {
    GenerationResult result;
    result.reason = FinishReason::kCancelled;
    result.prompt_tokens = int32_t(q.request.prompt.size());
    result.total_time = result.queue_time = Since(q.submitted, EngineClock::now());
    q.stream->Finish(std::move(result));
  }
}

void Engine::Loop::AdmitQueued() {
  while (true) {
    QueuedRequest queued;
    SequenceSlot* slot = nullptr;
    int32_t common = 0;
    {
      std::lock_guard lock(mutex_);
      if (queue_.empty()) return;
      slot = ChooseSlot(queue_.front().request.prompt, common);
      if (slot == nullptr) return;
      queued = std::move(queue_.front());
      queue_.pop_front();
    }
    Start(*slot, std::move(queued), common);
  }
}

// The free slot whose cached tokens share the longest prefix with `prompt`; among equals the
// least recently used, so a slot's cache survives as long as possible for its conversation.
SequenceSlot* Engine::Loop::ChooseSlot(const std::vector<TokenId>& prompt, int32_t& common) const {
  const SequenceSlot* best = nullptr;
  size_t best_common = 0;
  for (const SequenceSlot& slot : slots_) {
    if (slot.active) continue;
    const size_t c = CommonPrefix(slot.cached, prompt);
    if (best == nullptr || c > best_common ||
        (c == best_common && slot.last_used < best->last_used)) {
      best = &slot;
      best_common = c;
    }
  }
  common = int32_t(best_common);
  return const_cast<SequenceSlot*>(best);
}

void Engine::Loop::Start(SequenceSlot& slot, QueuedRequest queued, int32_t common) {
  slot.active = std::make_unique<ActiveRequest>(std::move(queued), tokenizer_,
                                                model_.config().n_vocab);
  ActiveRequest& a = *slot.active;
  a.started = EngineClock::now();
  // At least the last prompt token is computed again: its logits choose the first token.
  const int32_t keep = std::min(common, int32_t(a.request.prompt.size()) - 1);
  kv_.Truncate(slot.seq, keep);
  slot.cached.resize(size_t(keep));
  a.prompt_done = a.cached_tokens = keep;
  for (TokenId t : a.request.prompt) a.sampler.Accept(t);
  if (a.request.constraint) a.sampler.SetTokenMask(a.request.constraint.get());
}

int32_t Engine::Loop::PromptChunk() const {
  if (options_.prompt_chunk > 0) return options_.prompt_chunk;
  if (seconds_per_token_ <= 0) return options_.n_batch;
  const double tokens = kTargetStallSeconds / seconds_per_token_;
  return int32_t(std::clamp(tokens, double(kMinPromptChunk), double(options_.n_batch)));
}

bool Engine::Loop::BuildBatch() {
  batch_.Clear();
  contributions_.clear();
  int32_t budget = options_.n_batch;
  for (SequenceSlot& slot : slots_) {  // one token for every generating slot
    if (!slot.active || !slot.active->pending) continue;
    batch_.Add(*slot.active->pending, int32_t(slot.cached.size()), slot.seq, /*output=*/true);
    contributions_.push_back({&slot, -1, 1, true});
    --budget;
  }
  // Streams that are generating wait for this pass: their prompt companions come in chunks.
  if (!contributions_.empty()) budget = std::min(budget, PromptChunk());
  std::vector<SequenceSlot*> reading;  // prompt chunks, oldest request first
  for (SequenceSlot& slot : slots_) {
    if (slot.active && slot.active->reading_prompt()) reading.push_back(&slot);
  }
  std::sort(reading.begin(), reading.end(),
            [](const SequenceSlot* a, const SequenceSlot* b) { return a->active->submitted < b->active->submitted; });
  for (SequenceSlot* slot : reading) {
    if (budget <= 0) break;
    const ActiveRequest& a = *slot->active;
    const int32_t left = int32_t(a.request.prompt.size()) - a.prompt_done;
    const int32_t n = std::min(budget, left);
    const bool last = n == left;
    batch_.AddSequence(std::span<const TokenId>(a.request.prompt).subspan(size_t(a.prompt_done),
                                                                          size_t(n)),
                       int32_t(slot->cached.size()), slot->seq, /*all_outputs=*/false, last);
    contributions_.push_back({slot, a.prompt_done, n, last});
    budget -= n;
  }
  return !batch_.empty();
}

void Engine::Loop::RunPass() {
  const auto start = EngineClock::now();
  const Status status = model_.Forward(batch_, kv_, scratch_, pool_);
  if (status.ok() && batch_.size() >= kMeasuredPassTokens) {
    const double seconds = std::chrono::duration<double>(EngineClock::now() - start).count();
    const double per_token = seconds / batch_.size();
    seconds_per_token_ = seconds_per_token_ <= 0 ? per_token
                                                 : kSpeedSmoothing * per_token +
                                                       (1 - kSpeedSmoothing) * seconds_per_token_;
  }
  if (!status.ok()) {  // nothing was written: end the requests of this pass
    for (const Contribution& c : contributions_) {
      if (c.slot->active) Finish(*c.slot, FinishReason::kError, status);
    }
    return;
  }
  {
    std::lock_guard lock(mutex_);
    ++stats_.forward_passes_total;
  }
  const size_t n_vocab = size_t(model_.config().n_vocab);
  size_t row = 0;
  for (const Contribution& c : contributions_) {
    SequenceSlot& slot = *c.slot;
    ActiveRequest& a = *slot.active;
    if (c.first < 0) {
      slot.cached.push_back(*a.pending);
      a.pending.reset();
    } else {
      const auto& prompt = a.request.prompt;
      slot.cached.insert(slot.cached.end(), prompt.begin() + c.first,
                         prompt.begin() + c.first + c.n_tokens);
      a.prompt_done += c.n_tokens;
    }
    if (c.output) {
      SampleNext(slot, std::span<const float>(scratch_.logits() + row * n_vocab, n_vocab));
      ++row;
    }
  }
}

// How many tokens the slot may still generate, the next one included: max_tokens, and the
// context (each token but the last goes into the cache; the one chosen by the last position's
// logits ends the generation).
int32_t Engine::Loop::TokensLeft(const SequenceSlot& slot) const {
  const ActiveRequest& a = *slot.active;
  int32_t left = std::max(1, options_.n_ctx - int32_t(slot.cached.size()) + 1);
  if (a.request.max_tokens >= 0) left = std::min(left, std::max(1, a.request.max_tokens - a.generated));
  return left;
}

// Chooses the slot's next token from `logits`, streams it and decides whether to go on.
void Engine::Loop::SampleNext(SequenceSlot& slot, std::span<const float> logits) {
  ActiveRequest& a = *slot.active;
  const auto now = EngineClock::now();
  if (a.generated == 0) a.first_token = now;
  if (a.request.constraint) a.request.constraint->SetTokenBudget(TokensLeft(slot));
  SampledToken sampled;
  if (a.request.n_top_logprobs >= 0) {
    sampled = a.sampler.SampleWithLogprobs(logits, a.request.n_top_logprobs);
  } else {
    sampled.token = a.sampler.Sample(logits);
  }
  const TokenId token = sampled.token;
  a.sampler.Accept(token);
  if (a.request.constraint) a.request.constraint->Accept(token);
  if (!a.request.ignore_eos && tokenizer_.IsEndOfGeneration(token)) {
    Finish(slot, FinishReason::kStop);
    return;
  }
  ++a.generated;
  GeneratedToken out;
  out.id = token;
  const bool preserved = std::find(a.request.preserved_tokens.begin(),
                                   a.request.preserved_tokens.end(),
                                   token) != a.request.preserved_tokens.end();
  out.piece = tokenizer_.TokenToPiece(token, preserved);
  StopStringMatcher::Output released = a.stops.Push(a.decoder.Push(token, preserved));
  out.text = std::move(released.text);
  out.logprob = sampled.logprob;
  out.top_logprobs = std::move(sampled.top_logprobs);
  a.stream->Push(std::move(out));
  if (released.stopped) {
    Finish(slot, FinishReason::kStop, Status::Ok(), released.stop_string);
  } else if (a.request.constraint && a.request.constraint->IsFinished()) {
    Finish(slot, FinishReason::kStop);
  } else if (a.request.max_tokens >= 0 && a.generated >= a.request.max_tokens) {
    Finish(slot, FinishReason::kLength);
  } else if (int32_t(slot.cached.size()) >= options_.n_ctx) {
    Finish(slot, FinishReason::kLength);  // no room for the token just chosen
  } else {
    a.pending = token;
  }
}

void Engine::Loop::Finish(SequenceSlot& slot, FinishReason reason, Status error, std::string stop_string) {
  ActiveRequest& a = *slot.active;
  const auto now = EngineClock::now();
  GenerationResult r;
  r.reason = reason;
  r.error = std::move(error);
  r.stop_string = std::move(stop_string);
  if (reason == FinishReason::kStop || reason == FinishReason::kLength) {
    StopStringMatcher::Output tail = a.stops.Push(a.decoder.Finish());
    r.trailing_text = std::move(tail.text) + a.stops.Flush();
    if (tail.stopped) r.stop_string = tail.stop_string;
  }
  r.prompt_tokens = int32_t(a.request.prompt.size());
  r.cached_tokens = a.cached_tokens;
  r.generated_tokens = a.generated;
  r.queue_time = Since(a.submitted, a.started);
  const auto first = a.generated > 0 ? a.first_token : now;
  r.prompt_time = Since(a.started, first);
  r.generation_time = Since(first, now);
  r.total_time = Since(a.submitted, now);
  {
    std::lock_guard lock(mutex_);
    stats_.prompt_tokens_total += uint64_t(std::max(0, a.prompt_done - a.cached_tokens));
    stats_.cached_tokens_total += uint64_t(a.cached_tokens);
    stats_.generated_tokens_total += uint64_t(a.generated);
  }
  if (reason == FinishReason::kError) {  // the cache may not match `cached` any more
    kv_.Truncate(slot.seq, 0);
    slot.cached.clear();
  }
  const std::shared_ptr<GenerationStream> stream = std::move(a.stream);
  slot.active.reset();
  slot.last_used = now;
  PublishStats();  // before the client hears of the end, so it sees the slot free
  stream->Finish(std::move(r));
}

void Engine::Loop::PublishStats() {
  int32_t active = 0;
  int64_t used = 0;
  for (const SequenceSlot& slot : slots_) {
    active += slot.active ? 1 : 0;
    used += int64_t(slot.cached.size());
  }
  std::lock_guard lock(mutex_);
  stats_.active = active;
  stats_.queued = int32_t(queue_.size());
  stats_.kv_tokens_used = used;
}

void Engine::Loop::Shutdown() {
  for (SequenceSlot& slot : slots_) {
    if (slot.active) Finish(slot, FinishReason::kCancelled);
  }
  std::deque<QueuedRequest> queued;
  {
    std::lock_guard lock(mutex_);
    queued.swap(queue_);
  }
  for (QueuedRequest& q : queued) {
    GenerationResult result;
    result.reason = FinishReason::kCancelled;
    result.prompt_tokens = int32_t(q.request.prompt.size());
    q.stream->Finish(std::move(result));
  }
  PublishStats();
}

}  // namespace hearth
