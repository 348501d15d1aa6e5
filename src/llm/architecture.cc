#include "llm/architecture.h"

#include "llm/arch/architectures.h"

namespace hearth {
namespace {

// The registry: immutable, in the order error messages list it.
constexpr Architecture kArchitectures[] = {
    {"llama", RopeStyle::kNormal, LoadLlama},  // GGUF llama q/k are permuted for normal rope
    {"qwen2", RopeStyle::kNeox, LoadQwen2},
};

}  // namespace

const Architecture* FindArchitecture(std::string_view name) {
  for (const Architecture& a : kArchitectures) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

std::string SupportedArchitectures() {
  std::string list;
  for (const Architecture& a : kArchitectures) {
    if (!list.empty()) list += ", ";
    list += a.name;
  }
  return list;
}

}  // namespace hearth
