#include "tensor/random_blocks.h"

#include <cstddef>
#include <cstring>

#include "base/check.h"
#include "base/fp16.h"
#include "tensor/blocks.h"

namespace hearth {
namespace {

// splitmix64: fast, and good enough for filler data.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  float Uniform(float lo, float hi) {  // in [lo, hi)
    return lo + (hi - lo) * float(Next() >> 40) * (1.0f / 16777216.0f);
  }
  void Fill(uint8_t* dst, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      const uint64_t r = Next();
      std::memcpy(dst + i, &r, 8);
    }
    if (i < n) {
      const uint64_t r = Next();
      std::memcpy(dst + i, &r, n - i);
    }
  }

 private:
  uint64_t state_;
};

void PutF16(uint8_t* p, float v) {
  const f16 h = F32ToF16(v);
  std::memcpy(p, &h, 2);
}

// Per-block scale fields: where they sit and the range of their values.
struct ScaleLayout {
  size_t d_offset;
  float d_lo, d_hi;
  int min_offset = -1;  // second f16 (dmin or m), -1 if none
  float min_lo = 0, min_hi = 0;
};

// The scale fields of each block type; plain (non-block) types return false.
bool LayoutFor(DType type, ScaleLayout* l) {
  switch (type) {
    case DType::kQ4_0: *l = {offsetof(BlockQ4_0, d), 0.004f, 0.012f}; return true;
    case DType::kQ4_1:
      *l = {offsetof(BlockQ4_1, d), 0.004f, 0.012f, int(offsetof(BlockQ4_1, m)), -0.08f, -0.03f};
      return true;
    case DType::kQ5_0: *l = {offsetof(BlockQ5_0, d), 0.002f, 0.006f}; return true;
    case DType::kQ5_1:
      *l = {offsetof(BlockQ5_1, d), 0.002f, 0.006f, int(offsetof(BlockQ5_1, m)), -0.08f, -0.03f};
      return true;
    case DType::kQ8_0: *l = {offsetof(BlockQ8_0, d), 0.0003f, 0.0008f}; return true;
    case DType::kQ2_K:
      *l = {offsetof(BlockQ2_K, d), 0.001f, 0.003f, int(offsetof(BlockQ2_K, dmin)), 0.001f, 0.003f};
      return true;
    case DType::kQ3_K: *l = {offsetof(BlockQ3_K, d), 0.0003f, 0.0008f}; return true;
    case DType::kQ4_K:
      *l = {offsetof(BlockQ4_K, d),         0.00005f, 0.00015f,
            int(offsetof(BlockQ4_K, dmin)), 0.0005f,  0.001f};
      return true;
    case DType::kQ5_K:
      *l = {offsetof(BlockQ5_K, d),         0.000025f, 0.000075f,
            int(offsetof(BlockQ5_K, dmin)), 0.0005f,   0.001f};
      return true;
    case DType::kQ6_K: *l = {offsetof(BlockQ6_K, d), 0.00001f, 0.00003f}; return true;
    case DType::kIQ4_NL: *l = {offsetof(BlockIQ4_NL, d), 0.0003f, 0.0008f}; return true;
    case DType::kIQ4_XS: *l = {offsetof(BlockIQ4_XS, d), 0.00001f, 0.00003f}; return true;
    default: return false;
  }
}

// Random finite floats: sign and mantissa random, exponent in [2^-10, 2^-4] (so |x| < 2^-3).
void FillPlain(DType type, uint8_t* dst, int64_t n, Rng& rng) {
  for (int64_t i = 0; i < n; ++i) {
    const uint64_t r = rng.Next();
    const uint32_t exp_step = uint32_t(r % 7);  // 0..6
    if (type == DType::kF32) {
      const uint32_t bits =
          (uint32_t(r >> 63) << 31) | ((117u + exp_step) << 23) | (uint32_t(r >> 8) & 0x7FFFFFu);
      std::memcpy(dst + 4 * i, &bits, 4);
    } else if (type == DType::kF16) {
      const uint16_t bits = uint16_t((uint32_t(r >> 63) << 15) | ((5u + exp_step) << 10) |
                                     (uint32_t(r >> 8) & 0x3FFu));
      std::memcpy(dst + 2 * i, &bits, 2);
    } else {  // BF16
      const uint16_t bits = uint16_t((uint32_t(r >> 63) << 15) | ((117u + exp_step) << 7) |
                                     (uint32_t(r >> 8) & 0x7Fu));
      std::memcpy(dst + 2 * i, &bits, 2);
    }
  }
}

// Q8_1 and Q8_K carry sums of their quants; keep them consistent.
void FixActivationBlocks(DType type, uint8_t* dst, int64_t blocks, Rng& rng) {
  for (int64_t b = 0; b < blocks; ++b) {
    if (type == DType::kQ8_1) {
      auto* blk = reinterpret_cast<BlockQ8_1*>(dst + b * sizeof(BlockQ8_1));
      const float d = rng.Uniform(0.0003f, 0.0008f);
      int sum = 0;
      for (int8_t q : blk->qs) sum += q;
      blk->d = F32ToF16(d);
      blk->s = F32ToF16(d * float(sum));
    } else {  // Q8_K
      auto* blk = reinterpret_cast<BlockQ8_K*>(dst + b * sizeof(BlockQ8_K));
      blk->d = rng.Uniform(0.0003f, 0.0008f);
      for (int g = 0; g < kQK_K / 16; ++g) {
        int sum = 0;
        for (int j = 0; j < 16; ++j) sum += blk->qs[16 * g + j];
        blk->bsums[g] = int16_t(sum);
      }
    }
  }
}

}  // namespace

void FillRandomBlocks(DType type, uint8_t* dst, int64_t n_elements, uint64_t seed) {
  const DTypeTraits& traits = Traits(type);
  HEARTH_CHECK(n_elements >= 0 && n_elements % traits.block_elems == 0)
      << DTypeName(type) << ": " << n_elements << " elements";
  Rng rng(seed * 0xD1342543DE82EF95ull + uint64_t(type) + 1);
  if (type == DType::kF32 || type == DType::kF16 || type == DType::kBF16) {
    FillPlain(type, dst, n_elements, rng);
    return;
  }
  const int64_t blocks = n_elements / traits.block_elems;
  rng.Fill(dst, size_t(blocks) * traits.block_bytes);
  if (type == DType::kQ8_1 || type == DType::kQ8_K) {
    FixActivationBlocks(type, dst, blocks, rng);
    return;
  }
  ScaleLayout l;
  if (!LayoutFor(type, &l)) return;  // integer types: random bytes are valid
  for (int64_t b = 0; b < blocks; ++b) {
    uint8_t* block = dst + b * traits.block_bytes;
    PutF16(block + l.d_offset, rng.Uniform(l.d_lo, l.d_hi));
    if (l.min_offset >= 0) PutF16(block + l.min_offset, rng.Uniform(l.min_lo, l.min_hi));
  }
}

}  // namespace hearth
