#include "sampling/sampling_params.h"

#include <cmath>
#include <string>

namespace hearth {
namespace {

Status NotFinite(const char* field, float value) {
  return InvalidArgument(std::string("sampling: ") + field + " must be a finite number, got " +
                         std::to_string(value));
}

}  // namespace

Status ValidateSamplingParams(const SamplingParams& params, int32_t n_vocab) {
  if (std::isnan(params.temperature)) return NotFinite("temperature", params.temperature);
  if (std::isnan(params.top_p)) return NotFinite("top_p", params.top_p);
  if (std::isnan(params.min_p)) return NotFinite("min_p", params.min_p);
  if (!std::isfinite(params.presence_penalty)) {
    return NotFinite("presence_penalty", params.presence_penalty);
  }
  if (!std::isfinite(params.frequency_penalty)) {
    return NotFinite("frequency_penalty", params.frequency_penalty);
  }
  if (!std::isfinite(params.repeat_penalty) || params.repeat_penalty <= 0.0f) {
    return InvalidArgument("sampling: repeat_penalty must be finite and > 0, got " +
                           std::to_string(params.repeat_penalty));
  }
  if (params.repeat_last_n < -1) {
    return InvalidArgument("sampling: repeat_last_n must be -1 (all), 0 (off) or positive, got " +
                           std::to_string(params.repeat_last_n));
  }
  for (const auto& [token, bias] : params.logit_bias) {
    if (token < 0 || token >= n_vocab) {
      return InvalidArgument("sampling: logit_bias token " + std::to_string(token) +
                             " is outside the vocabulary [0, " + std::to_string(n_vocab) + ")");
    }
    if (std::isnan(bias) || bias == INFINITY) {
      return InvalidArgument("sampling: logit_bias for token " + std::to_string(token) +
                             " must be a number or -inf, got " + std::to_string(bias));
    }
  }
  return Status::Ok();
}

}  // namespace hearth
