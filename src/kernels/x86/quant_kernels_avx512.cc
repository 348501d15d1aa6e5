// The AVX-512 quant kernel table, applied on top of the AVX2 one: products that gain from
// 512-bit registers or VNNI (vpdpbusd); activation quantizers stay AVX2 (a small cost).
#include "kernels/fill.h"
#include "kernels/x86/x86_fill.h"

namespace hearth::internal {

void FillAvx512QuantKernels(QuantKernels& k) {
  FillAvx512FloatDots(k);
  FillAvx512LegacyDots(k);
  FillAvx512KQuantDots(k);
  FillAvx512Tiles(k);
  FillAvx512KQuantTiles(k);
  FillAvx512FloatTiles(k);
}

}  // namespace hearth::internal
