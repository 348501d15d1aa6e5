#include "gguf/gguf_file.h"

#include <utility>

#include "gguf/gguf_parser.h"

namespace hearth {

int64_t GgufTensorInfo::num_elements() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;  // the reader has checked that this does not overflow
  return n;
}

Result<GgufFile> GgufFile::Open(const std::string& path) {
  HEARTH_ASSIGN_OR_RETURN(MappedFile mapping, MappedFile::Open(path));
  GgufFile file;
  file.mapping_ = std::move(mapping);
  file.bytes_ = file.mapping_.bytes();
  file.path_ = path;
  HEARTH_RETURN_IF_ERROR(GgufParser::Run(&file));
  return file;
}

Result<GgufFile> GgufFile::Parse(std::span<const uint8_t> bytes, std::string name) {
  GgufFile file;
  file.bytes_ = bytes;
  file.path_ = std::move(name);
  HEARTH_RETURN_IF_ERROR(GgufParser::Run(&file));
  return file;
}

const GgufTensorInfo* GgufFile::FindTensor(std::string_view name) const {
  auto it = tensor_index_.find(name);
  return it == tensor_index_.end() ? nullptr : &tensors_[it->second];
}

uint64_t GgufFile::tensor_bytes() const {
  uint64_t total = 0;
  for (const GgufTensorInfo& t : tensors_) total += t.size_bytes;
  return total;
}

}  // namespace hearth
