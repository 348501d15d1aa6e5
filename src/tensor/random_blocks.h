// Random tensor data of any supported type, for random-weight models (speed work: weights do
// not change speed) and tests.
#pragma once

#include <cstdint>

#include "tensor/dtype.h"

namespace hearth {

// Fills `dst` (RowBytes(type, n_elements) bytes; n_elements a multiple of the type's block
// size, a bug otherwise) with valid random blocks: random quant bits with every f16/f32 scale
// field set to a small finite positive value, chosen per type so that dequantized weights stay
// within about +-0.15 (dot products over thousands of elements stay finite). Plain float types
// get finite values of magnitude 2^-10 .. 2^-3; integer types get random bytes.
// Deterministic for a given (type, n_elements, seed); a few GB/s per core.
void FillRandomBlocks(DType type, uint8_t* dst, int64_t n_elements, uint64_t seed);

}  // namespace hearth
