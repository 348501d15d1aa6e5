#include "store/catalog/quant_types.h"

#include <array>
#include <cctype>

#include "base/ascii.h"

namespace hearth::catalog {
namespace {

// Effective bpw of llama.cpp's recipes over a whole Llama-shaped file (Llama 3.1 8B/70B files:
// Q4_K_M 4.90/4.82, Q8_0 8.50, Q6_K 6.56, Q5_K_M 5.70, Q3_K_M 3.91). Q2_K is the MoE-typical
// mix (its attention stays at Q4_K); IQ1_S/IQ2_XXS are the "dynamic" mixes published for the
// largest MoE models (DeepSeek-V3 IQ1_S: 131 GB for 671B parameters = 1.56 bpw).
constexpr std::array kQuants = {
    QuantType{"F32", 32.0, ""},           QuantType{"F16", 16.0, "fp16"},
    QuantType{"Q8_0", 8.5, "q8_0"},       QuantType{"Q6_K", 6.56, "q6_K"},
    QuantType{"Q5_K_M", 5.69, "q5_K_M"},  QuantType{"Q5_0", 5.54, "q5_0"},
    QuantType{"Q4_K_M", 4.85, "q4_K_M"},  QuantType{"Q4_0", 4.55, "q4_0"},
    QuantType{"Q3_K_M", 3.91, "q3_K_M"},  QuantType{"Q2_K", 3.0, "q2_K"},
    QuantType{"IQ2_XXS", 2.2, ""},        QuantType{"IQ1_S", 1.56, ""},
};

}  // namespace

std::span<const QuantType> KnownQuants() { return kQuants; }

const QuantType* FindQuant(std::string_view name) {
  if (EqualsIgnoringAsciiCase(name, "fp16")) name = "F16";
  for (const QuantType& q : kQuants) {
    if (EqualsIgnoringAsciiCase(q.name, name)) return &q;
  }
  return nullptr;
}

}  // namespace hearth::catalog
