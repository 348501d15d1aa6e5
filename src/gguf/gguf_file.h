// GgufFile: a GGUF v2/v3 file mapped read-only, its metadata, and its tensor table with
// pointers straight into the mapping (no copies).
//
// Opening validates everything a later reader relies on, and a bad file yields a Status whose
// message names the file, the field or tensor, and the byte offset:
//   - magic, version (1 is refused: it has 32-bit counts; 2 and 3 are read), byte order;
//   - every metadata value (13 types, arrays of arrays nested at most kMaxArrayDepth deep),
//     duplicate keys, general.alignment (uint32, a power of two; default 32);
//   - every tensor: a unique non-empty name, 1..4 dimensions each in [1, 2^63), an element
//     count and byte size without overflow, a type Hearth supports, a row length (shape[0])
//     that is a multiple of the type's block size, a data offset aligned to general.alignment,
//     and data that lies inside the file.
// Counts read from the file are checked against the bytes left before anything is allocated,
// so a hostile file cannot make the reader allocate much more than its own size.
//
// Thread-safety: immutable after Open/Parse; share freely between threads for reading.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/mapped_file.h"
#include "base/status.h"
#include "gguf/gguf_metadata.h"
#include "gguf/gguf_value.h"
#include "tensor/dtype.h"

namespace hearth {

inline constexpr uint32_t kGgufMagic = 0x46554747;  // "GGUF" read as a little-endian uint32
inline constexpr uint32_t kGgufDefaultAlignment = 32;
inline constexpr uint32_t kGgufMaxDims = 4;
inline constexpr int kGgufMaxArrayDepth = 8;  // an array of arrays of ... at most this deep
inline constexpr std::string_view kGgufAlignmentKey = "general.alignment";

struct GgufTensorInfo {
  std::string name;
  DType type;
  std::vector<int64_t> shape;  // shape[0] = row length (ggml ne[0]); 1..4 dims, each >= 1
  uint64_t offset;             // relative to the data section; a multiple of the alignment
  const uint8_t* data;         // into the file's bytes: file.data_offset() + offset
  uint64_t size_bytes;         // exact bytes of the tensor's data
  uint64_t info_offset = 0;    // byte offset of this tensor's info record in the file

  int64_t num_elements() const;
  int64_t row_length() const { return shape[0]; }
  int64_t num_rows() const { return num_elements() / shape[0]; }
};

class GgufFile {
 public:
  // Maps and validates `path`. A first part of a split model (metadata split.count > 1, named
  // "<prefix>-00001-of-0000N.gguf" as llama.cpp's gguf-split writes them) brings its sibling
  // parts along, as OpenSplit does. Errors name the path.
  static Result<GgufFile> Open(const std::string& path);
  // A model split over several files: `paths` in part order (split.no 0, 1, ...). The result
  // reads as one file: the first part's metadata, every part's tensors (data pointing into
  // each part's mapping). Errors name the part: a count that is not split.count, a part out
  // of order, a tensor in two parts, split.tensors.count not matching.
  static Result<GgufFile> OpenSplit(const std::vector<std::string>& paths);
  // Parses and validates a GGUF image in memory. `bytes` is borrowed: it must outlive the
  // result (tensor data points into it). `name` stands for the file in error messages.
  static Result<GgufFile> Parse(std::span<const uint8_t> bytes, std::string name = "<memory>");

  GgufFile(GgufFile&&) noexcept = default;
  GgufFile& operator=(GgufFile&&) noexcept = default;
  GgufFile(const GgufFile&) = delete;
  GgufFile& operator=(const GgufFile&) = delete;

  const std::string& path() const { return path_; }  // or the name given to Parse
  uint32_t version() const { return version_; }
  uint32_t alignment() const { return alignment_; }
  // File offset of the data section (end of the header, rounded up to the alignment). In a
  // file without tensors this may equal or exceed file_size().
  uint64_t data_offset() const { return data_offset_; }
  uint64_t file_size() const { return bytes_.size(); }
  std::span<const uint8_t> bytes() const { return bytes_; }

  const GgufMetadata& metadata() const { return metadata_; }
  const GgufValue* FindValue(std::string_view key) const { return metadata_.Find(key); }

  const std::vector<GgufTensorInfo>& tensors() const { return tensors_; }  // in file order
  const GgufTensorInfo* FindTensor(std::string_view name) const;
  // Sum of size_bytes over all tensors.
  uint64_t tensor_bytes() const;
  // The files of a split model after the first (empty for a single file).
  const std::vector<std::string>& more_part_paths() const { return more_part_paths_; }

 private:
  friend class GgufParser;
  GgufFile() = default;
  static Result<GgufFile> OpenOnePart(const std::string& path);  // no split handling

  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  MappedFile mapping_;  // empty for Parse()
  std::span<const uint8_t> bytes_;
  std::string path_;
  uint32_t version_ = 0;
  uint32_t alignment_ = kGgufDefaultAlignment;
  uint64_t data_offset_ = 0;
  GgufMetadata metadata_;
  std::vector<GgufTensorInfo> tensors_;
  std::unordered_map<std::string, size_t, StringHash, std::equal_to<>> tensor_index_;
  std::vector<MappedFile> more_parts_;  // a split model's other parts (tensors point into them)
  std::vector<std::string> more_part_paths_;
};

// "<prefix>-00001-of-00003.gguf" -> the paths of parts 1..3; empty when `path` is not named
// like a first part.
std::vector<std::string> SplitPartPaths(const std::string& path);

}  // namespace hearth
