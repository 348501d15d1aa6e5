// QuantType: the quantization recipes the catalog and the planner know, with the effective bits
// per weight of a whole file made with each (llama.cpp's mixes keep some tensors at a higher
// type: Q4_K_M stores most weights as Q4_K (4.5 bpw) but attn_v/ffn_down halves and the output
// as Q6_K, which averages about 4.85 bpw over a Llama-shaped model).
//
// These figures estimate a file's size from a parameter count when no published size is known
// (see quant_sizes.h); they are averages over Llama-shaped models, typically within 3% of a real
// file, worse for models whose embedding table is a large share of the parameters.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace hearth::catalog {

struct QuantType {
  std::string_view name;        // llama.cpp's spelling: "Q4_K_M", "F16", "IQ1_S"
  double bits_per_weight;       // effective, over the whole file
  std::string_view ollama_tag;  // the suffix Ollama's library uses: "q4_K_M", "fp16"; "" if none
};

// Every known quant, largest first: F32, F16, Q8_0, Q6_K, Q5_K_M, Q5_0, Q4_K_M, Q4_0, Q3_K_M,
// Q2_K, IQ2_XXS, IQ1_S. Bits per weight are strictly decreasing along the list.
std::span<const QuantType> KnownQuants();

// The quant named `name` (case-insensitive; "fp16" is accepted for F16), or null.
const QuantType* FindQuant(std::string_view name);

// The quant a plan uses when none is asked for.
inline constexpr std::string_view kDefaultQuant = "Q4_K_M";

}  // namespace hearth::catalog
