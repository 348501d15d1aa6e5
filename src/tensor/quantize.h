// Reference (scalar) conversion of float rows into every supported type. Activation formats
// (Q8_0, Q8_1, Q8_K) round exactly as ggml's reference quantizers do, so our dot products see
// the same integers as the reference engine. Weight formats use a simple, correct quantizer
// (used by tests, the random-model writer and, later, `hearth quantize`).
#pragma once

#include <cstdint>

#include "tensor/dtype.h"

namespace hearth {

// Quantizes n floats (a multiple of the type's block size) from x into blocks at y.
void QuantizeRow(DType type, const float* x, void* y, int64_t n);

}  // namespace hearth
