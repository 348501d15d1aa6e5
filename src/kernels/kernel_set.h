// The table of kernels for one ISA level. Every entry has a scalar reference (reference/);
// ISA variants (x86/, arm/) override the entries they speed up. A table is built once per ISA
// and never changes afterwards (dispatch.h), so it can be shared by every thread.
//
// Layout conventions: rows are contiguous; a "row" of a quantized type is n/B blocks.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "base/fp16.h"
#include "kernels/isa.h"
#include "tensor/dtype.h"

namespace hearth {

// Slots indexed by DType id (ids are < 32 for every type Hearth supports).
constexpr size_t kDTypeSlots = 32;
inline size_t Slot(DType t) { return size_t(t); }

// The activation format a weight type's dot product consumes (as ggml pairs them):
// F32->F32, F16->F16, BF16->BF16, Q4_0/Q5_0/Q8_0/IQ4_NL->Q8_0, Q4_1/Q5_1->Q8_1,
// K-quants and IQ4_XS->Q8_K.
DType ActivationType(DType weight);

// dot(w, a) over n elements: `w` holds a row of the weight type, `a` the same n elements in
// ActivationType(weight) (quantized from floats by quantize_row).
using VecDotFn = float (*)(int64_t n, const void* w, const void* a);

// A tile of dot products: out[c * out_stride + r] = dot(row r of w, row c of a) for
// r < n_rows, c < n_cols (token-major, the layout of a product's output, so a tile writes its
// results in place). Strides are in bytes for w and a, in floats for out. Lets a kernel reuse
// each loaded weight block across several activation rows (batches of tokens).
// Every entry is bit for bit the float vec_dot returns for that row and activation row, whatever
// n_rows, n_cols and the entry's place in the tile: a sequence's logits must not depend on what
// it is batched with.
using VecDotTileFn = void (*)(int64_t n, const void* w, size_t w_stride, int n_rows,
                              const void* a, size_t a_stride, int n_cols, float* out,
                              size_t out_stride);

// Optional rewriting of activation rows for an ISA's tiles: `row_bytes(n)` is the size of one
// rewritten row of n elements (a multiple of 64), `prepare(a, n, out)` rewrites one row `a`
// (ActivationType layout) into `out` (64-byte aligned; so is every rewritten row a tile
// reads). Work that every tile would repeat for each group of weight rows (making the bytes
// unsigned, spreading the block scales over lanes) is then done once per product. When an
// activation type has one, the tiles of every weight type consuming that activation type read
// rewritten rows (vec_dot keeps reading the plain ones).
struct TileActivations {
  size_t (*row_bytes)(int64_t n) = nullptr;
  void (*prepare)(const void* a, int64_t n, void* out) = nullptr;
};

// Float row -> blocks of a type (activation quantizers; also F16/BF16 rounding).
using QuantizeRowFn = void (*)(const float* x, void* y, int64_t n);
// Blocks of a type -> float row.
using DequantizeRowFn = void (*)(const void* x, float* y, int64_t n);

struct QuantKernels {
  std::array<VecDotFn, kDTypeSlots> vec_dot{};            // by weight type
  std::array<VecDotTileFn, kDTypeSlots> vec_dot_tile{};   // by weight type; may be null
  std::array<TileActivations, kDTypeSlots> tile_activations{};  // by activation type; may be null
  std::array<QuantizeRowFn, kDTypeSlots> quantize_row{};  // by target type (activations)
  std::array<DequantizeRowFn, kDTypeSlots> dequantize_row{};  // by source type
};

// Element-wise and reduction kernels on f32 rows (and the f16 KV cache). Pointers may alias
// only where the comment says so.
struct OpKernels {
  // y = x / sqrt(mean(x^2) + eps) * w; w may be null (no scale). y may alias x.
  void (*rms_norm)(const float* x, const float* w, float* y, int64_t n, float eps) = nullptr;
  // y = (x - mean) / sqrt(var + eps) * w + b; w and b may be null. y may alias x.
  void (*layer_norm)(const float* x, const float* w, const float* b, float* y, int64_t n,
                     float eps) = nullptr;
  // x = softmax(x) in place (max-subtracted, f32 accumulation).
  void (*softmax)(float* x, int64_t n) = nullptr;
  // y = x * sigmoid(x); y may alias x.
  void (*silu)(const float* x, float* y, int64_t n) = nullptr;
  // y = 0.5x(1 + tanh(sqrt(2/pi)(x + 0.044715x^3))); y may alias x.
  void (*gelu)(const float* x, float* y, int64_t n) = nullptr;
  // y = silu(gate) * up; y may alias gate or up.
  void (*swiglu)(const float* gate, const float* up, float* y, int64_t n) = nullptr;
  // y = a + b, y = a * b; y may alias a or b.
  void (*add)(const float* a, const float* b, float* y, int64_t n) = nullptr;
  void (*mul)(const float* a, const float* b, float* y, int64_t n) = nullptr;
  // x *= s in place.
  void (*scale)(float* x, float s, int64_t n) = nullptr;
  // sum x[i] * y[i] with y in f16 (attention scores against the KV cache).
  float (*dot_f32_f16)(const float* x, const f16* y, int64_t n) = nullptr;
  // y += a * x with x in f16 (attention-weighted sum of values).
  void (*axpy_f16)(float a, const f16* x, float* y, int64_t n) = nullptr;

  // The two halves of attention for n_q query heads sharing one kv head, over n keys:
  //   attn_scores: scores[g * n + j] = scale * dot(q[g * d ..], k[j * d ..])
  //   attn_values: out[g * d + i] = sum_j p[g * n + j] * v[j * d + i]   (out is overwritten)
  // q: [n_q, d] f32; k, v: [n, d] f16; scores, p: [n_q, n]; out: [n_q, d].
  // Each K and V row is converted once for all n_q heads. Every result is computed the same
  // way whatever n_q and n are, so a query's attention does not depend on what it is batched
  // with.
  void (*attn_scores)(const float* q, int n_q, const f16* k, int64_t n, int64_t d, float scale,
                      float* scores) = nullptr;
  void (*attn_values)(const float* p, int n_q, const f16* v, int64_t n, int64_t d,
                      float* out) = nullptr;
};

struct KernelSet {
  Isa isa = Isa::kScalar;
  QuantKernels quant;
  OpKernels ops;
};

}  // namespace hearth
