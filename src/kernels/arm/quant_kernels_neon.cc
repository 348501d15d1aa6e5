#include "kernels/fill.h"

namespace hearth::internal {
void FillNeonQuantKernels(QuantKernels& k) {}
}  // namespace hearth::internal
