#include "kernels/fill.h"

namespace hearth::internal {
void FillNeonDotprodQuantKernels(QuantKernels& k) {}
}  // namespace hearth::internal
