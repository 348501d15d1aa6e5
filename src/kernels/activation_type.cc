#include "kernels/kernel_set.h"

namespace hearth {

DType ActivationType(DType weight) {
  switch (weight) {
    case DType::kF32: return DType::kF32;
    case DType::kF16: return DType::kF16;
    case DType::kBF16: return DType::kBF16;
    case DType::kQ4_1:
    case DType::kQ5_1: return DType::kQ8_1;
    case DType::kQ2_K:
    case DType::kQ3_K:
    case DType::kQ4_K:
    case DType::kQ5_K:
    case DType::kQ6_K:
    case DType::kIQ4_XS: return DType::kQ8_K;
    default: return DType::kQ8_0;  // Q4_0, Q5_0, Q8_0, IQ4_NL
  }
}

}  // namespace hearth
