// Scalar reference op kernels (placeholder: filled in by the ops work).
#include "kernels/fill.h"

namespace hearth::internal {
void FillReferenceOpKernels(OpKernels& k) {}
}  // namespace hearth::internal
