// Matrix products of a weight matrix of any supported type with f32 activations, spread over a
// ThreadPool:  y[t][r] = dot(row r of w, row t of x).
//
// The activations are first converted into ActivationType(w.type) (Q8_0, Q8_1, Q8_K, F16, ...)
// once per product, as ggml does, so the inner loops are integer dot products. Rows of w are
// then split into contiguous chunks (whole tiles of rows, shrinking as the rows run out) that
// threads take in order, so each streams its chunks of weights exactly once for a single token,
// a thread slowed by another process does not hold the others up, and the threads finish close
// together; for several tokens a chunk walks blocks of tokens that stay in L2 while its weight
// rows stream by, using the kernel's vec_dot_tile when there is one.
//
// Thread-safety: a product uses the pool for one parallel section at a time (see ThreadPool);
// scratch is per caller.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "base/thread_pool.h"
#include "kernels/kernel_set.h"
#include "tensor/dtype.h"

namespace hearth {

// A weight matrix in memory (e.g. mmap'd from a GGUF file). Non-owning.
struct WeightMatrix {
  DType type = DType::kF32;
  int64_t rows = 0;  // output features
  int64_t k = 0;     // input features; a multiple of the type's block size
  const void* data = nullptr;
  size_t row_stride = 0;  // bytes from one row to the next (RowBytes(type, k) when packed)
};

// A packed weight matrix view over `data`: [rows, k] of `type`.
WeightMatrix MakeWeightMatrix(DType type, int64_t rows, int64_t k, const void* data);

// Reusable buffer for quantized activations; grows to the largest product seen (no allocation
// in steady state). One per caller thread.
class MatmulScratch {
 public:
  // At least `bytes` of 64-byte-aligned storage; invalidates earlier pointers when it grows.
  void* Reserve(size_t bytes);

 private:
  struct Free {
    void operator()(void* p) const;
  };
  std::unique_ptr<void, Free> data_;
  size_t capacity_ = 0;
};

// Activations converted for one activation type: n_tokens rows of `row_bytes` each at `data`.
// For F32 it points at the caller's floats; otherwise into the scratch that produced it (valid
// until that scratch is reserved again).
// With several tokens and an ISA whose tiles read rewritten rows (kernel_set.h:
// TileActivations), `tile_data` holds those rows too, `tile_row_bytes` each.
struct QuantizedActivations {
  DType type = DType::kF32;
  int64_t n_tokens = 0;
  int64_t k = 0;
  const void* data = nullptr;
  size_t row_bytes = 0;
  const void* tile_data = nullptr;
  size_t tile_row_bytes = 0;
};

// Converts x: [n_tokens, k] f32 into `type` (an ActivationType), and into the tiles' rows when
// the ISA has them. Rows are converted in parallel when there are several. Products whose
// weights share an activation type (q/k/v, gate/up) can reuse the result.
QuantizedActivations QuantizeActivations(const KernelSet& kernels, ThreadPool& pool, DType type,
                                         const float* x, int64_t n_tokens, int64_t k,
                                         MatmulScratch& scratch);

// y: [a.n_tokens, w.rows] f32 = w * a^T. a.type must be ActivationType(w.type), a.k == w.k.
void MatMulQuantized(const KernelSet& kernels, ThreadPool& pool, const WeightMatrix& w,
                     const QuantizedActivations& a, float* y);

// x: [n_tokens, w.k] f32 -> y: [n_tokens, w.rows] f32. y must not alias x.
void MatMul(const KernelSet& kernels, ThreadPool& pool, const WeightMatrix& w, const float* x,
            int64_t n_tokens, float* y, MatmulScratch& scratch);

// The single-token case: x: [w.k] f32 -> y: [w.rows] f32.
inline void MatVec(const KernelSet& kernels, ThreadPool& pool, const WeightMatrix& w,
                   const float* x, float* y, MatmulScratch& scratch) {
  MatMul(kernels, pool, w, x, 1, y, scratch);
}

}  // namespace hearth
