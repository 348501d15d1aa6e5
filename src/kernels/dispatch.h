// Picks the kernel table for an ISA level once; tables are immutable after construction.
#pragma once

#include "kernels/kernel_set.h"

namespace hearth {

// The table for `isa`, built on first use. CHECK-fails if this build has no kernels for that
// ISA family (e.g. kAvx2 on an ARM build); whether the *CPU* runs it is for the caller to know
// (SupportedIsas()).
const KernelSet& KernelsFor(Isa isa);

// The table for BestIsa(): what the engine uses.
const KernelSet& BestKernels();

}  // namespace hearth
