// The GGUF header, byte by byte (all little-endian):
//   magic "GGUF" | version u32 | tensor_count u64 | kv_count u64
//   kv_count x  { key: string | value_type u32 | value }
//   tensor_count x { name: string | n_dims u32 | dims u64[n_dims] | type u32 | offset u64 }
//   zero padding to general.alignment, then the data section.
// string = length u64 + bytes (no terminator); array = element_type u32 + count u64 + elements.
// Version 1 used u32 for the counts, string lengths and dims; it is refused, not read.
#include "gguf/gguf_parser.h"

#include <bit>
#include <cstring>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "gguf/gguf_file.h"

namespace hearth {
namespace {

static_assert(std::endian::native == std::endian::little,
              "the GGUF reader copies little-endian values straight from the file");

constexpr uint64_t kMinKeyValueBytes = 8 + 4 + 1;  // key length, type, 1-byte value
constexpr uint64_t kMinTensorInfoBytes =
    8 + 4 + 8 + 4 + 8;  // name len, n_dims, 1 dim, type, offset
constexpr uint64_t kMinStringBytes = 8;
constexpr uint64_t kMinArrayBytes = 4 + 8;

std::string Quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
    if (out.size() > 200) {
      out += "...";
      break;
    }
  }
  out += "'";
  return out;
}

std::string ShapeString(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

class Parser {
 public:
  Parser(std::span<const uint8_t> bytes, const std::string& source)
      : metadata(source), bytes_(bytes), source_(source) {}

  Status Run();

  // The results, complete once Run() returns OK.

  uint32_t version = 0;
  uint32_t alignment = kGgufDefaultAlignment;
  uint64_t data_offset = 0;
  GgufMetadata metadata;
  std::vector<GgufTensorInfo> tensors;

 private:
  Status ParseHeader(uint64_t* n_tensors, uint64_t* n_kv);
  Status ParseKeyValue(uint64_t index);
  Status ParseValue(GgufType type, int depth, const std::string& key, GgufValue* out);
  Status ParseArray(int depth, const std::string& key, GgufArray* out);
  // Reads `count` elements (already checked to fit in the bytes left).
  Status ParseArrayElements(GgufType type, uint64_t count, int depth, const std::string& key,
                            GgufArray* out);
  template <typename T>
  GgufArray ReadFixedArray(uint64_t count);
  Status ParseAlignment();
  Status ParseTensorInfo(uint64_t index, std::unordered_map<std::string_view, uint64_t>* seen);
  Status ParseShape(const std::string& name, GgufTensorInfo* info);
  Status ParseTensorType(const std::string& name, GgufTensorInfo* info);
  Status ValidateTensorData(const GgufTensorInfo& t) const;

  uint64_t size() const { return bytes_.size(); }
  uint64_t remaining() const { return size() - pos_; }
  template <typename T>
  T Take() {  // the caller has checked remaining() >= sizeof(T)
    T v;
    std::memcpy(&v, bytes_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  // Reads a T, or fails naming `what` (only built on failure).
  template <typename T, typename Describe>
  Status Read(T* out, Describe&& what) {
    if (remaining() < sizeof(T)) return Truncated(sizeof(T), what());
    *out = Take<T>();
    return Status::Ok();
  }
  template <typename Describe>
  Status ReadString(std::string* out, Describe&& what);

  Status Truncated(uint64_t need, const std::string& what) const {
    return Fail(StatusCode::kDataLoss, "truncated header: " + what + " needs " +
                                           std::to_string(need) + " bytes at byte offset " +
                                           std::to_string(pos_) + ", but the file ends at byte " +
                                           std::to_string(size()));
  }
  Status Fail(StatusCode code, const std::string& message) const {
    return Status(code, source_ + ": " + message);
  }

  std::span<const uint8_t> bytes_;
  const std::string& source_;
  uint64_t pos_ = 0;
  std::vector<uint64_t> kv_offsets_;  // file offset of each metadata entry
};

template <typename Describe>
Status Parser::ReadString(std::string* out, Describe&& what) {
  if (remaining() < 8) return Truncated(8, "the length of " + what());
  const uint64_t len = Take<uint64_t>();
  if (len > remaining()) {
    pos_ -= 8;
    return Fail(StatusCode::kDataLoss,
                "truncated header: " + what() + " at byte offset " + std::to_string(pos_) +
                    " has length " + std::to_string(len) + ", but only " +
                    std::to_string(remaining() - 8) + " bytes follow before the end of the file");
  }
  out->assign(reinterpret_cast<const char*>(bytes_.data() + pos_), size_t(len));
  pos_ += len;
  return Status::Ok();
}

Status Parser::Run() {
  uint64_t n_tensors = 0, n_kv = 0;
  HEARTH_RETURN_IF_ERROR(ParseHeader(&n_tensors, &n_kv));
  kv_offsets_.reserve(size_t(n_kv));
  for (uint64_t i = 0; i < n_kv; ++i) HEARTH_RETURN_IF_ERROR(ParseKeyValue(i));
  HEARTH_RETURN_IF_ERROR(ParseAlignment());

  tensors.reserve(size_t(n_tensors));
  // Name -> info offset. The keys view the names in `tensors`, which reserve() keeps in place.
  std::unordered_map<std::string_view, uint64_t> seen;
  for (uint64_t i = 0; i < n_tensors; ++i) HEARTH_RETURN_IF_ERROR(ParseTensorInfo(i, &seen));

  data_offset = (pos_ + alignment - 1) / alignment * alignment;  // pos_ <= size < 2^63
  for (GgufTensorInfo& t : tensors) {
    HEARTH_RETURN_IF_ERROR(ValidateTensorData(t));
    t.data = bytes_.data() + data_offset + t.offset;
  }
  return Status::Ok();
}

Status Parser::ParseHeader(uint64_t* n_tensors, uint64_t* n_kv) {
  if (size() < 4) {
    return Fail(StatusCode::kDataLoss, "not a GGUF file: it has " + std::to_string(size()) +
                                           " bytes, too short for the 4-byte magic at byte "
                                           "offset 0");
  }
  const uint32_t magic = Take<uint32_t>();
  if (magic != kGgufMagic) {
    const std::string seen(reinterpret_cast<const char*>(bytes_.data()), 4);
    return Fail(StatusCode::kInvalidArgument, "not a GGUF file: bad magic " + Quote(seen) +
                                                  " at byte offset 0 (expected 'GGUF')");
  }
  HEARTH_RETURN_IF_ERROR(Read(&version, [] { return std::string("the version"); }));
  if (version == 1) {
    return Fail(StatusCode::kUnimplemented,
                "unsupported GGUF version 1 at byte offset 4: Hearth reads versions 2 and 3; "
                "convert the model again with a current llama.cpp");
  }
  if (version != 2 && version != 3) {
    const bool swapped = version > 0xFFFF && (version & 0xFFFF) == 0;
    return Fail(StatusCode::kUnimplemented,
                "unsupported GGUF version " + std::to_string(version) + " at byte offset 4" +
                    (swapped ? " (this looks like a big-endian file; Hearth reads little-endian "
                               "GGUF only)"
                             : ": Hearth reads versions 2 and 3"));
  }
  const uint64_t counts_offset = pos_;
  HEARTH_RETURN_IF_ERROR(Read(n_tensors, [] { return std::string("the tensor count"); }));
  HEARTH_RETURN_IF_ERROR(Read(n_kv, [] { return std::string("the metadata count"); }));
  if (*n_kv > remaining() / kMinKeyValueBytes) {
    return Fail(StatusCode::kDataLoss, "truncated header: metadata count " + std::to_string(*n_kv) +
                                           " at byte offset " + std::to_string(counts_offset + 8) +
                                           " cannot fit in the " + std::to_string(remaining()) +
                                           " bytes that follow");
  }
  if (*n_tensors > remaining() / kMinTensorInfoBytes) {
    return Fail(StatusCode::kDataLoss, "truncated header: tensor count " +
                                           std::to_string(*n_tensors) + " at byte offset " +
                                           std::to_string(counts_offset) + " cannot fit in the " +
                                           std::to_string(remaining()) + " bytes that follow");
  }
  return Status::Ok();
}

Status Parser::ParseKeyValue(uint64_t index) {
  const uint64_t kv_offset = pos_;
  kv_offsets_.push_back(kv_offset);
  std::string key;
  HEARTH_RETURN_IF_ERROR(
      ReadString(&key, [&] { return "the key of metadata entry #" + std::to_string(index); }));
  if (key.empty()) {
    return Fail(StatusCode::kDataLoss, "metadata entry #" + std::to_string(index) +
                                           " at byte offset " + std::to_string(kv_offset) +
                                           " has an empty key");
  }
  uint32_t type_id = 0;
  const uint64_t type_offset = pos_;
  HEARTH_RETURN_IF_ERROR(
      Read(&type_id, [&] { return "the value type of metadata key " + Quote(key); }));
  const std::optional<GgufType> type = GgufTypeFromId(type_id);
  if (!type.has_value()) {
    return Fail(StatusCode::kDataLoss, "metadata key " + Quote(key) + " has unknown value type " +
                                           std::to_string(type_id) + " at byte offset " +
                                           std::to_string(type_offset));
  }
  GgufValue value;
  HEARTH_RETURN_IF_ERROR(ParseValue(*type, 0, key, &value));
  if (const GgufValue* first = metadata.Find(key); first != nullptr) {
    uint64_t first_offset = 0;
    for (size_t i = 0; i < metadata.size(); ++i) {
      if (metadata.entries()[i].key == key) first_offset = kv_offsets_[i];
    }
    return Fail(StatusCode::kDataLoss, "duplicate metadata key " + Quote(key) + " at byte offset " +
                                           std::to_string(kv_offset) + " (first at byte offset " +
                                           std::to_string(first_offset) + ")");
  }
  metadata.Insert(std::move(key), std::move(value));
  return Status::Ok();
}

Status Parser::ParseValue(GgufType type, int depth, const std::string& key, GgufValue* out) {
  auto what = [&] {
    return "the " + std::string(GgufTypeName(type)) + " value of metadata key " + Quote(key);
  };
  auto scalar = [&](auto zero) -> Status {
    decltype(zero) v{};
    HEARTH_RETURN_IF_ERROR(Read(&v, what));
    *out = GgufValue(v);
    return Status::Ok();
  };
  switch (type) {
    case GgufType::kUint8: return scalar(uint8_t{});
    case GgufType::kInt8: return scalar(int8_t{});
    case GgufType::kUint16: return scalar(uint16_t{});
    case GgufType::kInt16: return scalar(int16_t{});
    case GgufType::kUint32: return scalar(uint32_t{});
    case GgufType::kInt32: return scalar(int32_t{});
    case GgufType::kFloat32: return scalar(float{});
    case GgufType::kUint64: return scalar(uint64_t{});
    case GgufType::kInt64: return scalar(int64_t{});
    case GgufType::kFloat64: return scalar(double{});
    case GgufType::kBool: {
      uint8_t b = 0;
      HEARTH_RETURN_IF_ERROR(Read(&b, what));
      *out = GgufValue(b != 0);
      return Status::Ok();
    }
    case GgufType::kString: {
      std::string s;
      HEARTH_RETURN_IF_ERROR(ReadString(&s, what));
      *out = GgufValue(std::move(s));
      return Status::Ok();
    }
    case GgufType::kArray: {
      GgufArray array;
      HEARTH_RETURN_IF_ERROR(ParseArray(depth + 1, key, &array));
      *out = GgufValue(std::move(array));
      return Status::Ok();
    }
  }
  return Fail(StatusCode::kInternal, "unhandled GGUF type");  // unreachable: type was checked
}

template <typename T>
GgufArray Parser::ReadFixedArray(uint64_t count) {
  std::vector<T> values(static_cast<size_t>(count));
  if constexpr (std::is_same_v<T, bool>) {
    for (uint64_t i = 0; i < count; ++i) values[i] = bytes_[pos_ + i] != 0;
  } else if (count > 0) {
    std::memcpy(values.data(), bytes_.data() + pos_, size_t(count) * sizeof(T));
  }
  pos_ += count * (std::is_same_v<T, bool> ? 1 : sizeof(T));
  return GgufArray(std::move(values));
}

Status Parser::ParseArray(int depth, const std::string& key, GgufArray* out) {
  const uint64_t array_offset = pos_;
  if (depth > kGgufMaxArrayDepth) {
    return Fail(StatusCode::kOutOfRange, "metadata key " + Quote(key) + " nests arrays more than " +
                                             std::to_string(kGgufMaxArrayDepth) +
                                             " deep at byte offset " +
                                             std::to_string(array_offset));
  }
  uint32_t type_id = 0;
  uint64_t count = 0;
  auto what = [&] { return "the array header of metadata key " + Quote(key); };
  HEARTH_RETURN_IF_ERROR(Read(&type_id, what));
  HEARTH_RETURN_IF_ERROR(Read(&count, what));
  const std::optional<GgufType> type = GgufTypeFromId(type_id);
  if (!type.has_value()) {
    return Fail(StatusCode::kDataLoss,
                "metadata key " + Quote(key) + " has an array of unknown element type " +
                    std::to_string(type_id) + " at byte offset " + std::to_string(array_offset));
  }
  const uint64_t min_elem = *type == GgufType::kString  ? kMinStringBytes
                            : *type == GgufType::kArray ? kMinArrayBytes
                                                        : GgufTypeSize(*type);
  if (count > remaining() / min_elem) {
    return Fail(StatusCode::kDataLoss,
                "truncated header: metadata key " + Quote(key) + " has an array of " +
                    std::to_string(count) + " " + std::string(GgufTypeName(*type)) +
                    " elements at byte offset " + std::to_string(array_offset) +
                    ", more than the " + std::to_string(remaining()) +
                    " bytes left in the file can hold");
  }
  return ParseArrayElements(*type, count, depth, key, out);
}

Status Parser::ParseArrayElements(GgufType type, uint64_t count, int depth, const std::string& key,
                                  GgufArray* out) {
  switch (type) {
    case GgufType::kUint8: *out = ReadFixedArray<uint8_t>(count); break;
    case GgufType::kInt8: *out = ReadFixedArray<int8_t>(count); break;
    case GgufType::kUint16: *out = ReadFixedArray<uint16_t>(count); break;
    case GgufType::kInt16: *out = ReadFixedArray<int16_t>(count); break;
    case GgufType::kUint32: *out = ReadFixedArray<uint32_t>(count); break;
    case GgufType::kInt32: *out = ReadFixedArray<int32_t>(count); break;
    case GgufType::kFloat32: *out = ReadFixedArray<float>(count); break;
    case GgufType::kBool: *out = ReadFixedArray<bool>(count); break;
    case GgufType::kUint64: *out = ReadFixedArray<uint64_t>(count); break;
    case GgufType::kInt64: *out = ReadFixedArray<int64_t>(count); break;
    case GgufType::kFloat64: *out = ReadFixedArray<double>(count); break;
    case GgufType::kString: {
      std::vector<std::string> strings(static_cast<size_t>(count));
      for (uint64_t i = 0; i < count; ++i) {
        HEARTH_RETURN_IF_ERROR(ReadString(&strings[i], [&] {
          return "string element " + std::to_string(i) + " of metadata key " + Quote(key);
        }));
      }
      *out = GgufArray(std::move(strings));
      break;
    }
    case GgufType::kArray: {
      std::vector<GgufArray> arrays(static_cast<size_t>(count));
      for (uint64_t i = 0; i < count; ++i) {
        HEARTH_RETURN_IF_ERROR(ParseArray(depth + 1, key, &arrays[i]));
      }
      *out = GgufArray(std::move(arrays));
      break;
    }
  }
  return Status::Ok();
}

Status Parser::ParseAlignment() {
  for (size_t i = 0; i < metadata.size(); ++i) {
    const GgufKeyValue& kv = metadata.entries()[i];
    if (kv.key != kGgufAlignmentKey) continue;
    const std::string at = " at byte offset " + std::to_string(kv_offsets_[i]);
    const uint32_t* a = kv.value.As<uint32_t>();
    if (a == nullptr) {
      return Fail(StatusCode::kDataLoss, "metadata key 'general.alignment'" + at + " has type " +
                                             DescribeGgufType(kv.value) + ", expected uint32");
    }
    if (*a == 0 || (*a & (*a - 1)) != 0) {
      return Fail(StatusCode::kDataLoss,
                  "general.alignment " + std::to_string(*a) + at + " is not a power of two");
    }
    alignment = *a;
  }
  return Status::Ok();
}

Status Parser::ParseTensorInfo(uint64_t index,
                               std::unordered_map<std::string_view, uint64_t>* seen) {
  GgufTensorInfo info{};
  info.info_offset = pos_;
  HEARTH_RETURN_IF_ERROR(
      ReadString(&info.name, [&] { return "the name of tensor #" + std::to_string(index); }));
  const std::string& name = info.name;
  if (name.empty()) {
    return Fail(StatusCode::kDataLoss, "tensor #" + std::to_string(index) + " at byte offset " +
                                           std::to_string(info.info_offset) + " has an empty name");
  }
  HEARTH_RETURN_IF_ERROR(ParseShape(name, &info));
  HEARTH_RETURN_IF_ERROR(ParseTensorType(name, &info));
  HEARTH_RETURN_IF_ERROR(
      Read(&info.offset, [&] { return "the data offset of tensor " + Quote(name); }));
  tensors.push_back(std::move(info));
  const GgufTensorInfo& t = tensors.back();
  auto [it, inserted] = seen->emplace(t.name, t.info_offset);
  if (!inserted) {
    return Fail(StatusCode::kDataLoss, "duplicate tensor name " + Quote(t.name) +
                                           " at byte offset " + std::to_string(t.info_offset) +
                                           " (first at byte offset " + std::to_string(it->second) +
                                           ")");
  }
  return Status::Ok();
}

Status Parser::ParseShape(const std::string& name, GgufTensorInfo* info) {
  uint32_t n_dims = 0;
  const uint64_t dims_offset = pos_;
  HEARTH_RETURN_IF_ERROR(
      Read(&n_dims, [&] { return "the dimension count of tensor " + Quote(name); }));
  if (n_dims == 0 || n_dims > kGgufMaxDims) {
    return Fail(StatusCode::kDataLoss, "tensor " + Quote(name) + " has " + std::to_string(n_dims) +
                                           " dimensions at byte offset " +
                                           std::to_string(dims_offset) + " (expected 1 to 4)");
  }
  info->shape.resize(n_dims);
  int64_t elements = 1;
  for (uint32_t d = 0; d < n_dims; ++d) {
    const uint64_t dim_offset = pos_;
    uint64_t dim = 0;
    HEARTH_RETURN_IF_ERROR(
        Read(&dim, [&] { return "dimension " + std::to_string(d) + " of tensor " + Quote(name); }));
    if (dim == 0 || dim > uint64_t(std::numeric_limits<int64_t>::max())) {
      return Fail(StatusCode::kDataLoss,
                  "tensor " + Quote(name) + " has dimension " + std::to_string(d) + " = " +
                      std::to_string(dim) + " at byte offset " + std::to_string(dim_offset) +
                      (dim == 0 ? " (dimensions must be at least 1)" : " (over 2^63 - 1)"));
    }
    info->shape[d] = int64_t(dim);
    if (__builtin_mul_overflow(elements, int64_t(dim), &elements)) {
      info->shape.resize(d + 1);
      return Fail(StatusCode::kOutOfRange,
                  "tensor " + Quote(name) + " at byte offset " + std::to_string(dims_offset) +
                      " has too many elements: the dimensions " + ShapeString(info->shape) +
                      "... overflow a 64-bit count");
    }
  }
  return Status::Ok();
}

Status Parser::ParseTensorType(const std::string& name, GgufTensorInfo* info) {
  const uint64_t type_offset = pos_;
  uint32_t type_id = 0;
  HEARTH_RETURN_IF_ERROR(Read(&type_id, [&] { return "the type of tensor " + Quote(name); }));
  const std::optional<DType> type = DTypeFromId(type_id);
  const std::string at = " at byte offset " + std::to_string(type_offset);
  if (!type.has_value()) {
    const std::string_view ggml_name = GgmlTypeName(type_id);
    if (!ggml_name.empty()) {
      return Fail(StatusCode::kUnimplemented,
                  "tensor " + Quote(name) + " has type " + std::string(ggml_name) + " (id " +
                      std::to_string(type_id) + ")" + at + ", which Hearth does not support");
    }
    return Fail(StatusCode::kDataLoss,
                "tensor " + Quote(name) + " has unknown type id " + std::to_string(type_id) + at);
  }
  info->type = *type;
  const DTypeTraits& traits = Traits(*type);
  if (info->shape[0] % traits.block_elems != 0) {
    return Fail(StatusCode::kDataLoss, "tensor " + Quote(name) + " of type " +
                                           std::string(traits.name) + at + " has rows of " +
                                           std::to_string(info->shape[0]) +
                                           " elements, not a multiple of the block size " +
                                           std::to_string(traits.block_elems));
  }
  const uint64_t blocks = uint64_t(info->num_elements() / traits.block_elems);
  if (__builtin_mul_overflow(blocks, uint64_t(traits.block_bytes), &info->size_bytes)) {
    return Fail(StatusCode::kOutOfRange, "tensor " + Quote(name) + " " + ShapeString(info->shape) +
                                             " of type " + std::string(traits.name) + at +
                                             " has a byte size that overflows 64 bits");
  }
  return Status::Ok();
}

Status Parser::ValidateTensorData(const GgufTensorInfo& t) const {
  // The offset field is the last 8 bytes of the info record; its file offset is recomputed
  // from the record layout for the message.
  const uint64_t field_offset = t.info_offset + 8 + t.name.size() + 4 + 8 * t.shape.size() + 4;
  if (t.offset % alignment != 0) {
    return Fail(StatusCode::kDataLoss,
                "tensor " + Quote(t.name) + " has data offset " + std::to_string(t.offset) +
                    " at byte offset " + std::to_string(field_offset) +
                    ", not a multiple of the alignment " + std::to_string(alignment));
  }
  const unsigned __int128 begin = (unsigned __int128)data_offset + t.offset;
  const unsigned __int128 end = begin + t.size_bytes;
  if (end > size()) {
    auto u128 = [](unsigned __int128 v) {
      if (v > std::numeric_limits<uint64_t>::max()) return std::string("over 2^64");
      return std::to_string(uint64_t(v));
    };
    return Fail(StatusCode::kDataLoss, "tensor " + Quote(t.name) + " (info at byte offset " +
                                           std::to_string(t.info_offset) + ") has data at bytes [" +
                                           u128(begin) + ", " + u128(end) +
                                           ") that runs past the end of the file (" +
                                           std::to_string(size()) + " bytes)");
  }
  return Status::Ok();
}

}  // namespace

Status GgufParser::Run(GgufFile* file) {
  Parser parser(file->bytes_, file->path_);
  HEARTH_RETURN_IF_ERROR(parser.Run());
  file->version_ = parser.version;
  file->alignment_ = parser.alignment;
  file->data_offset_ = parser.data_offset;
  file->metadata_ = std::move(parser.metadata);
  file->tensors_ = std::move(parser.tensors);
  file->tensor_index_.reserve(file->tensors_.size());
  for (size_t i = 0; i < file->tensors_.size(); ++i) {
    file->tensor_index_.emplace(file->tensors_[i].name, i);
  }
  return Status::Ok();
}

}  // namespace hearth
