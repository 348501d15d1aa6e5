// Internal: each ISA folder fills the kernel table entries it implements. The dispatcher
// (dispatch.cc) applies them in order scalar -> avx2 -> avx512 (or neon -> neon-dotprod), so a
// level inherits every kernel of the levels below that it does not override.
#pragma once

#include "kernels/kernel_set.h"

namespace hearth::internal {

void FillReferenceQuantKernels(QuantKernels& k);  // reference/
void FillReferenceOpKernels(OpKernels& k);        // reference/

#if defined(HEARTH_HAVE_X86)
void FillAvx2QuantKernels(QuantKernels& k);    // x86/*_avx2.cc
void FillAvx2OpKernels(OpKernels& k);          // x86/*_avx2.cc
void FillAvx512QuantKernels(QuantKernels& k);  // x86/*_avx512.cc
void FillAvx512OpKernels(OpKernels& k);        // x86/*_avx512.cc
#endif
#if defined(HEARTH_HAVE_ARM64)
void FillNeonQuantKernels(QuantKernels& k);         // arm/*_neon.cc
void FillNeonOpKernels(OpKernels& k);               // arm/*_neon.cc
void FillNeonDotprodQuantKernels(QuantKernels& k);  // arm/*_neon_dotprod.cc
#endif

}  // namespace hearth::internal
