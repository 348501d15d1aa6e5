// Engine::Loop: the state and the scheduling of the engine thread (see engine.h for the
// behaviour). Internal to the engine library.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <span>
#include <vector>

#include "base/thread_pool.h"
#include "engine/engine.h"
#include "engine/slot.h"
#include "llm/batch.h"
#include "llm/forward_scratch.h"
#include "llm/kv_cache.h"

namespace hearth {

class Engine::Loop {
 public:
  Loop(const Model& model, const EngineOptions& options);

  // Any thread.
  Result<std::shared_ptr<GenerationStream>> Enqueue(GenerationRequest request);
  EngineStats Stats() const;
  void RequestStop();

  // The engine thread: runs until RequestStop(), then ends every request (kCancelled).
  void Run();

 private:
  // What one slot put into the current pass.
  struct Contribution {
    SequenceSlot* slot;
    int32_t first;     // index into the tokens fed: prompt offset, or -1 for the pending token
    int32_t n_tokens;  // entries added
    bool output;       // its last entry's logits are wanted
  };

  Status Validate(const GenerationRequest& request) const;
  bool HasWork() const;  // engine thread, under mutex_
  void DropCancelled();
  void AdmitQueued();
  SequenceSlot* ChooseSlot(const std::vector<TokenId>& prompt, int32_t& common) const;
  void Start(SequenceSlot& slot, QueuedRequest queued, int32_t common);
  bool BuildBatch();
  int32_t PromptChunk() const;  // prompt tokens a pass may take while slots generate
  void RunPass();
  void SampleNext(SequenceSlot& slot, std::span<const float> logits);
  int32_t TokensLeft(const SequenceSlot& slot) const;
  void Finish(SequenceSlot& slot, FinishReason reason, Status error = Status::Ok(),
              std::string stop_string = {});
  void PublishStats();
  void Shutdown();

  const Model& model_;
  const EngineOptions options_;
  const Tokenizer& tokenizer_;
  std::vector<std::pair<int32_t, float>> end_of_generation_bans_;  // for ignore_eos
  ThreadPool pool_;
  KvCache kv_;
  ForwardScratch scratch_;
  Batch batch_;
  std::vector<SequenceSlot> slots_;
  std::vector<Contribution> contributions_;  // of the current pass, in batch order
  // Measured prompt speed: seconds per token of recent passes of at least kMeasuredPassTokens
  // tokens (a moving average), 0 until one ran.
  double seconds_per_token_ = 0;

  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable wake_;
  std::deque<QueuedRequest> queue_;
  bool stop_ = false;
  EngineStats stats_;
};

}  // namespace hearth
