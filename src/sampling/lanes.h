// Four-float vectors through GCC/Clang vector extensions: `a > b ? a : b` on them compiles to
// maxps (SSE2) or fcmgt+bit (NEON) at the baseline ISA, which the auto-vectorizer does not
// produce for a max reduction without -ffast-math. Only what the full-vocabulary scans need.
#pragma once

#include <cstring>

// HEARTH_SAMPLING_CLONES before a function compiles it twice on x86-64 with GCC, for AVX2 and
// for the baseline, and picks one when the program loads (ifunc); elsewhere it is empty. Used
// only on loops without FMA or reductions across lanes, so both clones round identically and
// results do not depend on the CPU. Not under sanitizers (ifunc resolvers run before them).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_ADDRESS__)
#define HEARTH_SAMPLING_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define HEARTH_SAMPLING_CLONES
#endif

namespace hearth::sampling {

using Vec4 = float __attribute__((vector_size(16)));

inline Vec4 Load4(const float* p) {
  Vec4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

inline Vec4 Max4(Vec4 a, Vec4 b) { return a > b ? a : b; }

inline float HorizontalMax(Vec4 v) {
  const float low = v[0] > v[1] ? v[0] : v[1];
  const float high = v[2] > v[3] ? v[2] : v[3];
  return low > high ? low : high;
}

// The largest of values[0..8). NaN-free input.
inline float MaxOfEight(const float* values) {
  return HorizontalMax(Max4(Load4(values), Load4(values + 4)));
}

}  // namespace hearth::sampling
