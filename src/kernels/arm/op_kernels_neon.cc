#include "kernels/fill.h"

namespace hearth::internal {
void FillNeonOpKernels(OpKernels& k) {}
}  // namespace hearth::internal
