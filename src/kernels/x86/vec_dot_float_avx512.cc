// AVX-512 dot products of F32, F16 and BF16 rows with same-type activations: a 1 x 1 tile of the
// micro-kernel the tiles use (float_tile_avx512.h), so a row's product is the same float alone
// or batched. Tails use masked loads. BF16 x BF16 uses vdpbf16ps where the CPU has AVX512-BF16
// (not part of our avx512 level: Ice Lake lacks it), else widens to f32.
#include "kernels/x86/float_tile_avx512.h"
#include "kernels/x86/x86_fill.h"
#include "tensor/dtype.h"

namespace hearth::internal {

void FillAvx512FloatDots(QuantKernels& k) {
  using namespace x86::avx512;  // NOLINT(build/namespaces): the micro-kernel and its Ops
  k.vec_dot[Slot(DType::kF32)] = FloatDot<F32Ops>;
  k.vec_dot[Slot(DType::kF16)] = FloatDot<F16Ops>;
  k.vec_dot[Slot(DType::kBF16)] =
      __builtin_cpu_supports("avx512bf16") ? FloatDot<Bf16DpOps> : FloatDot<Bf16WidenOps>;
}

}  // namespace hearth::internal
