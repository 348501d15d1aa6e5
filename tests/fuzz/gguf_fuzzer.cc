// libFuzzer target for the GGUF reader: parses arbitrary bytes, touches everything a parse
// returns, and checks that what was parsed survives a writer -> reader round trip unchanged.
// A crash, a sanitizer report, or a failed round trip (trap) is a finding.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"
#include "gguf/model_summary.h"

namespace hearth {
namespace {

void Require(bool condition) {
  if (!condition) __builtin_trap();
}

// Reads every element of a value, so the sanitizers see every byte the parser produced.
size_t Touch(const GgufValue& value) {
  size_t h = value.ToDisplayString(4, 16).size();
  h += value.ToInt().value_or(0) != 0;
  h += value.ToFloat().has_value();
  if (const GgufArray* a = value.AsArray(); a != nullptr) {
    for (size_t i = 0; i < a->size(); ++i) {
      h += a->IntAt(i).has_value() + a->FloatAt(i).has_value();
    }
    if (const auto* strings = a->strings(); strings != nullptr) {
      for (const std::string& s : *strings) h += s.size();
    }
    if (const auto* arrays = a->As<GgufArray>(); arrays != nullptr) {
      for (const GgufArray& inner : *arrays) h += Touch(GgufValue(inner));
    }
  }
  return h;
}

// Copies a parsed file into a writer (metadata in file order, tensors with their bytes).
Result<std::vector<uint8_t>> Rewrite(const GgufFile& file) {
  GgufWriter w;
  if (file.alignment() != kGgufDefaultAlignment || file.FindValue(kGgufAlignmentKey)) {
    HEARTH_RETURN_IF_ERROR(w.SetAlignment(file.alignment()));
  }
  for (const GgufKeyValue& kv : file.metadata().entries()) w.Set(kv.key, kv.value);
  for (const GgufTensorInfo& t : file.tensors()) {
    HEARTH_RETURN_IF_ERROR(
        w.AddTensor(t.name, t.type, t.shape, std::vector<uint8_t>(t.data, t.data + t.size_bytes)));
  }
  return w.WriteToBytes();
}

void CheckFile(const GgufFile& file) {
  size_t h = 0;
  for (const GgufKeyValue& kv : file.metadata().entries()) {
    h += kv.key.size() + Touch(kv.value);
    Require(file.FindValue(kv.key) == &kv.value);
  }
  for (const GgufTensorInfo& t : file.tensors()) {
    Require(file.FindTensor(t.name) == &t);
    Require(t.data + t.size_bytes <= file.bytes().data() + file.file_size());
    Require(t.size_bytes == uint64_t(t.num_rows()) * RowBytes(t.type, t.row_length()));
    if (t.size_bytes > 0) h += t.data[0] + t.data[t.size_bytes - 1];
  }
  Result<ModelSummary> summary = SummarizeModel(file);
  if (summary.ok()) {
    h += FormatCount(summary->parameter_count).size() + FormatBytes(summary->file_size).size();
  } else {
    h += summary.status().message().size();
  }
  volatile size_t sink = h;
  (void)sink;
}

void CheckRoundTrip(const GgufFile& file) {
  Result<std::vector<uint8_t>> first = Rewrite(file);
  Require(first.ok());  // everything the reader accepts, the writer can write
  Result<GgufFile> again = GgufFile::Parse(*first, "rewritten");
  Require(again.ok());
  Require(again->tensors().size() == file.tensors().size());
  Require(again->metadata().size() == file.metadata().size());
  Require(again->alignment() == file.alignment());
  Result<std::vector<uint8_t>> second = Rewrite(*again);
  Require(second.ok() && *second == *first);  // byte-identical: a fixed point
}

}  // namespace
}  // namespace hearth

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  hearth::Result<hearth::GgufFile> file = hearth::GgufFile::Parse({data, size}, "fuzz.gguf");
  if (!file.ok()) {
    hearth::Require(!file.status().message().empty());
    return 0;
  }
  hearth::CheckFile(*file);
  hearth::CheckRoundTrip(*file);
  return 0;
}
