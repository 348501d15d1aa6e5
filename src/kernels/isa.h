// Instruction-set levels that kernels are compiled for, and which of them this CPU runs.
#pragma once

#include <string_view>
#include <vector>

namespace hearth {

enum class Isa {
  kScalar,       // the reference kernels: portable C++, the ground truth for every test
  kAvx2,         // x86-64: AVX2 + FMA + F16C
  kAvx512,       // x86-64: AVX-512 F/BW/VL/DQ + VNNI (Zen 4, Ice Lake and later)
  kNeon,         // aarch64 baseline (Advanced SIMD)
  kNeonDotprod,  // aarch64 with SDOT/UDOT (Apple M1 and later, Graviton 2+)
};

std::string_view IsaName(Isa isa);

// The levels this CPU can run, from kScalar up to the best; each includes the ones before it.
std::vector<Isa> SupportedIsas();

// The best level this CPU runs. Set HEARTH_ISA=scalar|avx2|avx512|neon|neon-dotprod to force a
// lower one (e.g. to compare speeds); an unknown or unsupported value is ignored.
Isa BestIsa();

}  // namespace hearth
