#include "kernels/dispatch.h"

#include "base/check.h"
#include "kernels/fill.h"

namespace hearth {
namespace {

KernelSet BuildKernels(Isa isa) {
  KernelSet set;
  set.isa = isa;
  internal::FillReferenceQuantKernels(set.quant);
  internal::FillReferenceOpKernels(set.ops);
  switch (isa) {
    case Isa::kScalar:
      return set;
#if defined(HEARTH_HAVE_X86)
    case Isa::kAvx512:
    case Isa::kAvx2:
      internal::FillAvx2QuantKernels(set.quant);
      internal::FillAvx2OpKernels(set.ops);
      if (isa == Isa::kAvx512) {
        internal::FillAvx512QuantKernels(set.quant);
        internal::FillAvx512OpKernels(set.ops);
      }
      return set;
#endif
#if defined(HEARTH_HAVE_ARM64)
    case Isa::kNeonDotprod:
    case Isa::kNeon:
      internal::FillNeonQuantKernels(set.quant);
      internal::FillNeonOpKernels(set.ops);
      if (isa == Isa::kNeonDotprod) internal::FillNeonDotprodQuantKernels(set.quant);
      return set;
#endif
    default:
      HEARTH_CHECK(false) << "this build has no kernels for ISA " << IsaName(isa);
  }
  return set;
}

}  // namespace

const KernelSet& KernelsFor(Isa isa) {
  // One immutable table per level, built on first use (thread-safe static initialization).
  switch (isa) {
    case Isa::kScalar: {
      static const KernelSet set = BuildKernels(Isa::kScalar);
      return set;
    }
    case Isa::kAvx2: {
      static const KernelSet set = BuildKernels(Isa::kAvx2);
      return set;
    }
    case Isa::kAvx512: {
      static const KernelSet set = BuildKernels(Isa::kAvx512);
      return set;
    }
    case Isa::kNeon: {
      static const KernelSet set = BuildKernels(Isa::kNeon);
      return set;
    }
    case Isa::kNeonDotprod: {
      static const KernelSet set = BuildKernels(Isa::kNeonDotprod);
      return set;
    }
  }
  HEARTH_CHECK(false) << "unknown ISA";
  return KernelsFor(Isa::kScalar);
}

const KernelSet& BestKernels() {
  static const Isa best = BestIsa();
  return KernelsFor(best);
}

}  // namespace hearth
