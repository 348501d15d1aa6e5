// `hearth show MODEL [--tensors] [--metadata]` (a store name or a GGUF file): what a model is,
// laid out like `ollama show`.
#include <cinttypes>
#include <cstdio>
#include <string>
#include <vector>

#include "commands.h"
#include "model_reference.h"
#include "store/model_create.h"
#include "gguf/gguf_file.h"
#include "gguf/model_summary.h"

namespace hearth::cli {
namespace {

// Rows of cells printed as aligned columns under a section title.
class Section {
 public:
  explicit Section(std::string title) : title_(std::move(title)) {}
  void Row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  void Field(const std::string& name, const std::string& value) { Row({name, value}); }
  template <typename T>
  void Field(const std::string& name, const std::optional<T>& value) {
    if (value.has_value()) Row({name, Number(*value)});
  }
  bool empty() const { return rows_.empty(); }

  void Print() const {
    if (rows_.empty()) return;
    std::vector<size_t> width;
    for (const auto& row : rows_) {
      if (width.size() < row.size()) width.resize(row.size(), 0);
      for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
    }
    std::printf("  %s\n", title_.c_str());
    for (const auto& row : rows_) {
      std::string line = "   ";
      for (size_t i = 0; i < row.size(); ++i) {
        line += ' ';
        line += row[i];
        if (i + 1 < row.size()) line += std::string(width[i] - row[i].size() + 3, ' ');
      }
      std::printf("%s\n", line.c_str());
    }
    std::printf("\n");
  }

  static std::string Number(int64_t v) { return std::to_string(v); }
  static std::string Number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%g", v);
    return buf;
  }

 private:
  std::string title_;
  std::vector<std::vector<std::string>> rows_;
};

std::string Shape(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

std::string Percent(uint64_t part, uint64_t whole) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f%%", whole ? 100.0 * double(part) / double(whole) : 0.0);
  return buf;
}

// general.file_type when stated, else the type holding most of the tensor bytes.
std::string Quantization(const ModelSummary& s) {
  if (!s.file_type.empty()) return s.file_type;
  if (s.type_mix.empty()) return "(no tensors)";
  const DTypeShare& top = s.type_mix.front();
  const std::string name(DTypeName(top.type));
  return top.bytes == s.tensor_bytes ? name : "mostly " + name;
}

void PrintModel(const ModelSummary& s) {
  Section model("Model");
  if (!s.name.empty()) model.Field("name", s.name);
  model.Field("architecture", s.architecture.empty() ? "(not stated)" : s.architecture);
  model.Field("parameters", FormatCount(s.parameter_count));
  model.Field("context length", s.context_length);
  model.Field("embedding length", s.embedding_length);
  model.Field("feed forward length", s.feed_forward_length);
  model.Field("layers", s.block_count);
  model.Field("attention heads", s.head_count);
  model.Field("kv heads", s.head_count_kv);
  if (s.key_length.has_value()) model.Field("head dim", s.key_length);
  model.Field("experts", s.expert_count);
  model.Field("experts used", s.expert_used_count);
  model.Field("sliding window", s.sliding_window);
  model.Field("vocab size", s.vocab_size);
  model.Field("norm epsilon", s.norm_epsilon);
  model.Field("quantization", Quantization(s));
  model.Field("file size", FormatBytes(s.file_size));
  if (!s.license.empty()) model.Field("license", s.license);
  model.Print();

  Section rope("Rope");
  rope.Field("freq base", s.rope_freq_base);
  rope.Field("dimensions", s.rope_dimension_count);
  if (!s.rope_scaling_type.empty()) rope.Field("scaling", s.rope_scaling_type);
  rope.Field("scaling factor", s.rope_scaling_factor);
  rope.Field("original context", s.rope_scaling_original_context);
  rope.Print();

  Section tok("Tokenizer");
  if (!s.tokenizer_model.empty()) tok.Field("model", s.tokenizer_model);
  if (!s.tokenizer_pre.empty()) tok.Field("pre-tokenizer", s.tokenizer_pre);
  tok.Field("tokens", s.token_count);
  tok.Field("bos token id", s.bos_token_id);
  tok.Field("eos token id", s.eos_token_id);
  tok.Field("chat template", s.has_chat_template
                                 ? "embedded (" + FormatBytes(s.chat_template_bytes) + ")"
                                 : std::string("none embedded (default: chatml)"));
  tok.Print();

  Section quant("Quantization");
  quant.Row({"type", "tensors", "parameters", "size", "share"});
  for (const DTypeShare& d : s.type_mix) {
    quant.Row({std::string(DTypeName(d.type)), std::to_string(d.tensors), FormatCount(d.elements),
               FormatBytes(d.bytes), Percent(d.bytes, s.tensor_bytes)});
  }
  quant.Print();
}

void PrintFile(const GgufFile& file, const ModelSummary& s) {
  Section f("File");
  f.Field("path", file.path());
  f.Field("gguf version", std::to_string(s.gguf_version));
  f.Field("metadata keys", std::to_string(s.metadata_count));
  f.Field("tensors", std::to_string(s.tensor_count));
  f.Field("alignment", std::to_string(file.alignment()));
  f.Field("data offset", std::to_string(file.data_offset()));
  f.Field("tensor data", FormatBytes(s.tensor_bytes));
  f.Print();
}

void PrintTensors(const GgufFile& file) {
  Section t("Tensors");
  t.Row({"name", "type", "shape", "parameters", "size", "offset"});
  for (const GgufTensorInfo& info : file.tensors()) {
    t.Row({info.name, std::string(DTypeName(info.type)), Shape(info.shape),
           FormatCount(info.num_elements()), FormatBytes(info.size_bytes),
           std::to_string(file.data_offset() + info.offset)});
  }
  t.Print();
}

void PrintMetadata(const GgufFile& file) {
  Section m("Metadata");
  for (const GgufKeyValue& kv : file.metadata().entries()) {
    m.Row({kv.key, DescribeGgufType(kv.value), kv.value.ToDisplayString(6, 60)});
  }
  m.Print();
}

// What the store adds to a model's weights: parameters, system prompt, template, licenses.
void PrintStoredModel(const store::StoredModel& model, const std::string& home) {
  Result<store::ModelStore> store = OpenStore(home);
  if (!store.ok()) return;
  Section s("Store");
  s.Field("name", model.name.ToString());
  s.Field("digest", model.manifest_digest);
  s.Field("size", FormatBytes(model.size_bytes));
  auto text = [&](std::string_view media_type) {
    Result<std::string> value = store->ReadLayerText(model, media_type);
    return value.ok() ? *value : std::string();
  };
  if (const std::string params = text(store::kParamsMediaType); !params.empty()) {
    s.Field("parameters", params);
  }
  if (const std::string system = text(store::kSystemMediaType); !system.empty()) {
    std::string line = system.size() > 60 ? system.substr(0, 57) + "..." : system;
    std::replace(line.begin(), line.end(), '\n', ' ');
    s.Field("system", line);
  }
  if (const std::string chat_template = text(store::kTemplateMediaType); !chat_template.empty()) {
    s.Field("template", FormatBytes(chat_template.size()) + " (replaces the file's)");
  }
  s.Print();
}

int Show(const std::string& text, const std::string& home, bool tensors, bool metadata) {
  Result<ModelReference> reference = ResolveModel(text, home);
  if (!reference.ok()) {
    std::fprintf(stderr, "hearth show: %s\n", reference.status().message().c_str());
    return 1;
  }
  std::vector<std::string> parts = {reference->path};
  parts.insert(parts.end(), reference->more_parts.begin(), reference->more_parts.end());
  Result<GgufFile> file =
      parts.size() > 1 ? GgufFile::OpenSplit(parts) : GgufFile::Open(reference->path);
  if (!file.ok()) {
    std::fprintf(stderr, "hearth show: %s\n", file.status().message().c_str());
    return 1;
  }
  Result<ModelSummary> summary = SummarizeModel(*file);
  if (!summary.ok()) {
    std::fprintf(stderr, "hearth show: %s\n", summary.status().message().c_str());
    return 1;
  }
  std::printf("\n");
  PrintModel(*summary);
  if (reference->stored.has_value()) PrintStoredModel(*reference->stored, home);
  PrintFile(*file, *summary);
  if (metadata) PrintMetadata(*file);
  if (tensors) PrintTensors(*file);
  return 0;
}

}  // namespace

void AddShowCommand(CLI::App& app, int& exit_code) {
  struct Options {
    std::string path;
    std::string home;
    bool tensors = false;
    bool metadata = false;
  };
  static Options options;  // CLI11 binds to storage that outlives parsing
  CLI::App* cmd = app.add_subcommand("show", "Describe a model (a name in the store or a GGUF file)");
  cmd->add_option("model", options.path, "Model name or GGUF file")->required();
  AddStoreHomeOption(*cmd, options.home);
  cmd->add_flag("--tensors", options.tensors, "List every tensor: name, type, shape, size");
  cmd->add_flag("--metadata", options.metadata, "List every metadata key and value");
  cmd->callback(
      [&exit_code] { exit_code = Show(options.path, options.home, options.tensors, options.metadata); });
}

}  // namespace hearth::cli
