// Scalar reference quant kernels: the table entries every ISA starts from, and the ground truth
// the SIMD variants are tested against. Float-type dot products live here; the quantized ones in
// vec_dot_ref_legacy.cc and vec_dot_ref_kquants.cc; row conversions in tensor/ (quant_rows.h).
#include "base/fp16.h"
#include "kernels/fill.h"
#include "kernels/reference/vec_dot_ref.h"
#include "tensor/quant_rows.h"

namespace hearth::internal {
namespace ref {

float VecDotF32(int64_t n, const void* w, const void* a) {
  const float* x = static_cast<const float*>(w);
  const float* y = static_cast<const float*>(a);
  double sum = 0.0;
  for (int64_t i = 0; i < n; ++i) sum += double(x[i] * y[i]);
  return float(sum);
}

float VecDotF16(int64_t n, const void* w, const void* a) {
  const f16* x = static_cast<const f16*>(w);
  const f16* y = static_cast<const f16*>(a);
  double sum = 0.0;
  for (int64_t i = 0; i < n; ++i) sum += double(F16ToF32(x[i]) * F16ToF32(y[i]));
  return float(sum);
}

float VecDotBF16(int64_t n, const void* w, const void* a) {
  const bf16* x = static_cast<const bf16*>(w);
  const bf16* y = static_cast<const bf16*>(a);
  double sum = 0.0;
  for (int64_t i = 0; i < n; ++i) sum += double(Bf16ToF32(x[i]) * Bf16ToF32(y[i]));
  return float(sum);
}

}  // namespace ref

namespace {

void FillVecDots(QuantKernels& k) {
  k.vec_dot[Slot(DType::kF32)] = ref::VecDotF32;
  k.vec_dot[Slot(DType::kF16)] = ref::VecDotF16;
  k.vec_dot[Slot(DType::kBF16)] = ref::VecDotBF16;
  k.vec_dot[Slot(DType::kQ4_0)] = ref::VecDotQ4_0;
  k.vec_dot[Slot(DType::kQ4_1)] = ref::VecDotQ4_1;
  k.vec_dot[Slot(DType::kQ5_0)] = ref::VecDotQ5_0;
  k.vec_dot[Slot(DType::kQ5_1)] = ref::VecDotQ5_1;
  k.vec_dot[Slot(DType::kQ8_0)] = ref::VecDotQ8_0;
  k.vec_dot[Slot(DType::kIQ4_NL)] = ref::VecDotIQ4_NL;
  k.vec_dot[Slot(DType::kQ2_K)] = ref::VecDotQ2_K;
  k.vec_dot[Slot(DType::kQ3_K)] = ref::VecDotQ3_K;
  k.vec_dot[Slot(DType::kQ4_K)] = ref::VecDotQ4_K;
  k.vec_dot[Slot(DType::kQ5_K)] = ref::VecDotQ5_K;
  k.vec_dot[Slot(DType::kQ6_K)] = ref::VecDotQ6_K;
  k.vec_dot[Slot(DType::kIQ4_XS)] = ref::VecDotIQ4_XS;
}

// Activation formats (and the plain types' rounding).
void FillQuantizers(QuantKernels& k) {
  k.quantize_row[Slot(DType::kF32)] = rows::QuantizeF32;
  k.quantize_row[Slot(DType::kF16)] = rows::QuantizeF16;
  k.quantize_row[Slot(DType::kBF16)] = rows::QuantizeBF16;
  k.quantize_row[Slot(DType::kQ8_0)] = rows::QuantizeQ8_0;
  k.quantize_row[Slot(DType::kQ8_1)] = rows::QuantizeQ8_1;
  k.quantize_row[Slot(DType::kQ8_K)] = rows::QuantizeQ8_K;
}

void FillDequantizers(QuantKernels& k) {
  k.dequantize_row[Slot(DType::kF32)] = rows::DequantizeF32;
  k.dequantize_row[Slot(DType::kF16)] = rows::DequantizeF16;
  k.dequantize_row[Slot(DType::kBF16)] = rows::DequantizeBF16;
  k.dequantize_row[Slot(DType::kQ4_0)] = rows::DequantizeQ4_0;
  k.dequantize_row[Slot(DType::kQ4_1)] = rows::DequantizeQ4_1;
  k.dequantize_row[Slot(DType::kQ5_0)] = rows::DequantizeQ5_0;
  k.dequantize_row[Slot(DType::kQ5_1)] = rows::DequantizeQ5_1;
  k.dequantize_row[Slot(DType::kQ8_0)] = rows::DequantizeQ8_0;
  k.dequantize_row[Slot(DType::kQ8_1)] = rows::DequantizeQ8_1;
  k.dequantize_row[Slot(DType::kIQ4_NL)] = rows::DequantizeIQ4_NL;
  k.dequantize_row[Slot(DType::kQ2_K)] = rows::DequantizeQ2_K;
  k.dequantize_row[Slot(DType::kQ3_K)] = rows::DequantizeQ3_K;
  k.dequantize_row[Slot(DType::kQ4_K)] = rows::DequantizeQ4_K;
  k.dequantize_row[Slot(DType::kQ5_K)] = rows::DequantizeQ5_K;
  k.dequantize_row[Slot(DType::kQ6_K)] = rows::DequantizeQ6_K;
  k.dequantize_row[Slot(DType::kQ8_K)] = rows::DequantizeQ8_K;
  k.dequantize_row[Slot(DType::kIQ4_XS)] = rows::DequantizeIQ4_XS;
}

}  // namespace

// Fills every reference entry; vec_dot_tile stays null (the matmul driver falls back to vec_dot).
void FillReferenceQuantKernels(QuantKernels& k) {
  FillVecDots(k);
  FillQuantizers(k);
  FillDequantizers(k);
}

}  // namespace hearth::internal
