// Reference (scalar) conversion of every supported type back to float; bit-exact with ggml's
// dequantization (checked against ../shared/fixtures/quant).
#pragma once

#include <cstdint>

#include "tensor/dtype.h"

namespace hearth {

// Dequantizes n elements (a multiple of the type's block size) from blocks at x into y.
void DequantizeRow(DType type, const void* x, float* y, int64_t n);

}  // namespace hearth
