// The packed sub-block scales of the K-quants and IQ4_XS: how ggml stores them, in both
// directions. Shared by the (de)quantizers and the dot-product kernels.
#pragma once

#include <cstdint>
#include <cstring>

#include "tensor/blocks.h"

namespace hearth {

// Q4_K / Q5_K: 8 six-bit scales and 8 six-bit mins in 12 bytes. Sub-blocks 0..3 keep both
// values in the low 6 bits of bytes j (scale) and j+4 (min); sub-blocks 4..7 keep their low 4
// bits in the nibbles of byte j+4 and their top 2 bits in the spare top bits of bytes j-4
// (scale) and j (min).
struct ScaleMin {
  uint8_t scale;
  uint8_t min;
};

inline ScaleMin UnpackScaleMinK4(int j, const uint8_t* packed) {
  if (j < 4) return {uint8_t(packed[j] & 63), uint8_t(packed[j + 4] & 63)};
  return {uint8_t((packed[j + 4] & 0xF) | ((packed[j - 4] >> 6) << 4)),
          uint8_t((packed[j + 4] >> 4) | ((packed[j] >> 6) << 4))};
}

// Inverse of UnpackScaleMinK4; scale[j], min[j] < 64.
inline void PackScaleMinK4(const uint8_t scale[8], const uint8_t min[8],
                           uint8_t packed[kKScaleSize]) {
  for (int j = 0; j < 4; ++j) {
    packed[j] = uint8_t(scale[j] | ((scale[j + 4] >> 4) << 6));
    packed[j + 4] = uint8_t(min[j] | ((min[j + 4] >> 4) << 6));
    packed[j + 8] = uint8_t((scale[j + 4] & 0xF) | ((min[j + 4] & 0xF) << 4));
  }
}

// Q3_K: 16 six-bit scales (stored biased by 32) in 12 bytes. Low nibbles: bytes 0..7 (scales
// 0..7 low, 8..15 high nibble); top 2 bits: byte 8 + j%4, bit pair j/4. Returns scale - 32.
inline void UnpackQ3KScales(const uint8_t packed[12], int8_t out[16]) {
  for (int j = 0; j < 16; ++j) {
    const int low = j < 8 ? packed[j] & 0xF : packed[j - 8] >> 4;
    const int high = (packed[8 + j % 4] >> (2 * (j / 4))) & 3;
    out[j] = int8_t((low | (high << 4)) - 32);
  }
}

// Inverse of UnpackQ3KScales; scale[j] in [-32, 31].
inline void PackQ3KScales(const int8_t scale[16], uint8_t packed[12]) {
  std::memset(packed, 0, 12);
  for (int j = 0; j < 16; ++j) {
    const int biased = scale[j] + 32;
    packed[j % 8] |= uint8_t((biased & 0xF) << (j < 8 ? 0 : 4));
    packed[8 + j % 4] |= uint8_t((biased >> 4) << (2 * (j / 4)));
  }
}

// IQ4_XS: scale of sub-block ib (0..7) minus 32, in [-32, 31].
inline int IQ4XSScale(const BlockIQ4_XS& b, int ib) {
  const int low = (b.scales_l[ib / 2] >> (4 * (ib % 2))) & 0xF;
  const int high = (b.scales_h >> (2 * ib)) & 3;
  return (low | (high << 4)) - 32;
}

// Q3_K/Q2_K element e of a 256-block: its 2 low bits live in qs[32 * (e / 128) + e % 32] at bit
// pair (e % 128) / 32.
inline int Q2BitsAt(const uint8_t* qs, int e) {
  return (qs[32 * (e / 128) + e % 32] >> (2 * ((e % 128) / 32))) & 3;
}

}  // namespace hearth
