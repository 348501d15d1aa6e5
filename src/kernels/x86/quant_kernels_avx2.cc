// The AVX2 quant kernel table: every product and activation quantizer has an AVX2 version.
#include "kernels/fill.h"
#include "kernels/x86/x86_fill.h"

namespace hearth::internal {

void FillAvx2QuantKernels(QuantKernels& k) {
  FillAvx2FloatDots(k);
  FillAvx2LegacyDots(k);
  FillAvx2KQuantDots(k);
  FillAvx2Quantizers(k);
  FillAvx2Tiles(k);
  FillAvx2FloatTiles(k);
}

}  // namespace hearth::internal
