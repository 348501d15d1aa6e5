#include "gguf/gguf_file.h"

#include <cstdio>
#include <utility>

#include "gguf/gguf_parser.h"

namespace hearth {

int64_t GgufTensorInfo::num_elements() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;  // the reader has checked that this does not overflow
  return n;
}

namespace {

constexpr std::string_view kSplitCount = "split.count";
constexpr std::string_view kSplitNumber = "split.no";
constexpr std::string_view kSplitTensors = "split.tensors.count";

// split.count of a file; 1 when the key is absent.
Result<int64_t> SplitCount(const GgufFile& file) {
  if (!file.metadata().Contains(kSplitCount)) return int64_t{1};
  return file.metadata().GetInt(kSplitCount);
}

}  // namespace

std::vector<std::string> SplitPartPaths(const std::string& path) {
  // "-00001-of-NNNNN.gguf": 25 characters.
  constexpr std::string_view kFirst = "-00001-of-";
  constexpr size_t kTailLength = 10 + 5 + 5;
  if (path.size() <= kTailLength || !path.ends_with(".gguf")) return {};
  const std::string prefix = path.substr(0, path.size() - kTailLength);
  const std::string_view tail = std::string_view(path).substr(prefix.size());
  if (!tail.starts_with(kFirst)) return {};
  const std::string_view count_text = tail.substr(kFirst.size(), 5);
  int count = 0;
  for (char c : count_text) {
    if (c < '0' || c > '9') return {};
    count = count * 10 + (c - '0');
  }
  std::vector<std::string> paths;
  for (int i = 1; i <= count; ++i) {
    char part[32];
    std::snprintf(part, sizeof(part), "-%05d-of-%05d.gguf", i, count);
    paths.push_back(prefix + part);
  }
  return paths;
}

Result<GgufFile> GgufFile::OpenOnePart(const std::string& path) {
  HEARTH_ASSIGN_OR_RETURN(MappedFile mapping, MappedFile::Open(path));
  GgufFile file;
  file.mapping_ = std::move(mapping);
  file.bytes_ = file.mapping_.bytes();
  file.path_ = path;
  HEARTH_RETURN_IF_ERROR(GgufParser::Run(&file));
  return file;
}

Result<GgufFile> GgufFile::Open(const std::string& path) {
  HEARTH_ASSIGN_OR_RETURN(GgufFile file, OpenOnePart(path));
  HEARTH_ASSIGN_OR_RETURN(const int64_t count, SplitCount(file));
  if (count <= 1) return file;
  const std::vector<std::string> paths = SplitPartPaths(path);
  if (static_cast<int64_t>(paths.size()) != count) {
    return InvalidArgument(path + ": part of a model split in " + std::to_string(count) +
                           " files, but not named like its first part "
                           "(<name>-00001-of-" + std::to_string(count) + ".gguf)");
  }
  return OpenSplit(paths);
}

Result<GgufFile> GgufFile::OpenSplit(const std::vector<std::string>& paths) {
  HEARTH_CHECK(!paths.empty());
  HEARTH_ASSIGN_OR_RETURN(GgufFile file, OpenOnePart(paths[0]));
  HEARTH_ASSIGN_OR_RETURN(const int64_t count, SplitCount(file));
  if (count != static_cast<int64_t>(paths.size())) {
    return DataLoss(paths[0] + ": split.count is " + std::to_string(count) + " but " +
                    std::to_string(paths.size()) + " part(s) were given");
  }
  for (size_t i = 1; i < paths.size(); ++i) {
    HEARTH_ASSIGN_OR_RETURN(GgufFile part, OpenOnePart(paths[i]));
    HEARTH_ASSIGN_OR_RETURN(const int64_t number, part.metadata().GetInt(kSplitNumber));
    if (number != static_cast<int64_t>(i)) {
      return DataLoss(paths[i] + ": split.no is " + std::to_string(number) + ", expected " +
                      std::to_string(i) + " (parts out of order?)");
    }
    for (GgufTensorInfo& tensor : part.tensors_) {
      if (file.tensor_index_.count(tensor.name) != 0) {
        return DataLoss(paths[i] + ": tensor '" + tensor.name + "' is also in an earlier part");
      }
      file.tensor_index_.emplace(tensor.name, file.tensors_.size());
      file.tensors_.push_back(std::move(tensor));
    }
    file.more_parts_.push_back(std::move(part.mapping_));  // the tensors' bytes stay mapped
    file.more_part_paths_.push_back(paths[i]);
  }
  if (file.metadata().Contains(kSplitTensors)) {
    HEARTH_ASSIGN_OR_RETURN(const int64_t expected, file.metadata().GetInt(kSplitTensors));
    if (expected != static_cast<int64_t>(file.tensors_.size())) {
      return DataLoss(paths[0] + ": split.tensors.count is " + std::to_string(expected) +
                      " but the parts hold " + std::to_string(file.tensors_.size()));
    }
  }
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
