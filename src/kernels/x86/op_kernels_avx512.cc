// AVX-512 op kernels (16 floats per vector); tails use mask registers. exp reduces by ln 2,
// evaluates a degree-5 polynomial and scales with VSCALEFPS, which also produces correct
// overflow (inf) and gradual underflow; relative error about 2 ulp.
// GCC 12's AVX-512 headers self-initialize an "undefined" vector (`__Y = __Y`), which trips
// -Wuninitialized at -O3; the warning is about the header, not this code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop

#include <algorithm>
#include <cmath>

#include "kernels/fill.h"
#include "kernels/x86/avx2_common.h"

namespace hearth::internal {
namespace {

constexpr int kLanes = 16;

inline __mmask16 TailMask(int64_t rem) { return __mmask16((1u << rem) - 1u); }

// e^x per lane; NaN stays NaN.
inline __m512 Exp(__m512 x) {
  // Below -104 the result is 0 even as a subnormal; above 89 it is inf. Clamping keeps n finite.
  x = _mm512_min_ps(_mm512_set1_ps(89.0f), _mm512_max_ps(_mm512_set1_ps(-104.0f), x));
  const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);  // ln 2, split in two
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 p = _mm512_set1_ps(1.9875691500e-4f);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
  p = _mm512_fmadd_ps(p, _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
  return _mm512_scalef_ps(p, n);
}

inline __m512 Silu(__m512 x) {
  const __m512 e = Exp(_mm512_sub_ps(_mm512_setzero_ps(), x));
  return _mm512_div_ps(x, _mm512_add_ps(_mm512_set1_ps(1.0f), e));
}

// GELU (tanh form) as x * sigmoid(2u), u = sqrt(2/pi)(x + 0.044715x^3).
inline __m512 Gelu(__m512 x) {
  const __m512 x3 = _mm512_mul_ps(_mm512_mul_ps(x, x), x);
  const __m512 u = _mm512_fmadd_ps(_mm512_set1_ps(0.044715f), x3, x);
  const __m512 minus_2u = _mm512_mul_ps(_mm512_set1_ps(-1.5957691216057308f), u);
  return _mm512_div_ps(x, _mm512_add_ps(_mm512_set1_ps(1.0f), Exp(minus_2u)));
}

template <typename Op>
inline void Map(const float* x, float* y, int64_t n, Op op) {
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) _mm512_storeu_ps(y + i, op(_mm512_loadu_ps(x + i)));
  if (i < n) {
    const __mmask16 m = TailMask(n - i);
    _mm512_mask_storeu_ps(y + i, m, op(_mm512_maskz_loadu_ps(m, x + i)));
  }
}

template <typename Op>
inline void Map2(const float* a, const float* b, float* y, int64_t n, Op op) {
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    _mm512_storeu_ps(y + i, op(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i)));
  }
  if (i < n) {
    const __mmask16 m = TailMask(n - i);
    _mm512_mask_storeu_ps(y + i, m,
                          op(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i)));
  }
}

float SumOfSquares(const float* x, int64_t n) {
  __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
  int64_t i = 0;
  for (; i + 2 * kLanes <= n; i += 2 * kLanes) {
    const __m512 u = _mm512_loadu_ps(x + i), v = _mm512_loadu_ps(x + i + kLanes);
    acc0 = _mm512_fmadd_ps(u, u, acc0);
    acc1 = _mm512_fmadd_ps(v, v, acc1);
  }
  for (; i < n; i += kLanes) {
    const __m512 u = _mm512_maskz_loadu_ps(TailMask(std::min<int64_t>(n - i, kLanes)), x + i);
    acc0 = _mm512_fmadd_ps(u, u, acc0);
  }
  return _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1));
}

void RmsNormAvx512(const float* x, const float* w, float* y, int64_t n, float eps) {
  const float mean = SumOfSquares(x, n) / float(n);
  const __m512 scale = _mm512_set1_ps(1.0f / std::sqrt(mean + eps));
  if (w) {
    Map2(x, w, y, n, [&](__m512 a, __m512 b) { return _mm512_mul_ps(_mm512_mul_ps(a, scale), b); });
  } else {
    Map(x, y, n, [&](__m512 a) { return _mm512_mul_ps(a, scale); });
  }
}

void LayerNormAvx512(const float* x, const float* w, const float* b, float* y, int64_t n,
                     float eps) {
  __m512 acc = _mm512_setzero_ps();
  for (int64_t i = 0; i < n; i += kLanes) {
    acc = _mm512_add_ps(acc,
                        _mm512_maskz_loadu_ps(TailMask(std::min<int64_t>(n - i, kLanes)), x + i));
  }
  const __m512 m = _mm512_set1_ps(_mm512_reduce_add_ps(acc) / float(n));
  acc = _mm512_setzero_ps();
  for (int64_t i = 0; i < n; i += kLanes) {
    const __mmask16 k = TailMask(std::min<int64_t>(n - i, kLanes));
    const __m512 d = _mm512_maskz_sub_ps(k, _mm512_maskz_loadu_ps(k, x + i), m);
    acc = _mm512_fmadd_ps(d, d, acc);
  }
  const float var = _mm512_reduce_add_ps(acc) / float(n);
  const __m512 scale = _mm512_set1_ps(1.0f / std::sqrt(var + eps));
  for (int64_t i = 0; i < n; i += kLanes) {
    const __mmask16 k = TailMask(std::min<int64_t>(n - i, kLanes));
    const __m512 v = _mm512_maskz_loadu_ps(k, x + i);
    const __m512 wv = w ? _mm512_maskz_loadu_ps(k, w + i) : _mm512_set1_ps(1.0f);
    const __m512 bv = b ? _mm512_maskz_loadu_ps(k, b + i) : _mm512_setzero_ps();
    _mm512_mask_storeu_ps(y + i, k,
                          _mm512_fmadd_ps(_mm512_mul_ps(_mm512_sub_ps(v, m), scale), wv, bv));
  }
}

void SoftmaxAvx512(float* x, int64_t n) {
  if (n <= 0) return;
  __m512 vmax = _mm512_set1_ps(-INFINITY);
  for (int64_t i = 0; i < n; i += kLanes) {
    const __mmask16 k = TailMask(std::min<int64_t>(n - i, kLanes));
    vmax = _mm512_mask_max_ps(vmax, k, vmax, _mm512_maskz_loadu_ps(k, x + i));
  }
  const __m512 m = _mm512_set1_ps(_mm512_reduce_max_ps(vmax));
  __m512 sum = _mm512_setzero_ps();
  for (int64_t i = 0; i < n; i += kLanes) {
    const __mmask16 k = TailMask(std::min<int64_t>(n - i, kLanes));
    const __m512 e = _mm512_maskz_mov_ps(k, Exp(_mm512_sub_ps(_mm512_maskz_loadu_ps(k, x + i), m)));
    _mm512_mask_storeu_ps(x + i, k, e);
    sum = _mm512_add_ps(sum, e);
  }
  const __m512 inv = _mm512_set1_ps(1.0f / _mm512_reduce_add_ps(sum));
  Map(x, x, n, [&](__m512 v) { return _mm512_mul_ps(v, inv); });
}

void SiluAvx512(const float* x, float* y, int64_t n) { Map(x, y, n, Silu); }

void GeluAvx512(const float* x, float* y, int64_t n) { Map(x, y, n, Gelu); }

void SwigluAvx512(const float* gate, const float* up, float* y, int64_t n) {
  Map2(gate, up, y, n, [](__m512 g, __m512 u) { return _mm512_mul_ps(Silu(g), u); });
}

void AddAvx512(const float* a, const float* b, float* y, int64_t n) {
  Map2(a, b, y, n, [](__m512 u, __m512 v) { return _mm512_add_ps(u, v); });
}

void MulAvx512(const float* a, const float* b, float* y, int64_t n) {
  Map2(a, b, y, n, [](__m512 u, __m512 v) { return _mm512_mul_ps(u, v); });
}

void ScaleAvx512(float* x, float s, int64_t n) {
  const __m512 vs = _mm512_set1_ps(s);
  Map(x, x, n, [&](__m512 v) { return _mm512_mul_ps(v, vs); });
}

inline __m512 LoadHalves(const f16* p) {
  return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
}

inline __m512 LoadHalves(const f16* p, __mmask16 k) {
  return _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(k, p));
}

float DotF32F16Avx512(const float* x, const f16* y, int64_t n) {
  __m512 acc[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(),
                   _mm512_setzero_ps()};
  int64_t i = 0;
  for (; i + 4 * kLanes <= n; i += 4 * kLanes) {
    for (int j = 0; j < 4; ++j) {
      acc[j] = _mm512_fmadd_ps(_mm512_loadu_ps(x + i + j * kLanes), LoadHalves(y + i + j * kLanes),
                               acc[j]);
    }
  }
  for (; i < n; i += kLanes) {
    const __mmask16 k = TailMask(std::min<int64_t>(n - i, kLanes));
    acc[1] = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, x + i), LoadHalves(y + i, k), acc[1]);
  }
  return _mm512_reduce_add_ps(
      _mm512_add_ps(_mm512_add_ps(acc[0], acc[1]), _mm512_add_ps(acc[2], acc[3])));
}

void AxpyF16Avx512(float a, const f16* x, float* y, int64_t n) {
  const __m512 va = _mm512_set1_ps(a);
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    _mm512_storeu_ps(y + i, _mm512_fmadd_ps(va, LoadHalves(x + i), _mm512_loadu_ps(y + i)));
  }
  if (i < n) {
    const __mmask16 k = TailMask(n - i);
    _mm512_mask_storeu_ps(
        y + i, k, _mm512_fmadd_ps(va, LoadHalves(x + i, k), _mm512_maskz_loadu_ps(k, y + i)));
  }
}

// How far ahead (in keys) attention asks for K and V rows: a few blocks' compute covers the
// memory latency, and 16-32 rows of 64-128 halves stay in L1.
constexpr int64_t kKeysAhead = 16;

// [sum(a), sum(b), sum(c), sum(d)], by one fixed tree: halves folded, then pairwise adds.
inline __m128 Reduce4(__m512 a, __m512 b, __m512 c, __m512 d) {
  auto fold = [](__m512 v) {
    return _mm256_add_ps(_mm512_castps512_ps256(v), _mm512_extractf32x8_ps(v, 1));
  };
  const __m256 ab = _mm256_hadd_ps(fold(a), fold(b));
  const __m256 cd = _mm256_hadd_ps(fold(c), fold(d));
  const __m256 abcd = _mm256_hadd_ps(ab, cd);
  return _mm_add_ps(_mm256_castps256_ps128(abcd), _mm256_extractf128_ps(abcd, 1));
}

// Up to 4 query heads [g0, g0 + n_g) against keys [j0, j0 + n_j), n_j <= 4: the K chunks are
// converted once for all heads; missing keys read as zero so every score sees the same tree.
void ScoresBlock(const float* q, int g0, int n_g, const f16* k, int64_t j0, int64_t n_j,
                 int64_t n, int64_t d, float scale, float* scores) {
  __m512 acc[4][4];
  for (int g = 0; g < n_g; ++g) {
    for (int t = 0; t < 4; ++t) acc[g][t] = _mm512_setzero_ps();
  }
  for (int64_t c = 0; c < d; c += kLanes) {
    const __mmask16 m = TailMask(std::min<int64_t>(d - c, kLanes));
    __m512 kc[4];
    for (int t = 0; t < 4; ++t) {
      kc[t] = t < n_j ? LoadHalves(k + (j0 + t) * d + c, m) : _mm512_setzero_ps();
    }
    for (int g = 0; g < n_g; ++g) {
      const __m512 qc = _mm512_maskz_loadu_ps(m, q + (g0 + g) * d + c);
      for (int t = 0; t < 4; ++t) acc[g][t] = _mm512_fmadd_ps(qc, kc[t], acc[g][t]);
    }
  }
  const __mmask8 store = __mmask8((1u << n_j) - 1u);
  for (int g = 0; g < n_g; ++g) {
    const __m128 sums = _mm_mul_ps(Reduce4(acc[g][0], acc[g][1], acc[g][2], acc[g][3]),
                                   _mm_set1_ps(scale));
    _mm_mask_storeu_ps(scores + (g0 + g) * n + j0, store, sums);
  }
}

void AttnScoresAvx512(const float* q, int n_q, const f16* k, int64_t n, int64_t d, float scale,
                      float* scores) {
  for (int g0 = 0; g0 < n_q; g0 += 4) {
    const int n_g = std::min(4, n_q - g0);
    for (int64_t j0 = 0; j0 < n; j0 += 4) {
      // The keys of a later block, on their way from memory during this one.
      if (g0 == 0) x86::PrefetchRange(k + (j0 + kKeysAhead) * d, size_t(4 * d) * sizeof(f16));
      ScoresBlock(q, g0, n_g, k, j0, std::min<int64_t>(4, n - j0), n, d, scale, scores);
    }
  }
}

// out for heads [g0, g0 + n_g) (n_g <= 4), lanes [c, c + 16) of the head: even and odd keys
// accumulate apart and are added at the end (a fixed order, whatever n_q is).
void ValuesChunk(const float* p, int g0, int n_g, const f16* v, int64_t n, int64_t d, int64_t c,
                 float* out) {
  const __mmask16 m = TailMask(std::min<int64_t>(d - c, kLanes));
  __m512 even[4], odd[4];
  for (int g = 0; g < n_g; ++g) even[g] = odd[g] = _mm512_setzero_ps();
  int64_t j = 0;
  for (; j + 2 <= n; j += 2) {
    // The first walk over the rows asks for the later ones.
    if (g0 == 0 && c == 0)
      x86::PrefetchRange(v + (j + kKeysAhead) * d, size_t(2 * d) * sizeof(f16));
    const __m512 v0 = LoadHalves(v + j * d + c, m), v1 = LoadHalves(v + (j + 1) * d + c, m);
    for (int g = 0; g < n_g; ++g) {
      const float* pg = p + (g0 + g) * n + j;
      even[g] = _mm512_fmadd_ps(_mm512_set1_ps(pg[0]), v0, even[g]);
      odd[g] = _mm512_fmadd_ps(_mm512_set1_ps(pg[1]), v1, odd[g]);
    }
  }
  if (j < n) {
    const __m512 v0 = LoadHalves(v + j * d + c, m);
    for (int g = 0; g < n_g; ++g) {
      even[g] = _mm512_fmadd_ps(_mm512_set1_ps(p[(g0 + g) * n + j]), v0, even[g]);
    }
  }
  for (int g = 0; g < n_g; ++g) {
    _mm512_mask_storeu_ps(out + (g0 + g) * d + c, m, _mm512_add_ps(even[g], odd[g]));
  }
}

void AttnValuesAvx512(const float* p, int n_q, const f16* v, int64_t n, int64_t d, float* out) {
  // The first value rows, on their way from memory before the chunks below walk them.
  x86::PrefetchRange(v, size_t(std::min<int64_t>(n, kKeysAhead) * d) * sizeof(f16));
  for (int g0 = 0; g0 < n_q; g0 += 4) {
    const int n_g = std::min(4, n_q - g0);
    for (int64_t c = 0; c < d; c += kLanes) ValuesChunk(p, g0, n_g, v, n, d, c, out);
  }
}

}  // namespace

void FillAvx512OpKernels(OpKernels& k) {
  k.rms_norm = RmsNormAvx512;
  k.layer_norm = LayerNormAvx512;
  k.softmax = SoftmaxAvx512;
  k.silu = SiluAvx512;
  k.gelu = GeluAvx512;
  k.swiglu = SwigluAvx512;
  k.add = AddAvx512;
  k.mul = MulAvx512;
  k.scale = ScaleAvx512;
  k.dot_f32_f16 = DotF32F16Avx512;
  k.axpy_f16 = AxpyF16Avx512;
  k.attn_scores = AttnScoresAvx512;
  k.attn_values = AttnValuesAvx512;
}

}  // namespace hearth::internal
