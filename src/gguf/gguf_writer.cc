#include "gguf/gguf_writer.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <unordered_set>

#include "gguf/gguf_file.h"

namespace hearth {
namespace {

uint64_t AlignUp(uint64_t n, uint64_t alignment) {
  return (n + alignment - 1) / alignment * alignment;
}

class ByteBuffer {
 public:
  template <typename T>
  void Put(T v) {
    const size_t at = bytes.size();
    bytes.resize(at + sizeof(T));
    std::memcpy(bytes.data() + at, &v, sizeof(T));
  }
  void PutString(std::string_view s) {
    Put<uint64_t>(s.size());
    const size_t at = bytes.size();
    bytes.resize(at + s.size());
    if (!s.empty()) std::memcpy(bytes.data() + at, s.data(), s.size());
  }
  std::vector<uint8_t> bytes;
};

void PutArray(const GgufArray& array, ByteBuffer* out);

// Elements of an array (its type and count are written by the caller).
template <typename T>
void PutElements(const std::vector<T>& values, ByteBuffer* out) {
  for (const T& v : values) {
    if constexpr (std::is_same_v<T, std::string>) {
      out->PutString(v);
    } else if constexpr (std::is_same_v<T, GgufArray>) {
      PutArray(v, out);
    } else if constexpr (std::is_same_v<T, bool>) {
      out->Put<uint8_t>(v ? 1 : 0);
    } else {
      out->Put<T>(v);
    }
  }
}

void PutArray(const GgufArray& array, ByteBuffer* out) {
  out->Put<uint32_t>(uint32_t(array.type()));
  out->Put<uint64_t>(array.size());
  switch (array.type()) {
    case GgufType::kUint8: PutElements(*array.As<uint8_t>(), out); break;
    case GgufType::kInt8: PutElements(*array.As<int8_t>(), out); break;
    case GgufType::kUint16: PutElements(*array.As<uint16_t>(), out); break;
    case GgufType::kInt16: PutElements(*array.As<int16_t>(), out); break;
    case GgufType::kUint32: PutElements(*array.As<uint32_t>(), out); break;
    case GgufType::kInt32: PutElements(*array.As<int32_t>(), out); break;
    case GgufType::kFloat32: PutElements(*array.As<float>(), out); break;
    case GgufType::kBool: PutElements(*array.As<bool>(), out); break;
    case GgufType::kString: PutElements(*array.As<std::string>(), out); break;
    case GgufType::kArray: PutElements(*array.As<GgufArray>(), out); break;
    case GgufType::kUint64: PutElements(*array.As<uint64_t>(), out); break;
    case GgufType::kInt64: PutElements(*array.As<int64_t>(), out); break;
    case GgufType::kFloat64: PutElements(*array.As<double>(), out); break;
  }
}

void PutValue(const GgufValue& value, ByteBuffer* out) {
  out->Put<uint32_t>(uint32_t(value.type()));
  switch (value.type()) {
    case GgufType::kUint8: out->Put(*value.As<uint8_t>()); break;
    case GgufType::kInt8: out->Put(*value.As<int8_t>()); break;
    case GgufType::kUint16: out->Put(*value.As<uint16_t>()); break;
    case GgufType::kInt16: out->Put(*value.As<int16_t>()); break;
    case GgufType::kUint32: out->Put(*value.As<uint32_t>()); break;
    case GgufType::kInt32: out->Put(*value.As<int32_t>()); break;
    case GgufType::kFloat32: out->Put(*value.As<float>()); break;
    case GgufType::kBool: out->Put<uint8_t>(*value.As<bool>() ? 1 : 0); break;
    case GgufType::kString: out->PutString(*value.AsString()); break;
    case GgufType::kArray: PutArray(*value.AsArray(), out); break;
    case GgufType::kUint64: out->Put(*value.As<uint64_t>()); break;
    case GgufType::kInt64: out->Put(*value.As<int64_t>()); break;
    case GgufType::kFloat64: out->Put(*value.As<double>()); break;
  }
}

}  // namespace

Status GgufWriter::SetAlignment(uint32_t alignment) {
  if (alignment == 0 || (alignment & (alignment - 1)) != 0) {
    return InvalidArgument("GGUF alignment " + std::to_string(alignment) +
                           " is not a power of two");
  }
  if (!tensors_.empty()) return InvalidArgument("set the GGUF alignment before adding tensors");
  alignment_ = alignment;
  SetUint32(std::string(kGgufAlignmentKey), alignment);
  return Status::Ok();
}

Status GgufWriter::CheckTensor(const std::string& name, DType type,
                               const std::vector<int64_t>& shape, uint64_t* size_bytes) const {
  const std::string what = "tensor '" + name + "'";
  if (name.empty()) return InvalidArgument("a tensor needs a name");
  for (const Tensor& t : tensors_) {
    if (t.name == name) return InvalidArgument(what + " was already added");
  }
  if (shape.empty() || shape.size() > kGgufMaxDims) {
    return InvalidArgument(what + " has " + std::to_string(shape.size()) +
                           " dimensions (expected 1 to 4)");
  }
  int64_t elements = 1;
  for (int64_t d : shape) {
    if (d < 1) return InvalidArgument(what + " has a dimension " + std::to_string(d) + " < 1");
    if (__builtin_mul_overflow(elements, d, &elements)) {
      return InvalidArgument(what + " has more than 2^63 elements");
    }
  }
  if (!DTypeFromId(uint32_t(type)).has_value()) {
    return InvalidArgument(what + " has an unsupported type id " + std::to_string(uint32_t(type)));
  }
  const DTypeTraits& traits = Traits(type);
  if (shape[0] % traits.block_elems != 0) {
    return InvalidArgument(what + " has rows of " + std::to_string(shape[0]) +
                           " elements, not a multiple of the " + std::string(traits.name) +
                           " block size " + std::to_string(traits.block_elems));
  }
  *size_bytes = uint64_t(elements / traits.block_elems) * traits.block_bytes;
  return Status::Ok();
}

void GgufWriter::Append(Tensor tensor) {
  tensor.offset = AlignUp(data_end_, alignment_);
  tensor.row_bytes = RowBytes(tensor.type, tensor.shape[0]);
  tensor.rows = int64_t(tensor.size_bytes / tensor.row_bytes);
  data_end_ = AlignUp(tensor.offset + tensor.size_bytes, alignment_);
  tensors_.push_back(std::move(tensor));
}

Status GgufWriter::AddTensor(std::string name, DType type, std::vector<int64_t> shape,
                             std::vector<uint8_t> data) {
  uint64_t size_bytes = 0;
  HEARTH_RETURN_IF_ERROR(CheckTensor(name, type, shape, &size_bytes));
  if (data.size() != size_bytes) {
    return InvalidArgument("tensor '" + name + "' needs " + std::to_string(size_bytes) +
                           " bytes of data, got " + std::to_string(data.size()));
  }
  Append(Tensor{std::move(name), type, std::move(shape), 0, size_bytes, 0, 0, std::move(data),
                nullptr});
  return Status::Ok();
}

Status GgufWriter::AddTensor(std::string name, DType type, std::vector<int64_t> shape,
                             RowFill fill) {
  uint64_t size_bytes = 0;
  HEARTH_RETURN_IF_ERROR(CheckTensor(name, type, shape, &size_bytes));
  if (!fill) return InvalidArgument("tensor '" + name + "' has no data and no fill function");
  Append(Tensor{std::move(name), type, std::move(shape), 0, size_bytes, 0, 0, {}, std::move(fill)});
  return Status::Ok();
}

Status GgufWriter::AddF32Tensor(std::string name, std::vector<int64_t> shape,
                                std::span<const float> values) {
  std::vector<uint8_t> data(values.size() * sizeof(float));
  if (!data.empty()) std::memcpy(data.data(), values.data(), data.size());
  return AddTensor(std::move(name), DType::kF32, std::move(shape), std::move(data));
}

Result<std::vector<uint8_t>> GgufWriter::SerializeHeader() const {
  if (const GgufValue* a = metadata_.Find(kGgufAlignmentKey); a != nullptr) {
    const uint32_t* value = a->As<uint32_t>();
    if (value == nullptr || *value != alignment_) {
      return InvalidArgument("metadata general.alignment = " + a->ToDisplayString() +
                             " differs from the writer's alignment " + std::to_string(alignment_) +
                             "; use SetAlignment()");
    }
  }
  ByteBuffer out;
  out.Put<uint32_t>(kGgufMagic);
  out.Put<uint32_t>(3);
  out.Put<uint64_t>(tensors_.size());
  out.Put<uint64_t>(metadata_.size());
  for (const GgufKeyValue& kv : metadata_.entries()) {
    out.PutString(kv.key);
    PutValue(kv.value, &out);
  }
  for (const Tensor& t : tensors_) {
    out.PutString(t.name);
    out.Put<uint32_t>(uint32_t(t.shape.size()));
    for (int64_t d : t.shape) out.Put<uint64_t>(uint64_t(d));
    out.Put<uint32_t>(uint32_t(t.type));
    out.Put<uint64_t>(t.offset);
  }
  // The data section starts aligned. A file without tensors has no data section, so no
  // padding (which matters for a huge general.alignment: 2^31 would mean 2 GB of zeros).
  if (!tensors_.empty()) out.bytes.resize(AlignUp(out.bytes.size(), alignment_), 0);
  return std::move(out.bytes);
}

uint64_t GgufWriter::FileSize() const {
  Result<std::vector<uint8_t>> header = SerializeHeader();
  return header.ok() ? header->size() + data_end_ : 0;
}

Status GgufWriter::WriteData(const Sink& sink, size_t chunk_bytes) const {
  static const std::vector<uint8_t> kZeros(4096, 0);
  std::vector<uint8_t> chunk;
  uint64_t pos = 0;
  for (const Tensor& t : tensors_) {
    for (uint64_t pad = t.offset - pos; pad > 0;) {
      const uint64_t n = std::min<uint64_t>(pad, kZeros.size());
      HEARTH_RETURN_IF_ERROR(sink({kZeros.data(), size_t(n)}));
      pad -= n;
    }
    if (!t.fill) {
      HEARTH_RETURN_IF_ERROR(sink(t.data));
    } else {
      const int64_t rows_per_chunk = std::max<int64_t>(1, int64_t(chunk_bytes / t.row_bytes));
      for (int64_t row = 0; row < t.rows; row += rows_per_chunk) {
        const int64_t n = std::min(rows_per_chunk, t.rows - row);
        chunk.resize(size_t(n) * t.row_bytes);
        t.fill(row, n, chunk);
        HEARTH_RETURN_IF_ERROR(sink(chunk));
      }
    }
    pos = t.offset + t.size_bytes;
  }
  for (uint64_t pad = data_end_ - pos; pad > 0;) {
    const uint64_t n = std::min<uint64_t>(pad, kZeros.size());
    HEARTH_RETURN_IF_ERROR(sink({kZeros.data(), size_t(n)}));
    pad -= n;
  }
  return Status::Ok();
}

Result<std::vector<uint8_t>> GgufWriter::WriteToBytes() const {
  HEARTH_ASSIGN_OR_RETURN(std::vector<uint8_t> out, SerializeHeader());
  out.reserve(out.size() + data_end_);
  HEARTH_RETURN_IF_ERROR(WriteData(
      [&out](std::span<const uint8_t> b) {
        out.insert(out.end(), b.begin(), b.end());
        return Status::Ok();
      },
      size_t{1} << 20));
  return out;
}

Status GgufWriter::WriteToFile(const std::string& path, size_t chunk_bytes) const {
  HEARTH_ASSIGN_OR_RETURN(std::vector<uint8_t> header, SerializeHeader());
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return IoError(path + ": cannot create: " + std::strerror(errno));
  auto sink = [f, &path](std::span<const uint8_t> b) -> Status {
    if (!b.empty() && std::fwrite(b.data(), 1, b.size(), f) != b.size()) {
      return IoError(path + ": write failed: " + std::strerror(errno));
    }
    return Status::Ok();
  };
  Status status = sink(header);
  if (status.ok()) status = WriteData(sink, chunk_bytes);
  if (std::fclose(f) != 0 && status.ok()) {
    status = IoError(path + ": write failed on close: " + std::strerror(errno));
  }
  if (!status.ok()) std::remove(path.c_str());
  return status;
}

}  // namespace hearth
