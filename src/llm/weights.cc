#include "llm/weights.h"

#include <algorithm>

namespace hearth {

std::string ShapeString(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) s += ", ";
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

std::string WeightReader::LayerName(int layer, std::string_view suffix) {
  return "blk." + std::to_string(layer) + "." + std::string(suffix);
}

Result<const GgufTensorInfo*> WeightReader::Find(std::string_view name,
                                                 const std::vector<int64_t>& shape) {
  const GgufTensorInfo* t = file_.FindTensor(name);
  if (t == nullptr) {
    return NotFound(file_.path() + ": tensor '" + std::string(name) + "' not found");
  }
  if (t->shape != shape) {
    return InvalidArgument(file_.path() + ": tensor '" + t->name + "' has shape " +
                           ShapeString(t->shape) + ", expected " + ShapeString(shape));
  }
  if (std::find(used_.begin(), used_.end(), t) == used_.end()) {
    used_.push_back(t);
    bytes_used_ += t->size_bytes;
  }
  return t;
}

Status WeightReader::WrongType(const GgufTensorInfo& t, std::string_view expected) const {
  return Unimplemented(file_.path() + ": tensor '" + t.name + "' has type " +
                       std::string(DTypeName(t.type)) + ", expected " + std::string(expected));
}

Result<WeightMatrix> WeightReader::Matrix(std::string_view name, int64_t k, int64_t rows) {
  HEARTH_ASSIGN_OR_RETURN(const GgufTensorInfo* t, Find(name, {k, rows}));
  const DType act = ActivationType(t->type);
  const bool multipliable =
      kernels_.quant.vec_dot[Slot(t->type)] != nullptr &&
      (act == DType::kF32 || kernels_.quant.quantize_row[Slot(act)] != nullptr);
  if (!multipliable) {
    return WrongType(*t, "a weight type (F32, F16, BF16, Q4_0 ... Q8_0, K-quants, IQ4)");
  }
  return MakeWeightMatrix(t->type, rows, k, t->data);
}

Result<const float*> WeightReader::Vector(std::string_view name, int64_t n) {
  HEARTH_ASSIGN_OR_RETURN(const GgufTensorInfo* t, Find(name, {n}));
  if (t->type != DType::kF32) return WrongType(*t, "F32");
  return reinterpret_cast<const float*>(t->data);
}

Result<const float*> WeightReader::OptionalVector(std::string_view name, int64_t n) {
  if (!Has(name)) return static_cast<const float*>(nullptr);
  return Vector(name, n);
}

Result<Linear> WeightReader::Projection(std::string_view prefix, int64_t k, int64_t rows,
                                        Bias bias) {
  const std::string p(prefix);
  Linear linear;
  HEARTH_ASSIGN_OR_RETURN(linear.w, Matrix(p + ".weight", k, rows));
  if (bias == Bias::kOptional) {
    HEARTH_ASSIGN_OR_RETURN(linear.bias, OptionalVector(p + ".bias", rows));
  } else if (bias == Bias::kRequired) {
    HEARTH_ASSIGN_OR_RETURN(linear.bias, Vector(p + ".bias", rows));
  }
  return linear;
}

Result<EmbeddingTable> WeightReader::Embedding(std::string_view name, int64_t dim, int64_t n_rows) {
  HEARTH_ASSIGN_OR_RETURN(const GgufTensorInfo* t, Find(name, {dim, n_rows}));
  if (kernels_.quant.dequantize_row[Slot(t->type)] == nullptr) {
    return WrongType(*t, "a type Hearth can dequantize");
  }
  return EmbeddingTable{t->type, n_rows, dim, t->data, RowBytes(t->type, dim)};
}

}  // namespace hearth
