// general.file_type: the quantization recipe a model was made with (llama.cpp's llama_ftype
// numbering), e.g. 15 = "Q4_K_M". Unlike a tensor's DType, a file type names a mix: Q4_K_M
// stores most weights as Q4_K and some as Q6_K.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace hearth {

// "Q4_K_M" for 15, "F32" for 0, ... ; "" for ids that were never assigned. The "guessed" flag
// (1024) that llama.cpp adds when it inferred the type is ignored.
std::string_view FileTypeName(uint32_t file_type);
// The id for a name as FileTypeName spells it (case-insensitive), or nullopt.
std::optional<uint32_t> FileTypeFromName(std::string_view name);

}  // namespace hearth
