// NEON kernels for CPUs with the dot-product extension (SDOT: Apple M1 and later, Graviton 2+,
// Cortex-A76+): the same quantized dot products as quant_kernels_neon.cc, with each group of
// 16 int8 x int8 products done by one SDOT instead of SMULL + SMLAL2 + SADALP. Compiled with
// -march=armv8.2-a+dotprod (src/kernels/CMakeLists.txt); used only when the CPU reports
// ASIMDDP. Float kernels and the quantizers are inherited from the baseline level.
#include <arm_neon.h>

#include "kernels/arm/quant_table_neon.h"
#include "kernels/fill.h"

namespace hearth::internal {
namespace {

using namespace neon;  // NOLINT(build/namespaces): the kernel templates of this folder

struct DotprodOps {
  static int32x4_t Dot(int32x4_t acc, int8x16_t w, int8x16_t a) { return vdotq_s32(acc, w, a); }
};

}  // namespace

void FillNeonDotprodQuantKernels(QuantKernels& k) { FillQuantDots<DotprodOps>(k); }

}  // namespace hearth::internal
