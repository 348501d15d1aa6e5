// Byte sizes as users write them: "192G", "192GB", "64GiB", "512M", "1.5T", "1000000".
// Units are powers of 1000 (K, M, G, T, with or without B) or of 1024 (KiB, MiB, GiB, TiB),
// as memory is sold and as `free -h` shows it.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/status.h"

namespace hearth::store {

// Errors (InvalidArgument) quote the text: "'12X': unknown unit 'X' (use K, M, G, T, ...)".
Result<uint64_t> ParseByteSize(std::string_view text);

}  // namespace hearth::store
