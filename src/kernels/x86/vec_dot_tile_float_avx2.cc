// AVX2 tiles of F32 / F16 / BF16 dot products (kernel_set.h: VecDotTileFn): 8 elements of each
// of R weight rows are loaded (and widened) once and used for C activation rows. The
// micro-kernel is shared with the vec_dots (float_tile_avx2.h).
#include "kernels/x86/float_tile_avx2.h"
#include "kernels/x86/tile_driver.h"
#include "kernels/x86/x86_fill.h"
#include "tensor/dtype.h"

namespace hearth::internal {

void FillAvx2FloatTiles(QuantKernels& k) {
  using namespace x86::avx2;  // NOLINT(build/namespaces): the micro-kernel and its loads
  k.vec_dot_tile[Slot(DType::kF32)] = RunTiles<FloatTile<F32Load>::Micro, 2, 4>;
  k.vec_dot_tile[Slot(DType::kF16)] = RunTiles<FloatTile<F16Load>::Micro, 2, 4>;
  k.vec_dot_tile[Slot(DType::kBF16)] = RunTiles<FloatTile<Bf16Load>::Micro, 2, 4>;
}

}  // namespace hearth::internal
