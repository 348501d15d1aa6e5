#include "kernels/matmul.h"

#include <algorithm>
#include <array>
#include <cstdlib>

#include "base/check.h"

namespace hearth {
namespace {

// Rows per tile, and the alignment of every chunk of rows: 16 f32 outputs are one cache line,
// so threads never write the same line of y.
constexpr int64_t kRowTile = 16;
// Rows are handed out in contiguous chunks taken in order from a shared counter, so a thread
// that is slowed down (another process on its core, a slower core) takes fewer chunks instead of
// holding up the whole product. Chunks shrink as the rows run out (guided scheduling): each is
// the rows left divided by kGuidedShare * threads, at least kMinChunkTiles tiles and at least
// 1/kMinChunkDivisor of the rows, so the threads finish within a small chunk of each other
// while the first chunks stay large.
constexpr int64_t kGuidedShare = 2;
constexpr int64_t kMinChunkTiles = 2;
constexpr int64_t kMinChunkDivisor = 512;
// Room for the chunks of one product: with T threads the shrinking chunks number about
// 2T ln(256 / T) and the smallest ones fewer than 2T, at most 512 whatever T (the bound is only
// a guard: were it reached, the last chunk would take the rest).
constexpr int kMaxChunks = 1024;

// Boundaries of the guided chunks of `rows` rows for `n_threads` threads: chunk c is rows
// [bounds[c], bounds[c + 1]); returns the number of chunks.
int GuidedChunks(int64_t rows, int n_threads, std::array<int64_t, kMaxChunks + 1>& bounds) {
  const int64_t floor = (rows + kMinChunkDivisor - 1) / kMinChunkDivisor;
  const int64_t min_chunk =
      std::max(kMinChunkTiles * kRowTile, (floor + kRowTile - 1) / kRowTile * kRowTile);
  int n = 0;
  bounds[0] = 0;
  for (int64_t at = 0; at < rows;) {
    const int64_t share = (rows - at) / (kGuidedShare * n_threads);
    int64_t chunk = std::max(min_chunk, (share + kRowTile - 1) / kRowTile * kRowTile);
    if (n == kMaxChunks - 1) chunk = rows - at;  // the last one takes the rest
    at = std::min(rows, at + chunk);
    bounds[size_t(++n)] = at;
  }
  return n;
}
// Tokens per block in prompt processing: as many activation rows as fit in about half of a
// typical L2, at most kMaxTokenBlock.
constexpr size_t kTokenBlockBytes = size_t{256} << 10;
constexpr int64_t kMaxTokenBlock = 64;

int64_t TokenBlock(size_t act_row_bytes) {
  const int64_t fit = int64_t(kTokenBlockBytes / std::max<size_t>(act_row_bytes, 1));
  return std::clamp<int64_t>(fit, 4, kMaxTokenBlock);
}

const uint8_t* Bytes(const void* p) { return static_cast<const uint8_t*>(p); }

// y[r] = dot(row r, a) for r in [r0, r1).
void MatVecRows(VecDotFn dot, const WeightMatrix& w, const void* a, float* y, int64_t r0,
                int64_t r1) {
  const uint8_t* row = Bytes(w.data) + size_t(r0) * w.row_stride;
  for (int64_t r = r0; r < r1; ++r, row += w.row_stride) y[r] = dot(w.k, row, a);
}

// y[t][r] for every token t and r in [r0, r1): token blocks outside, row tiles inside, so a
// block of activations stays in cache while this thread's weight rows stream past.
void MatMulRows(const QuantKernels& q, const WeightMatrix& w, const QuantizedActivations& a,
                float* y, int64_t r0, int64_t r1) {
  const VecDotTileFn tile = q.vec_dot_tile[Slot(w.type)];
  const VecDotFn dot = q.vec_dot[Slot(w.type)];
  // The tiles read the rewritten rows when there are some (TileActivations), vec_dot the plain.
  const bool rewritten = tile && a.tile_data;
  const uint8_t* act_data = Bytes(rewritten ? a.tile_data : a.data);
  const size_t act_row_bytes = rewritten ? a.tile_row_bytes : a.row_bytes;
  const int64_t token_block = TokenBlock(act_row_bytes);
  for (int64_t t0 = 0; t0 < a.n_tokens; t0 += token_block) {
    const int64_t nc = std::min(token_block, a.n_tokens - t0);
    const uint8_t* acts = act_data + size_t(t0) * act_row_bytes;  // [nc, act_row_bytes]
    for (int64_t r = r0; r < r1; r += kRowTile) {
      const int64_t nr = std::min(kRowTile, r1 - r);
      const uint8_t* rows = Bytes(w.data) + size_t(r) * w.row_stride;  // [nr, row_stride]
      float* out = y + t0 * w.rows + r;  // y[t0 + c][r + i] at out[c * w.rows + i]
      if (tile) {
        tile(w.k, rows, w.row_stride, int(nr), acts, act_row_bytes, int(nc), out, size_t(w.rows));
      } else {
        for (int64_t c = 0; c < nc; ++c) {
          for (int64_t i = 0; i < nr; ++i) {
            out[c * w.rows + i] =
                dot(w.k, rows + size_t(i) * w.row_stride, acts + size_t(c) * a.row_bytes);
          }
        }
      }
    }
  }
}

}  // namespace

WeightMatrix MakeWeightMatrix(DType type, int64_t rows, int64_t k, const void* data) {
  return {type, rows, k, data, RowBytes(type, k)};
}

void MatmulScratch::Free::operator()(void* p) const { std::free(p); }

void* MatmulScratch::Reserve(size_t bytes) {
  if (bytes > capacity_ || !data_) {
    const size_t rounded = std::max<size_t>((bytes + 63) / 64 * 64, 64);
    data_.reset(std::aligned_alloc(64, rounded));
    HEARTH_CHECK(data_ != nullptr) << "out of memory for " << rounded << " bytes of activations";
    capacity_ = rounded;
  }
  return data_.get();
}

QuantizedActivations QuantizeActivations(const KernelSet& kernels, ThreadPool& pool, DType type,
                                         const float* x, int64_t n_tokens, int64_t k,
                                         MatmulScratch& scratch) {
  QuantizedActivations a{type, n_tokens, k, x, size_t(k) * sizeof(float)};
  if (type == DType::kF32) return a;
  const QuantizeRowFn quantize = kernels.quant.quantize_row[Slot(type)];
  HEARTH_CHECK(quantize != nullptr) << "no activation quantizer for " << DTypeName(type);
  a.row_bytes = RowBytes(type, k);
  const TileActivations& tiles = kernels.quant.tile_activations[Slot(type)];
  const bool rewrite = n_tokens > 1 && tiles.prepare != nullptr;
  const size_t plain_bytes = (a.row_bytes * size_t(n_tokens) + 63) / 64 * 64;
  if (rewrite) a.tile_row_bytes = tiles.row_bytes(k);
  uint8_t* out =
      static_cast<uint8_t*>(scratch.Reserve(plain_bytes + a.tile_row_bytes * size_t(n_tokens)));
  a.data = out;
  if (rewrite) a.tile_data = out + plain_bytes;
  if (n_tokens == 1) {
    quantize(x, out, k);  // one row: cheaper than a parallel section
  } else {
    pool.ParallelFor(0, n_tokens, 1, [&](int64_t t0, int64_t t1, int) {
      for (int64_t t = t0; t < t1; ++t) {
        uint8_t* row = out + size_t(t) * a.row_bytes;
        quantize(x + t * k, row, k);
        if (rewrite) tiles.prepare(row, k, out + plain_bytes + size_t(t) * a.tile_row_bytes);
      }
    });
  }
  return a;
}

void MatMulQuantized(const KernelSet& kernels, ThreadPool& pool, const WeightMatrix& w,
                     const QuantizedActivations& a, float* y) {
  HEARTH_CHECK(a.type == ActivationType(w.type) && a.k == w.k)
      << DTypeName(w.type) << " weights [" << w.rows << ", " << w.k << "] with "
      << DTypeName(a.type) << " activations of " << a.k;
  const VecDotFn dot = kernels.quant.vec_dot[Slot(w.type)];
  HEARTH_CHECK(dot != nullptr) << "no dot product for " << DTypeName(w.type);
  if (a.n_tokens <= 0 || w.rows <= 0) return;
  std::array<int64_t, kMaxChunks + 1> bounds;
  const int n_chunks = GuidedChunks(w.rows, pool.size(), bounds);
  pool.RunTasks(n_chunks, [&](int64_t c, int) {
    const int64_t r0 = bounds[size_t(c)], r1 = bounds[size_t(c) + 1];
    if (a.n_tokens == 1) {
      MatVecRows(dot, w, a.data, y, r0, r1);
    } else {
      MatMulRows(kernels.quant, w, a, y, r0, r1);
    }
  });
}

void MatMul(const KernelSet& kernels, ThreadPool& pool, const WeightMatrix& w, const float* x,
            int64_t n_tokens, float* y, MatmulScratch& scratch) {
  const QuantizedActivations a =
      QuantizeActivations(kernels, pool, ActivationType(w.type), x, n_tokens, w.k, scratch);
  MatMulQuantized(kernels, pool, w, a, y);
}

}  // namespace hearth
