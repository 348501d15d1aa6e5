// The quantized dot-product entries of a NEON kernel table, for one Ops (neon_common.h): the
// baseline level (quant_kernels_neon.cc) and the dotprod level (quant_kernels_neon_dotprod.cc)
// fill the same entries from the same templates.
#pragma once

#include "kernels/arm/kquant_dot_neon.h"
#include "kernels/arm/kquant_tile_neon.h"
#include "kernels/arm/quant_dot_neon.h"
#include "kernels/kernel_set.h"

namespace hearth::internal::neon {

template <class Ops, template <class> class Codec>
void Fill32(QuantKernels& k, DType type) {
  k.vec_dot[Slot(type)] = VecDot32<Ops, Codec<Ops>>;
  k.vec_dot_tile[Slot(type)] = VecDotTile32<Ops, Codec<Ops>>;
}

template <class Ops>
void FillQuantDots(QuantKernels& k) {
  Fill32<Ops, CodecQ4_0>(k, DType::kQ4_0);
  Fill32<Ops, CodecQ4_1>(k, DType::kQ4_1);
  Fill32<Ops, CodecQ5_0>(k, DType::kQ5_0);
  Fill32<Ops, CodecQ5_1>(k, DType::kQ5_1);
  Fill32<Ops, CodecQ8_0>(k, DType::kQ8_0);
  Fill32<Ops, CodecIQ4_NL>(k, DType::kIQ4_NL);

  k.vec_dot[Slot(DType::kQ2_K)] = VecDotQ2_K<Ops>;
  k.vec_dot[Slot(DType::kQ3_K)] = VecDotQ3_K<Ops>;
  k.vec_dot[Slot(DType::kQ4_K)] = VecDotQ4_K<Ops>;
  k.vec_dot[Slot(DType::kQ5_K)] = VecDotQ5_K<Ops>;
  k.vec_dot[Slot(DType::kQ6_K)] = VecDotQ6_K<Ops>;
  k.vec_dot[Slot(DType::kIQ4_XS)] = VecDotIQ4_XS<Ops>;
  k.vec_dot_tile[Slot(DType::kQ2_K)] = VecDotTileK<Ops, sizeof(BlockQ2_K), DecodeQ2_K<Ops>>;
  k.vec_dot_tile[Slot(DType::kQ3_K)] = VecDotTileK<Ops, sizeof(BlockQ3_K), DecodeQ3_K<Ops>>;
  k.vec_dot_tile[Slot(DType::kQ4_K)] = VecDotTileK<Ops, sizeof(BlockQ4_K), DecodeQ4_K<Ops>>;
  k.vec_dot_tile[Slot(DType::kQ5_K)] = VecDotTileK<Ops, sizeof(BlockQ5_K), DecodeQ5_K<Ops>>;
  k.vec_dot_tile[Slot(DType::kQ6_K)] = VecDotTileK<Ops, sizeof(BlockQ6_K), DecodeQ6_K<Ops>>;
  k.vec_dot_tile[Slot(DType::kIQ4_XS)] = VecDotTileK<Ops, sizeof(BlockIQ4_XS), DecodeIQ4_XS<Ops>>;
}

}  // namespace hearth::internal::neon
