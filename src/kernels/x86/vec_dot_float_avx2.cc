// AVX2 dot products of the float weight types with same-type activations (F32, F16, BF16): a
// 1 x 1 tile of the micro-kernel the tiles use (float_tile_avx2.h), so a row's product is the
// same float alone or batched.
#include "kernels/x86/float_tile_avx2.h"
#include "kernels/x86/x86_fill.h"
#include "tensor/dtype.h"

namespace hearth::internal {

void FillAvx2FloatDots(QuantKernels& k) {
  using namespace x86::avx2;  // NOLINT(build/namespaces): the micro-kernel and its loads
  k.vec_dot[Slot(DType::kF32)] = FloatDot<F32Load>;
  k.vec_dot[Slot(DType::kF16)] = FloatDot<F16Load>;
  k.vec_dot[Slot(DType::kBF16)] = FloatDot<Bf16Load>;
}

}  // namespace hearth::internal
