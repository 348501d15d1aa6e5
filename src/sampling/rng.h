// The sampler's random numbers: std::mt19937_64 (its output is fixed by the C++ standard) and
// our own conversion to [0, 1), so a seed gives the same text with every standard library
// (std::uniform_real_distribution's output is implementation-defined).
#pragma once

#include <cstdint>
#include <random>

namespace hearth::sampling {

// requested == kRandomSeed (sampling_params.h): a fresh seed from std::random_device, never
// equal to kRandomSeed itself so reporting and reusing it reproduces the run. Else requested.
uint64_t ResolveSeed(uint64_t requested);

class SamplingRng {
 public:
  explicit SamplingRng(uint64_t seed) : engine_(seed) {}

  // Uniform in [0, 1) with 53 random bits: the top 53 bits of one engine output.
  double NextUniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

 private:
  std::mt19937_64 engine_;
};

}  // namespace hearth::sampling
