#include "engine/generation.h"

#include <utility>

#include "base/check.h"

namespace hearth {

const char* FinishReasonName(FinishReason reason) {
  switch (reason) {
    case FinishReason::kStop:
      return "stop";
    case FinishReason::kLength:
      return "length";
    case FinishReason::kCancelled:
      return "cancelled";
    case FinishReason::kError:
      return "error";
  }
  return "unknown";
}

bool GenerationStream::Next(Event& event, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!ready_.wait_for(lock, timeout, [&] { return !tokens_.empty() || finished_; })) {
    return false;
  }
  if (!tokens_.empty()) {
    event.done = false;
    event.token = std::move(tokens_.front());
    tokens_.pop_front();
    return true;
  }
  event.done = true;
  event.result = result_;
  return true;
}

void GenerationStream::Cancel() { cancelled_.store(true, std::memory_order_relaxed); }

void GenerationStream::Push(GeneratedToken token) {
  {
    std::lock_guard lock(mutex_);
    HEARTH_CHECK(!finished_);
    tokens_.push_back(std::move(token));
  }
  ready_.notify_all();
}

void GenerationStream::Finish(GenerationResult result) {
  {
    std::lock_guard lock(mutex_);
    HEARTH_CHECK(!finished_);
    finished_ = true;
    result_ = std::move(result);
  }
  ready_.notify_all();
}

}  // namespace hearth
