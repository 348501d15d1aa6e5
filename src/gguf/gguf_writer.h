// GgufWriter: builds a GGUF v3 file (metadata in insertion order, tensors in insertion order,
// each tensor's data aligned to the alignment, 32 by default, and padded to it). A file without
// tensors ends right after its metadata, without padding.
//
// Tensor data is either given as bytes, or produced at write time by a RowFill callback in
// chunks of whole rows, so a multi-gigabyte model is streamed to disk without ever being held
// in memory. Tests use the writer to build edge-case files; the bench uses it to write
// realistic-size random-weight models.
//
// Not thread-safe; RowFill callbacks run on the calling thread, in file order.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "base/status.h"
#include "gguf/gguf_metadata.h"
#include "gguf/gguf_value.h"
#include "tensor/dtype.h"

namespace hearth {

class GgufWriter {
 public:
  // Writes rows [first_row, first_row + n_rows) of a tensor into `dst`, which holds exactly
  // n_rows rows (row = shape[0] elements of the tensor's type, RowBytes() bytes each).
  using RowFill = std::function<void(int64_t first_row, int64_t n_rows, std::span<uint8_t> dst)>;

  GgufWriter() = default;

  // Metadata. Set() adds a key or replaces its value; keys are written in first-set order.
  GgufMetadata& metadata() { return metadata_; }
  const GgufMetadata& metadata() const { return metadata_; }
  void Set(std::string key, GgufValue value) { metadata_.Set(std::move(key), std::move(value)); }
  void SetString(std::string key, std::string_view v) { Set(std::move(key), GgufValue(v)); }
  void SetUint32(std::string key, uint32_t v) { Set(std::move(key), GgufValue(v)); }
  void SetInt32(std::string key, int32_t v) { Set(std::move(key), GgufValue(v)); }
  void SetUint64(std::string key, uint64_t v) { Set(std::move(key), GgufValue(v)); }
  void SetFloat32(std::string key, float v) { Set(std::move(key), GgufValue(v)); }
  void SetBool(std::string key, bool v) { Set(std::move(key), GgufValue(v)); }
  template <GgufElement T>
  void SetArray(std::string key, std::vector<T> values) {
    Set(std::move(key), GgufValue(GgufArray(std::move(values))));
  }

  // Sets the data alignment (a power of two) and writes it as general.alignment (uint32).
  // Call before adding tensors.
  Status SetAlignment(uint32_t alignment);
  uint32_t alignment() const { return alignment_; }

  // Adds a tensor. shape[0] is the row length (a multiple of the type's block size); 1..4
  // dimensions, each >= 1; names unique and non-empty. `data` must hold exactly the tensor's
  // bytes. Errors are InvalidArgument naming the tensor.
  Status AddTensor(std::string name, DType type, std::vector<int64_t> shape,
                   std::vector<uint8_t> data);
  Status AddTensor(std::string name, DType type, std::vector<int64_t> shape, RowFill fill);
  // Convenience for tests: an F32 tensor from floats (values.size() == element count).
  Status AddF32Tensor(std::string name, std::vector<int64_t> shape, std::span<const float> values);

  size_t tensor_count() const { return tensors_.size(); }
  // Size of the data section and of the whole file that Write* will produce.
  uint64_t data_size() const { return data_end_; }
  uint64_t FileSize() const;

  // The whole file in memory (for tests and small files).
  Result<std::vector<uint8_t>> WriteToBytes() const;
  // Streams the file to `path` (replacing it), `chunk_bytes` of tensor data at a time.
  // On failure the partial file is removed. Errors name the path.
  Status WriteToFile(const std::string& path, size_t chunk_bytes = size_t{8} << 20) const;

 private:
  struct Tensor {
    std::string name;
    DType type;
    std::vector<int64_t> shape;
    uint64_t offset;  // in the data section
    uint64_t size_bytes;
    uint64_t row_bytes;
    int64_t rows;
    std::vector<uint8_t> data;  // empty when `fill` is set
    RowFill fill;
  };
  using Sink = std::function<Status(std::span<const uint8_t>)>;

  Status CheckTensor(const std::string& name, DType type, const std::vector<int64_t>& shape,
                     uint64_t* size_bytes) const;
  void Append(Tensor tensor);
  Result<std::vector<uint8_t>> SerializeHeader() const;  // padded up to the data section
  Status WriteData(const Sink& sink, size_t chunk_bytes) const;

  GgufMetadata metadata_;
  uint32_t alignment_ = 32;
  std::vector<Tensor> tensors_;
  uint64_t data_end_ = 0;  // end of the last tensor's data in the data section
};

}  // namespace hearth
