// Writes a seed corpus for gguf_fuzzer into a folder, at run time (no binaries in git):
//   gguf_fuzzer_seeds OUT_DIR [MODEL.gguf ...]
// Built-in seeds cover every metadata type, nested arrays, every tensor type and a custom
// alignment. Each model given is shrunk to a few KB: its real metadata keys with arrays cut to
// a few elements, and its first tensors (real names and types) cut to one block each.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"

namespace hearth {
namespace {

constexpr size_t kMaxArrayItems = 6;
constexpr size_t kMaxTensors = 12;

GgufArray ShrinkArray(const GgufArray& a) {
  GgufArray out;
  auto cut = [&](const auto* v) {
    if (v == nullptr) return;
    using T = typename std::decay_t<decltype(*v)>::value_type;
    std::vector<T> head;
    for (size_t i = 0; i < v->size() && i < kMaxArrayItems; ++i) {
      if constexpr (std::is_same_v<T, GgufArray>) {
        head.push_back(ShrinkArray((*v)[i]));
      } else {
        head.push_back(T((*v)[i]));
      }
    }
    out = GgufArray(std::move(head));
  };
  cut(a.As<uint8_t>());  // exactly one of these matches the element type
  cut(a.As<int8_t>());
  cut(a.As<uint16_t>());
  cut(a.As<int16_t>());
  cut(a.As<uint32_t>());
  cut(a.As<int32_t>());
  cut(a.As<float>());
  cut(a.As<bool>());
  cut(a.As<std::string>());
  cut(a.As<GgufArray>());
  cut(a.As<uint64_t>());
  cut(a.As<int64_t>());
  cut(a.As<double>());
  return out;
}

Status WriteSeed(const GgufWriter& w, const std::string& path) { return w.WriteToFile(path); }

Status ShrinkModel(const std::string& model, const std::string& out) {
  HEARTH_ASSIGN_OR_RETURN(GgufFile file, GgufFile::Open(model));
  GgufWriter w;
  if (file.alignment() != kGgufDefaultAlignment) {
    HEARTH_RETURN_IF_ERROR(w.SetAlignment(file.alignment()));
  }
  for (const GgufKeyValue& kv : file.metadata().entries()) {
    if (kv.key == kGgufAlignmentKey) continue;
    const GgufArray* a = kv.value.AsArray();
    w.Set(kv.key, a == nullptr ? kv.value : GgufValue(ShrinkArray(*a)));
  }
  for (size_t i = 0; i < file.tensors().size() && i < kMaxTensors; ++i) {
    const GgufTensorInfo& t = file.tensors()[i];
    const DTypeTraits& traits = Traits(t.type);
    std::vector<int64_t> shape = {traits.block_elems};
    for (size_t d = 1; d < t.shape.size(); ++d) shape.push_back(1);
    std::vector<uint8_t> data(t.data, t.data + traits.block_bytes);
    HEARTH_RETURN_IF_ERROR(w.AddTensor(t.name, t.type, shape, std::move(data)));
  }
  return WriteSeed(w, out);
}

Status BuiltInSeeds(const std::string& dir) {
  GgufWriter all;
  all.SetString("general.architecture", "llama");
  all.Set("u8", GgufValue(uint8_t{1}));
  all.Set("i8", GgufValue(int8_t{-1}));
  all.Set("u16", GgufValue(uint16_t{2}));
  all.Set("i16", GgufValue(int16_t{-2}));
  all.Set("u32", GgufValue(uint32_t{3}));
  all.Set("i32", GgufValue(int32_t{-3}));
  all.Set("f32", GgufValue(0.5f));
  all.Set("bool", GgufValue(true));
  all.Set("u64", GgufValue(uint64_t{4}));
  all.Set("i64", GgufValue(int64_t{-4}));
  all.Set("f64", GgufValue(0.25));
  all.SetArray("arr.str", std::vector<std::string>{"a", "bc"});
  all.SetArray("arr.nested", std::vector<GgufArray>{GgufArray(std::vector<std::string>{"x"}),
                                                    GgufArray(std::vector<int32_t>{1, 2})});
  all.SetArray("arr.bool", std::vector<bool>{true, false});
  HEARTH_RETURN_IF_ERROR(WriteSeed(all, dir + "/metadata.gguf"));

  GgufWriter tensors;
  tensors.SetUint32("llama.block_count", 1);
  for (const DTypeTraits& t : AllDTypes()) {
    std::vector<uint8_t> data(t.block_bytes, 0x11);
    HEARTH_RETURN_IF_ERROR(
        tensors.AddTensor("t." + std::string(t.name), t.type, {t.block_elems, 1}, std::move(data)));
  }
  HEARTH_RETURN_IF_ERROR(WriteSeed(tensors, dir + "/every_type.gguf"));

  GgufWriter aligned;
  HEARTH_RETURN_IF_ERROR(aligned.SetAlignment(64));
  HEARTH_RETURN_IF_ERROR(aligned.AddTensor("x", DType::kF32, {3}, std::vector<uint8_t>(12)));
  HEARTH_RETURN_IF_ERROR(aligned.AddTensor("y", DType::kF16, {2, 2}, std::vector<uint8_t>(8)));
  HEARTH_RETURN_IF_ERROR(WriteSeed(aligned, dir + "/aligned64.gguf"));
  return WriteSeed(GgufWriter(), dir + "/empty.gguf");
}

}  // namespace
}  // namespace hearth

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR [MODEL.gguf ...]\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  std::filesystem::create_directories(dir);
  hearth::Status status = hearth::BuiltInSeeds(dir);
  for (int i = 2; status.ok() && i < argc; ++i) {
    const std::string out = dir + "/" + std::filesystem::path(argv[i]).stem().string() + ".gguf";
    status = hearth::ShrinkModel(argv[i], out);
  }
  if (!status.ok()) {
    std::fprintf(stderr, "gguf_fuzzer_seeds: %s\n", status.message().c_str());
    return 1;
  }
  return 0;
}
