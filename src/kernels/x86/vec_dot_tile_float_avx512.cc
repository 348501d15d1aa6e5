// AVX-512 tiles of F32 / F16 / BF16 dot products (kernel_set.h: VecDotTileFn): a step of each
// of R weight rows is loaded (and widened) once and used for C activation rows, so the FMAs,
// not the loads and conversions, set the speed. BF16 uses vdpbf16ps where the CPU has
// AVX512-BF16 (32 products per instruction, no widening). The micro-kernel is shared with the
// vec_dots (float_tile_avx512.h).
#include "kernels/x86/float_tile_avx512.h"
#include "kernels/x86/tile_driver.h"
#include "kernels/x86/x86_fill.h"
#include "tensor/dtype.h"

namespace hearth::internal {

void FillAvx512FloatTiles(QuantKernels& k) {
  using namespace x86::avx512;  // NOLINT(build/namespaces): the micro-kernel and its Ops
  k.vec_dot_tile[Slot(DType::kF32)] = RunTiles<FloatTile<F32Ops>::Micro, 4, 6>;
  k.vec_dot_tile[Slot(DType::kF16)] = RunTiles<FloatTile<F16Ops>::Micro, 4, 6>;
  k.vec_dot_tile[Slot(DType::kBF16)] = __builtin_cpu_supports("avx512bf16")
                                           ? RunTiles<FloatTile<Bf16DpOps>::Micro, 4, 3>
                                           : RunTiles<FloatTile<Bf16WidenOps>::Micro, 4, 6>;
}

}  // namespace hearth::internal
