// Internal: the x86 kernel files each fill their part of the table; quant_kernels_avx2.cc and
// quant_kernels_avx512.cc call these in order. No intrinsics here, so any file may include it.
#pragma once

#include "kernels/kernel_set.h"

namespace hearth::internal {

void FillAvx2FloatDots(QuantKernels& k);   // vec_dot_float_avx2.cc: F32, F16, BF16
void FillAvx2LegacyDots(QuantKernels& k);  // vec_dot_legacy_avx2.cc: 32-element blocks
void FillAvx2KQuantDots(QuantKernels& k);  // vec_dot_kquants_avx2.cc: K-quants, IQ4_XS
void FillAvx2Quantizers(QuantKernels& k);  // quantize_avx2.cc: Q8_0, Q8_1, Q8_K, F16, BF16
void FillAvx2Tiles(QuantKernels& k);       // vec_dot_tile_avx2.cc: block types
void FillAvx2FloatTiles(QuantKernels& k);  // vec_dot_tile_float_avx2.cc

void FillAvx512FloatDots(QuantKernels& k);    // vec_dot_float_avx512.cc
void FillAvx512LegacyDots(QuantKernels& k);   // vec_dot_legacy_avx512.cc
void FillAvx512KQuantDots(QuantKernels& k);   // vec_dot_kquants_avx512.cc
void FillAvx512Tiles(QuantKernels& k);        // vec_dot_tile_avx512.cc: 32-element blocks
void FillAvx512KQuantTiles(QuantKernels& k);  // vec_dot_tile_kquants_avx512.cc
void FillAvx512FloatTiles(QuantKernels& k);   // vec_dot_tile_float_avx512.cc

}  // namespace hearth::internal
