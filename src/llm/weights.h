// WeightReader: finds a model's tensors in a GGUF file and checks each one's existence, type
// and exact shape before the forward pass relies on it. Results are views into the file's
// mapping (no copies); they live as long as the GgufFile.
//
// Errors name the file and the tensor:
//   "model.gguf: tensor 'blk.3.attn_k.weight' not found"
//   "model.gguf: tensor 'blk.3.attn_k.weight' has shape [256, 64], expected [256, 128]"
//   "model.gguf: tensor 'output_norm.weight' has type F16, expected F32"
// Shapes are written as GGUF stores them: row length (input features) first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "gguf/gguf_file.h"
#include "kernels/kernel_set.h"
#include "kernels/matmul.h"

namespace hearth {

// A projection y = W x (+ b).
struct Linear {
  WeightMatrix w;               // [rows = out, k = in]
  const float* bias = nullptr;  // [w.rows] f32, or null
};

// An embedding table read one row per token.
struct EmbeddingTable {
  DType type = DType::kF32;
  int64_t n_rows = 0;  // vocabulary
  int64_t dim = 0;     // row length
  const uint8_t* data = nullptr;
  size_t row_bytes = 0;
};

class WeightReader {
 public:
  // `kernels` decides which weight types can be multiplied (those with a dot product).
  WeightReader(const GgufFile& file, const KernelSet& kernels) : file_(file), kernels_(kernels) {}

  // "blk.{layer}.{suffix}", e.g. LayerName(3, "attn_k.weight") = "blk.3.attn_k.weight".
  static std::string LayerName(int layer, std::string_view suffix);

  bool Has(std::string_view name) const { return file_.FindTensor(name) != nullptr; }

  // A 2-D matrix of shape [k, rows] (rows of k inputs) of any type the kernels multiply.
  Result<WeightMatrix> Matrix(std::string_view name, int64_t k, int64_t rows);
  // A 1-D f32 vector of n values (norm weights, biases, rope frequency factors).
  Result<const float*> Vector(std::string_view name, int64_t n);
  // As Vector, but null when the tensor is absent.
  Result<const float*> OptionalVector(std::string_view name, int64_t n);
  // A projection "{prefix}.weight" [k, rows] with an optional or required "{prefix}.bias".
  enum class Bias { kNone, kOptional, kRequired };
  Result<Linear> Projection(std::string_view prefix, int64_t k, int64_t rows, Bias bias);
  // An embedding table [dim, n_rows] of any type with a dequantizer.
  Result<EmbeddingTable> Embedding(std::string_view name, int64_t dim, int64_t n_rows);

  // Bytes of the distinct tensors handed out so far (a tensor used twice counts once).
  uint64_t bytes_used() const { return bytes_used_; }

 private:
  // The tensor `name` with exactly `shape`; counts its bytes once.
  Result<const GgufTensorInfo*> Find(std::string_view name, const std::vector<int64_t>& shape);
  Status WrongType(const GgufTensorInfo& t, std::string_view expected) const;

  const GgufFile& file_;
  const KernelSet& kernels_;
  std::vector<const GgufTensorInfo*> used_;
  uint64_t bytes_used_ = 0;
};

// "[256, 64]" (for messages).
std::string ShapeString(const std::vector<int64_t>& shape);

}  // namespace hearth
