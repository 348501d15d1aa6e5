// AVX2 + FMA + F16C op kernels (8 floats per vector). Tails use masked loads and stores, so a
// row of any length takes the same vector code path (and the same rounding) for every element.
// exp is a Cephes-style approximation: range reduction by ln 2 and a degree-5 polynomial,
// accurate to about 2 ulp (relative error < 1e-6) for results above FLT_MIN.
#include <immintrin.h>

#include <algorithm>
#include <cmath>

#include "kernels/fill.h"
#include "kernels/x86/avx2_common.h"

namespace hearth::internal {
namespace {

constexpr int kLanes = 8;

// A mask with the first `rem` (0..8) int32 lanes set.
inline __m256i TailMask(int64_t rem) {
  alignas(32) static constexpr int32_t kBits[16] = {-1, -1, -1, -1, -1, -1, -1, -1,
                                                    0,  0,  0,  0,  0,  0,  0,  0};
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kBits + kLanes - rem));
}

inline float HorizontalSum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

inline float HorizontalMax(__m256 v) {
  __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  m = _mm_max_ps(m, _mm_movehl_ps(m, m));
  m = _mm_max_ss(m, _mm_movehdup_ps(m));
  return _mm_cvtss_f32(m);
}

// e^x per lane. Inputs below ln(FLT_MIN) give 0, inputs above 88 give e^88 (callers only feed
// max-subtracted or negated values where that bound is never reached meaningfully); NaN stays
// NaN.
inline __m256 Exp(__m256 x) {
  const __m256 lo = _mm256_set1_ps(-87.33654f);
  const __m256 underflow = _mm256_cmp_ps(x, lo, _CMP_LT_OQ);
  x = _mm256_min_ps(_mm256_set1_ps(88.0f), _mm256_max_ps(lo, x));  // NaN passes through
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);  // ln 2, split in two
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 p = _mm256_set1_ps(1.9875691500e-4f);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
  p = _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
  const __m256i bits =
      _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
  return _mm256_andnot_ps(underflow, _mm256_mul_ps(p, _mm256_castsi256_ps(bits)));
}

// x * sigmoid(x) = x / (1 + e^-x).
inline __m256 Silu(__m256 x) {
  const __m256 e = Exp(_mm256_sub_ps(_mm256_setzero_ps(), x));
  return _mm256_div_ps(x, _mm256_add_ps(_mm256_set1_ps(1.0f), e));
}

// GELU (tanh form) as x * sigmoid(2u), u = sqrt(2/pi)(x + 0.044715x^3).
inline __m256 Gelu(__m256 x) {
  const __m256 x3 = _mm256_mul_ps(_mm256_mul_ps(x, x), x);
  const __m256 u = _mm256_fmadd_ps(_mm256_set1_ps(0.044715f), x3, x);
  const __m256 minus_2u = _mm256_mul_ps(_mm256_set1_ps(-1.5957691216057308f), u);
  return _mm256_div_ps(x, _mm256_add_ps(_mm256_set1_ps(1.0f), Exp(minus_2u)));
}

// y[i] = op(x[i]).
template <typename Op>
inline void Map(const float* x, float* y, int64_t n, Op op) {
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) _mm256_storeu_ps(y + i, op(_mm256_loadu_ps(x + i)));
  if (i < n) {
    const __m256i mask = TailMask(n - i);
    _mm256_maskstore_ps(y + i, mask, op(_mm256_maskload_ps(x + i, mask)));
  }
}

// y[i] = op(a[i], b[i]).
template <typename Op>
inline void Map2(const float* a, const float* b, float* y, int64_t n, Op op) {
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    _mm256_storeu_ps(y + i, op(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i)));
  }
  if (i < n) {
    const __m256i mask = TailMask(n - i);
    _mm256_maskstore_ps(y + i, mask,
                        op(_mm256_maskload_ps(a + i, mask), _mm256_maskload_ps(b + i, mask)));
  }
}

float SumOfSquares(const float* x, int64_t n) {
  __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(),
                   _mm256_setzero_ps()};
  int64_t i = 0;
  for (; i + 4 * kLanes <= n; i += 4 * kLanes) {
    for (int j = 0; j < 4; ++j) {
      const __m256 v = _mm256_loadu_ps(x + i + j * kLanes);
      acc[j] = _mm256_fmadd_ps(v, v, acc[j]);
    }
  }
  for (; i + kLanes <= n; i += kLanes) {
    const __m256 v = _mm256_loadu_ps(x + i);
    acc[0] = _mm256_fmadd_ps(v, v, acc[0]);
  }
  if (i < n) {
    const __m256 v = _mm256_maskload_ps(x + i, TailMask(n - i));
    acc[1] = _mm256_fmadd_ps(v, v, acc[1]);
  }
  return HorizontalSum(_mm256_add_ps(_mm256_add_ps(acc[0], acc[1]), _mm256_add_ps(acc[2], acc[3])));
}

void RmsNormAvx2(const float* x, const float* w, float* y, int64_t n, float eps) {
  const float mean = SumOfSquares(x, n) / float(n);
  const __m256 scale = _mm256_set1_ps(1.0f / std::sqrt(mean + eps));
  if (w) {
    Map2(x, w, y, n, [&](__m256 a, __m256 b) { return _mm256_mul_ps(_mm256_mul_ps(a, scale), b); });
  } else {
    Map(x, y, n, [&](__m256 a) { return _mm256_mul_ps(a, scale); });
  }
}

float Sum(const float* x, int64_t n) {
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
  int64_t i = 0;
  for (; i + 2 * kLanes <= n; i += 2 * kLanes) {
    acc0 = _mm256_add_ps(acc0, _mm256_loadu_ps(x + i));
    acc1 = _mm256_add_ps(acc1, _mm256_loadu_ps(x + i + kLanes));
  }
  for (; i + kLanes <= n; i += kLanes) acc0 = _mm256_add_ps(acc0, _mm256_loadu_ps(x + i));
  if (i < n) acc1 = _mm256_add_ps(acc1, _mm256_maskload_ps(x + i, TailMask(n - i)));
  return HorizontalSum(_mm256_add_ps(acc0, acc1));
}

// Sum of (x - mean)^2.
float SumOfSquaredDeviations(const float* x, int64_t n, float mean) {
  const __m256 m = _mm256_set1_ps(mean);
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    const __m256 d = _mm256_sub_ps(_mm256_loadu_ps(x + i), m);
    acc0 = _mm256_fmadd_ps(d, d, acc0);
  }
  if (i < n) {
    const __m256i mask = TailMask(n - i);
    const __m256 d =
        _mm256_and_ps(_mm256_sub_ps(_mm256_maskload_ps(x + i, mask), m), _mm256_castsi256_ps(mask));
    acc1 = _mm256_fmadd_ps(d, d, acc1);
  }
  return HorizontalSum(_mm256_add_ps(acc0, acc1));
}

void LayerNormAvx2(const float* x, const float* w, const float* b, float* y, int64_t n, float eps) {
  const float mean = Sum(x, n) / float(n);
  const float var = SumOfSquaredDeviations(x, n, mean) / float(n);
  const __m256 m = _mm256_set1_ps(mean);
  const __m256 scale = _mm256_set1_ps(1.0f / std::sqrt(var + eps));
  const __m256 one = _mm256_set1_ps(1.0f), zero = _mm256_setzero_ps();
  int64_t i = 0;
  auto row = [&](int64_t at, __m256i mask, bool tail) {
    const __m256 v = tail ? _mm256_maskload_ps(x + at, mask) : _mm256_loadu_ps(x + at);
    const __m256 wv = !w ? one : tail ? _mm256_maskload_ps(w + at, mask) : _mm256_loadu_ps(w + at);
    const __m256 bv = !b ? zero : tail ? _mm256_maskload_ps(b + at, mask) : _mm256_loadu_ps(b + at);
    const __m256 out = _mm256_fmadd_ps(_mm256_mul_ps(_mm256_sub_ps(v, m), scale), wv, bv);
    if (tail) {
      _mm256_maskstore_ps(y + at, mask, out);
    } else {
      _mm256_storeu_ps(y + at, out);
    }
  };
  for (; i + kLanes <= n; i += kLanes) row(i, __m256i{}, false);
  if (i < n) row(i, TailMask(n - i), true);
}

void SoftmaxAvx2(float* x, int64_t n) {
  if (n <= 0) return;
  __m256 vmax = _mm256_set1_ps(-INFINITY);
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) vmax = _mm256_max_ps(vmax, _mm256_loadu_ps(x + i));
  float max = HorizontalMax(vmax);
  for (; i < n; ++i) max = std::fmax(max, x[i]);
  const __m256 m = _mm256_set1_ps(max);
  __m256 sum = _mm256_setzero_ps();
  for (i = 0; i + kLanes <= n; i += kLanes) {
    const __m256 e = Exp(_mm256_sub_ps(_mm256_loadu_ps(x + i), m));
    _mm256_storeu_ps(x + i, e);
    sum = _mm256_add_ps(sum, e);
  }
  if (i < n) {
    const __m256i mask = TailMask(n - i);
    // Masked-off lanes load 0; exp(0 - max) must not enter the sum, so mask the result.
    const __m256 e = _mm256_and_ps(Exp(_mm256_sub_ps(_mm256_maskload_ps(x + i, mask), m)),
                                   _mm256_castsi256_ps(mask));
    _mm256_maskstore_ps(x + i, mask, e);
    sum = _mm256_add_ps(sum, e);
  }
  const __m256 inv = _mm256_set1_ps(1.0f / HorizontalSum(sum));
  Map(x, x, n, [&](__m256 v) { return _mm256_mul_ps(v, inv); });
}

void SiluAvx2(const float* x, float* y, int64_t n) { Map(x, y, n, Silu); }

void GeluAvx2(const float* x, float* y, int64_t n) { Map(x, y, n, Gelu); }

void SwigluAvx2(const float* gate, const float* up, float* y, int64_t n) {
  Map2(gate, up, y, n, [](__m256 g, __m256 u) { return _mm256_mul_ps(Silu(g), u); });
}

void AddAvx2(const float* a, const float* b, float* y, int64_t n) {
  Map2(a, b, y, n, [](__m256 u, __m256 v) { return _mm256_add_ps(u, v); });
}

void MulAvx2(const float* a, const float* b, float* y, int64_t n) {
  Map2(a, b, y, n, [](__m256 u, __m256 v) { return _mm256_mul_ps(u, v); });
}

void ScaleAvx2(float* x, float s, int64_t n) {
  const __m256 vs = _mm256_set1_ps(s);
  Map(x, x, n, [&](__m256 v) { return _mm256_mul_ps(v, vs); });
}

inline __m256 LoadHalves(const f16* p) {
  return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}

// The first `rem` (< 8) halves at p, zero-padded (AVX2 has no 16-bit masked load).
inline __m256 LoadHalvesTail(const f16* p, int64_t rem) {
  alignas(16) uint16_t buf[kLanes] = {};
  for (int64_t j = 0; j < rem; ++j) buf[j] = p[j].bits;
  return _mm256_cvtph_ps(_mm_load_si128(reinterpret_cast<const __m128i*>(buf)));
}

float DotF32F16Avx2(const float* x, const f16* y, int64_t n) {
  __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(),
                   _mm256_setzero_ps()};
  int64_t i = 0;
  for (; i + 4 * kLanes <= n; i += 4 * kLanes) {
    for (int j = 0; j < 4; ++j) {
      acc[j] = _mm256_fmadd_ps(_mm256_loadu_ps(x + i + j * kLanes), LoadHalves(y + i + j * kLanes),
                               acc[j]);
    }
  }
  for (; i + kLanes <= n; i += kLanes) {
    acc[0] = _mm256_fmadd_ps(_mm256_loadu_ps(x + i), LoadHalves(y + i), acc[0]);
  }
  if (i < n) {
    const __m256 xv = _mm256_maskload_ps(x + i, TailMask(n - i));
    acc[1] = _mm256_fmadd_ps(xv, LoadHalvesTail(y + i, n - i), acc[1]);
  }
  return HorizontalSum(_mm256_add_ps(_mm256_add_ps(acc[0], acc[1]), _mm256_add_ps(acc[2], acc[3])));
}

void AxpyF16Avx2(float a, const f16* x, float* y, int64_t n) {
  const __m256 va = _mm256_set1_ps(a);
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    _mm256_storeu_ps(y + i, _mm256_fmadd_ps(va, LoadHalves(x + i), _mm256_loadu_ps(y + i)));
  }
  if (i < n) {
    const __m256i mask = TailMask(n - i);
    const __m256 out =
        _mm256_fmadd_ps(va, LoadHalvesTail(x + i, n - i), _mm256_maskload_ps(y + i, mask));
    _mm256_maskstore_ps(y + i, mask, out);
  }
}

// Halves [c, c + 8) of a row of d, the part past d read as zero.
inline __m256 LoadChunk(const f16* row, int64_t c, int64_t d) {
  return d - c >= kLanes ? LoadHalves(row + c) : LoadHalvesTail(row + c, d - c);
}

inline __m256 LoadChunk(const float* row, int64_t c, int64_t d) {
  return d - c >= kLanes ? _mm256_loadu_ps(row + c) : _mm256_maskload_ps(row + c, TailMask(d - c));
}

// [sum(a), sum(b), sum(c), sum(d)], by one fixed tree of pairwise adds.
inline __m128 Reduce4(__m256 a, __m256 b, __m256 c, __m256 d) {
  const __m256 abcd = _mm256_hadd_ps(_mm256_hadd_ps(a, b), _mm256_hadd_ps(c, d));
  return _mm_add_ps(_mm256_castps256_ps128(abcd), _mm256_extractf128_ps(abcd, 1));
}

// How far ahead (in keys) attention asks for K and V rows (as op_kernels_avx512.cc).
constexpr int64_t kKeysAhead = 16;

// Up to 4 query heads [g0, g0 + n_g) against keys [j0, j0 + n_j), n_j <= 4: the K chunks are
// converted once for all heads; missing keys read as zero so every score sees the same tree.
void ScoresBlock(const float* q, int g0, int n_g, const f16* k, int64_t j0, int64_t n_j,
                 int64_t n, int64_t d, float scale, float* scores) {
  __m256 acc[4][4];
  for (int g = 0; g < n_g; ++g) {
    for (int t = 0; t < 4; ++t) acc[g][t] = _mm256_setzero_ps();
  }
  for (int64_t c = 0; c < d; c += kLanes) {
    __m256 kc[4];
    for (int t = 0; t < 4; ++t) {
      kc[t] = t < n_j ? LoadChunk(k + (j0 + t) * d, c, d) : _mm256_setzero_ps();
    }
    for (int g = 0; g < n_g; ++g) {
      const __m256 qc = LoadChunk(q + (g0 + g) * d, c, d);
      for (int t = 0; t < 4; ++t) acc[g][t] = _mm256_fmadd_ps(qc, kc[t], acc[g][t]);
    }
  }
  for (int g = 0; g < n_g; ++g) {
    alignas(16) float sums[4];
    _mm_store_ps(sums, _mm_mul_ps(Reduce4(acc[g][0], acc[g][1], acc[g][2], acc[g][3]),
                                  _mm_set1_ps(scale)));
    for (int64_t t = 0; t < n_j; ++t) scores[(g0 + g) * n + j0 + t] = sums[t];
  }
}

void AttnScoresAvx2(const float* q, int n_q, const f16* k, int64_t n, int64_t d, float scale,
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

// out for heads [g0, g0 + n_g) (n_g <= 4), lanes [c, c + 8) of the head: even and odd keys
// accumulate apart and are added at the end (a fixed order, whatever n_q is).
void ValuesChunk(const float* p, int g0, int n_g, const f16* v, int64_t n, int64_t d, int64_t c,
                 float* out) {
  __m256 even[4], odd[4];
  for (int g = 0; g < n_g; ++g) even[g] = odd[g] = _mm256_setzero_ps();
  int64_t j = 0;
  for (; j + 2 <= n; j += 2) {
    // The first walk over the rows asks for the later ones.
    if (g0 == 0 && c == 0)
      x86::PrefetchRange(v + (j + kKeysAhead) * d, size_t(2 * d) * sizeof(f16));
    const __m256 v0 = LoadChunk(v + j * d, c, d), v1 = LoadChunk(v + (j + 1) * d, c, d);
    for (int g = 0; g < n_g; ++g) {
      const float* pg = p + (g0 + g) * n + j;
      even[g] = _mm256_fmadd_ps(_mm256_set1_ps(pg[0]), v0, even[g]);
      odd[g] = _mm256_fmadd_ps(_mm256_set1_ps(pg[1]), v1, odd[g]);
    }
  }
  if (j < n) {
    const __m256 v0 = LoadChunk(v + j * d, c, d);
    for (int g = 0; g < n_g; ++g) {
      even[g] = _mm256_fmadd_ps(_mm256_set1_ps(p[(g0 + g) * n + j]), v0, even[g]);
    }
  }
  for (int g = 0; g < n_g; ++g) {
    const __m256 sum = _mm256_add_ps(even[g], odd[g]);
    float* o = out + (g0 + g) * d + c;
    if (d - c >= kLanes) {
      _mm256_storeu_ps(o, sum);
    } else {
      _mm256_maskstore_ps(o, TailMask(d - c), sum);
    }
  }
}

void AttnValuesAvx2(const float* p, int n_q, const f16* v, int64_t n, int64_t d, float* out) {
  // The first value rows, on their way from memory before the chunks below walk them.
  x86::PrefetchRange(v, size_t(std::min<int64_t>(n, kKeysAhead) * d) * sizeof(f16));
  for (int g0 = 0; g0 < n_q; g0 += 4) {
    const int n_g = std::min(4, n_q - g0);
    for (int64_t c = 0; c < d; c += kLanes) ValuesChunk(p, g0, n_g, v, n, d, c, out);
  }
}

}  // namespace

void FillAvx2OpKernels(OpKernels& k) {
  k.rms_norm = RmsNormAvx2;
  k.layer_norm = LayerNormAvx2;
  k.softmax = SoftmaxAvx2;
  k.silu = SiluAvx2;
  k.gelu = GeluAvx2;
  k.swiglu = SwigluAvx2;
  k.add = AddAvx2;
  k.mul = MulAvx2;
  k.scale = ScaleAvx2;
  k.dot_f32_f16 = DotF32F16Avx2;
  k.axpy_f16 = AxpyF16Avx2;
  k.attn_scores = AttnScoresAvx2;
  k.attn_values = AttnValuesAvx2;
}

}  // namespace hearth::internal
