// Per-type scalar row conversions: the functions QuantizeRow / DequantizeRow dispatch to. They
// have the kernel table's signatures (kernels/kernel_set.h: QuantizeRowFn, DequantizeRowFn) so
// the reference kernel set points at them directly, and ISA kernels can fall back to them.
//
// Contract for every function: n is a multiple of the type's block size; x and y do not
// overlap; y has room for the whole row (RowBytes(type, n) bytes, or n floats).
#pragma once

#include <cstdint>

namespace hearth::rows {

// ---- Blocks -> float. Bit-exact with ggml's dequantize_row_*. ----
void DequantizeF32(const void* x, float* y, int64_t n);
void DequantizeF16(const void* x, float* y, int64_t n);
void DequantizeBF16(const void* x, float* y, int64_t n);
void DequantizeQ4_0(const void* x, float* y, int64_t n);
void DequantizeQ4_1(const void* x, float* y, int64_t n);
void DequantizeQ5_0(const void* x, float* y, int64_t n);
void DequantizeQ5_1(const void* x, float* y, int64_t n);
void DequantizeQ8_0(const void* x, float* y, int64_t n);
void DequantizeQ8_1(const void* x, float* y, int64_t n);
void DequantizeIQ4_NL(const void* x, float* y, int64_t n);
void DequantizeQ2_K(const void* x, float* y, int64_t n);
void DequantizeQ3_K(const void* x, float* y, int64_t n);
void DequantizeQ4_K(const void* x, float* y, int64_t n);
void DequantizeQ5_K(const void* x, float* y, int64_t n);
void DequantizeQ6_K(const void* x, float* y, int64_t n);
void DequantizeQ8_K(const void* x, float* y, int64_t n);
void DequantizeIQ4_XS(const void* x, float* y, int64_t n);

// ---- Float -> blocks. ----
// Exact conversions / ggml's reference rounding (the activation formats).
void QuantizeF32(const float* x, void* y, int64_t n);   // copy
void QuantizeF16(const float* x, void* y, int64_t n);   // round to nearest even
void QuantizeBF16(const float* x, void* y, int64_t n);  // round to nearest even
void QuantizeQ8_0(const float* x, void* y, int64_t n);  // as quantize_row_q8_0_ref
void QuantizeQ8_1(const float* x, void* y, int64_t n);  // as quantize_row_q8_1_ref
void QuantizeQ8_K(const float* x, void* y, int64_t n);  // as quantize_row_q8_K_ref
// Weight formats: legacy ones as ggml's reference min/max quantizers; the others a simple
// per-sub-block scale search (valid blocks, small error, not ggml's exact choice).
void QuantizeQ4_0(const float* x, void* y, int64_t n);
void QuantizeQ4_1(const float* x, void* y, int64_t n);
void QuantizeQ5_0(const float* x, void* y, int64_t n);
void QuantizeQ5_1(const float* x, void* y, int64_t n);
void QuantizeIQ4_NL(const float* x, void* y, int64_t n);
void QuantizeQ2_K(const float* x, void* y, int64_t n);
void QuantizeQ3_K(const float* x, void* y, int64_t n);
void QuantizeQ4_K(const float* x, void* y, int64_t n);
void QuantizeQ5_K(const float* x, void* y, int64_t n);
void QuantizeQ6_K(const float* x, void* y, int64_t n);
void QuantizeIQ4_XS(const float* x, void* y, int64_t n);

}  // namespace hearth::rows
