// Scalar reference quant kernels (placeholder: filled in by the formats work).
#include "kernels/fill.h"

namespace hearth::internal {
void FillReferenceQuantKernels(QuantKernels& k) {}
}  // namespace hearth::internal
