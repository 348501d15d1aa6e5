#include "sampling/rng.h"

#include "sampling/sampling_params.h"

namespace hearth::sampling {

uint64_t ResolveSeed(uint64_t requested) {
  if (requested != kRandomSeed) return requested;
  std::random_device device;
  uint64_t seed = kRandomSeed;
  while (seed == kRandomSeed) seed = (uint64_t{device()} << 32) | device();
  return seed;
}

}  // namespace hearth::sampling
