#include "kernels/fill.h"

namespace hearth::internal {
void FillAvx2QuantKernels(QuantKernels& k) {}
}  // namespace hearth::internal
