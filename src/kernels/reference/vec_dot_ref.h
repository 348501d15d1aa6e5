// Internal: the scalar reference dot products (VecDotFn signature: n, weight row, activation row
// in ActivationType(weight)). Each one computes what ggml's generic (non-SIMD) vec_dot computes:
// exact integer sums per block or sub-block, then the same float scaling and summation order, so
// its result is the number the reference engine's generic build produces. ISA variants are tested
// against these.
#pragma once

#include <cstdint>

namespace hearth::internal::ref {

// Plain types: products in f32, summed in double (as ggml's ggml_float), rounded to f32 at the end.
float VecDotF32(int64_t n, const void* w, const void* a);
float VecDotF16(int64_t n, const void* w, const void* a);
float VecDotBF16(int64_t n, const void* w, const void* a);

// 32-element blocks (vec_dot_ref_legacy.cc).
float VecDotQ4_0(int64_t n, const void* w, const void* a);    // x Q8_0
float VecDotQ4_1(int64_t n, const void* w, const void* a);    // x Q8_1 (min term from its s)
float VecDotQ5_0(int64_t n, const void* w, const void* a);    // x Q8_0
float VecDotQ5_1(int64_t n, const void* w, const void* a);    // x Q8_1
float VecDotQ8_0(int64_t n, const void* w, const void* a);    // x Q8_0
float VecDotIQ4_NL(int64_t n, const void* w, const void* a);  // x Q8_0

// 256-element super-blocks x Q8_K (vec_dot_ref_kquants.cc); min terms from Q8_K's bsums.
float VecDotQ2_K(int64_t n, const void* w, const void* a);
float VecDotQ3_K(int64_t n, const void* w, const void* a);
float VecDotQ4_K(int64_t n, const void* w, const void* a);
float VecDotQ5_K(int64_t n, const void* w, const void* a);
float VecDotQ6_K(int64_t n, const void* w, const void* a);
float VecDotIQ4_XS(int64_t n, const void* w, const void* a);

}  // namespace hearth::internal::ref
