#include "kernels/fill.h"

namespace hearth::internal {
void FillAvx2OpKernels(OpKernels& k) {}
}  // namespace hearth::internal
