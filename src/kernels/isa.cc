#include "kernels/isa.h"

#include <cstdlib>
#include <string>

#if defined(__x86_64__)
#include <cpuid.h>
#elif defined(__aarch64__) && defined(__linux__)
#include <asm/hwcap.h>
#include <sys/auxv.h>
#endif

namespace hearth {
namespace {

#if defined(__x86_64__)
struct X86Features {
  bool avx2 = false, fma = false, f16c = false, avx512 = false;
};

X86Features DetectX86() {
  X86Features f;
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return f;
  const bool osxsave = c & (1u << 27);
  f.fma = c & (1u << 12);
  f.f16c = c & (1u << 29);
  if (!osxsave) return f;
  unsigned xcr0_lo, xcr0_hi;
  __asm__("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
  const bool os_avx = (xcr0_lo & 0x6) == 0x6;
  const bool os_avx512 = (xcr0_lo & 0xE6) == 0xE6;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return f;
  // The *_avx2.cc files are built with -mbmi2, so AVX2 also requires BMI2 (bit 8).
  f.avx2 = os_avx && (b & (1u << 5)) && (b & (1u << 8));
  const bool avx512f = b & (1u << 16), avx512dq = b & (1u << 17), avx512bw = b & (1u << 30),
             avx512vl = b & (1u << 31), avx512vnni = c & (1u << 11), avx512vbmi = c & (1u << 1);
  f.avx512 = os_avx512 && avx512f && avx512dq && avx512bw && avx512vl && avx512vnni && avx512vbmi;
  return f;
}
#endif

std::vector<Isa> DetectIsas() {
  std::vector<Isa> isas = {Isa::kScalar};
#if defined(__x86_64__)
  const X86Features f = DetectX86();
  if (f.avx2 && f.fma && f.f16c) {
    isas.push_back(Isa::kAvx2);
    if (f.avx512) isas.push_back(Isa::kAvx512);
  }
#elif defined(__aarch64__)
  isas.push_back(Isa::kNeon);
#if defined(__linux__)
  if (getauxval(AT_HWCAP) & HWCAP_ASIMDDP) isas.push_back(Isa::kNeonDotprod);
#elif defined(__APPLE__)
  isas.push_back(Isa::kNeonDotprod);  // every Apple Silicon core has SDOT
#endif
#endif
  return isas;
}

}  // namespace

std::string_view IsaName(Isa isa) {
  switch (isa) {
    case Isa::kScalar: return "scalar";
    case Isa::kAvx2: return "avx2";
    case Isa::kAvx512: return "avx512";
    case Isa::kNeon: return "neon";
    case Isa::kNeonDotprod: return "neon-dotprod";
  }
  return "unknown";
}

std::vector<Isa> SupportedIsas() { return DetectIsas(); }

Isa BestIsa() {
  const std::vector<Isa> isas = DetectIsas();
  if (const char* forced = std::getenv("HEARTH_ISA")) {
    for (Isa isa : isas) {
      if (IsaName(isa) == forced) return isa;
    }
  }
  return isas.back();
}

}  // namespace hearth
