#include "kernels/fill.h"

namespace hearth::internal {
void FillAvx512OpKernels(OpKernels& k) {}
}  // namespace hearth::internal
