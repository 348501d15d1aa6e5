#include "kernels/fill.h"

namespace hearth::internal {
void FillAvx512QuantKernels(QuantKernels& k) {}
}  // namespace hearth::internal
