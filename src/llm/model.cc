#include "llm/model.h"

#include <utility>

#include "kernels/dispatch.h"
#include "llm/architecture.h"
#include "llm/weights.h"
#include "tokenizer/tokenizer.h"

namespace hearth {

Model::Model(GgufFile file, const KernelSet& kernels)
    : file_(std::move(file)), kernels_(&kernels) {}

Model::~Model() = default;

Result<std::unique_ptr<Model>> Model::Open(const std::string& path, const LoadOptions& options) {
  std::vector<std::string> parts = {path};
  parts.insert(parts.end(), options.more_parts.begin(), options.more_parts.end());
  HEARTH_ASSIGN_OR_RETURN(GgufFile file,
                          parts.size() > 1 ? GgufFile::OpenSplit(parts) : GgufFile::Open(path));
  const KernelSet& kernels = options.kernels != nullptr ? *options.kernels : BestKernels();
  std::unique_ptr<Model> model(new Model(std::move(file), kernels));
  HEARTH_RETURN_IF_ERROR(model->Load());
  return model;
}

Status Model::Load() {
  HEARTH_ASSIGN_OR_RETURN(std::string_view arch_name,
                          file_.metadata().GetString("general.architecture"));
  const Architecture* arch = FindArchitecture(arch_name);
  if (arch == nullptr) {
    return Unimplemented(file_.path() + ": architecture '" + std::string(arch_name) +
                         "' is not supported; Hearth runs " + SupportedArchitectures());
  }
  HEARTH_ASSIGN_OR_RETURN(config_,
                          ReadModelConfig(file_, std::string(arch->name), arch->rope_style));
  HEARTH_ASSIGN_OR_RETURN(Tokenizer tokenizer, Tokenizer::FromGguf(file_));
  // The embedding table and the output head are checked against this size.
  config_.n_vocab = tokenizer.vocab_size();
  tokenizer_ = std::make_unique<Tokenizer>(std::move(tokenizer));
  WeightReader weights(file_, *kernels_);
  HEARTH_ASSIGN_OR_RETURN(arch_, arch->load(config_, weights));
  weight_bytes_ = weights.bytes_used();
  return Status::Ok();
}

uint64_t Model::bytes_per_token() const { return arch_->bytes_per_token(); }

Status Model::PrepareBatch(const Batch& batch, const KvCache& kv, ForwardScratch& scratch) const {
  const int32_t n = batch.size();
  if (n == 0) return InvalidArgument("empty batch: nothing to decode");
  if (n > scratch.n_batch()) {
    return InvalidArgument("batch of " + std::to_string(n) + " tokens exceeds n_batch " +
                           std::to_string(scratch.n_batch()));
  }
  scratch.next_pos.resize(size_t(kv.n_seq()));
  for (int32_t s = 0; s < kv.n_seq(); ++s) scratch.next_pos[size_t(s)] = kv.length(s);
  scratch.output_rows.clear();
  for (int32_t i = 0; i < n; ++i) {
    auto entry = [i] { return "batch entry " + std::to_string(i) + ": "; };  // errors only
    const TokenId token = batch.tokens()[size_t(i)];
    const int32_t seq = batch.seqs()[size_t(i)], pos = batch.positions()[size_t(i)];
    if (token < 0 || token >= config_.n_vocab) {
      return InvalidArgument(entry() + "token id " + std::to_string(token) +
                             " is outside the vocabulary [0, " + std::to_string(config_.n_vocab) +
                             ")");
    }
    if (seq < 0 || seq >= kv.n_seq()) {
      return InvalidArgument(entry() + "sequence slot " + std::to_string(seq) +
                             " does not exist (the KV cache has " + std::to_string(kv.n_seq()) +
                             ")");
    }
    int32_t& next = scratch.next_pos[size_t(seq)];
    if (pos != next) {
      return InvalidArgument(entry() + "position " + std::to_string(pos) + " of sequence " +
                             std::to_string(seq) + ", expected " + std::to_string(next) +
                             " (a sequence continues where it left off)");
    }
    if (pos >= kv.capacity()) {
      return OutOfRange(entry() + "position " + std::to_string(pos) + " is past the context (" +
                        std::to_string(kv.capacity()) + " positions)");
    }
    ++next;
    if (batch.outputs()[size_t(i)] != 0) scratch.output_rows.push_back(i);
  }
  return Status::Ok();
}

Status Model::Forward(const Batch& batch, KvCache& kv, ForwardScratch& scratch,
                      ThreadPool& pool) const {
  HEARTH_CHECK(scratch.n_vocab() == config_.n_vocab && kv.n_kv_heads() == config_.n_head_kv &&
               kv.head_dim() == config_.head_dim)
      << "KV cache or scratch built for another model";
  HEARTH_RETURN_IF_ERROR(PrepareBatch(batch, kv, scratch));
  ForwardContext ctx{*kernels_, pool, config_, batch, kv, scratch};
  arch_->Forward(ctx);
  for (int32_t s = 0; s < kv.n_seq(); ++s) kv.SetLength(s, scratch.next_pos[size_t(s)]);
  return Status::Ok();
}

}  // namespace hearth
