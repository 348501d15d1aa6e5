// Tokenizer::FromGguf: reads tokenizer.ggml.* and prepares every table the tokenizer needs.
// Defaults and the detection of end-of-generation tokens by their text follow the reference
// implementation, so that encoding and decoding agree with it for the same file.
#include <limits>

#include "tokenizer/tokenizer_data.h"

namespace hearth::tokenizer_internal {
namespace {

constexpr std::string_view kModelKey = "tokenizer.ggml.model";
constexpr std::string_view kPreKey = "tokenizer.ggml.pre";
constexpr std::string_view kTokensKey = "tokenizer.ggml.tokens";
constexpr std::string_view kScoresKey = "tokenizer.ggml.scores";
constexpr std::string_view kTokenTypeKey = "tokenizer.ggml.token_type";
constexpr std::string_view kMergesKey = "tokenizer.ggml.merges";

Status KeyError(const GgufFile& file, StatusCode code, std::string_view key,
                const std::string& what) {
  return Status(code, file.path() + ": metadata key '" + std::string(key) + "' " + what);
}

Result<ModelKind> ReadModelKind(const GgufFile& file, std::string* name) {
  HEARTH_ASSIGN_OR_RETURN(const std::string_view model, file.metadata().GetString(kModelKey));
  *name = std::string(model);
  if (model == "llama") return ModelKind::kSentencePiece;
  if (model == "gpt2") return ModelKind::kBytePairEncoding;
  if (model == "bert") return ModelKind::kWordPiece;
  return KeyError(file, StatusCode::kUnimplemented, kModelKey,
                  "is '" + *name + "': Hearth supports the tokenizer models llama, gpt2 and bert");
}

// The array under `key` if present; an error if it is not an array of `n` elements.
Result<const GgufArray*> ReadParallelArray(const GgufFile& file, std::string_view key, size_t n) {
  if (!file.metadata().Contains(key)) return static_cast<const GgufArray*>(nullptr);
  HEARTH_ASSIGN_OR_RETURN(const GgufArray* array, file.metadata().GetArray(key));
  if (array->size() != n) {
    return KeyError(file, StatusCode::kInvalidArgument, key,
                    "has " + std::to_string(array->size()) + " elements, expected " +
                        std::to_string(n) + " (one per token of " + std::string(kTokensKey) + ")");
  }
  return array;
}

Result<std::vector<float>> ReadScores(const GgufFile& file, size_t n) {
  HEARTH_ASSIGN_OR_RETURN(const GgufArray* array, ReadParallelArray(file, kScoresKey, n));
  std::vector<float> scores(n, 0.0f);
  if (array == nullptr) return scores;
  if (array->type() != GgufType::kFloat32 && array->type() != GgufType::kInt32) {
    return KeyError(file, StatusCode::kInvalidArgument, kScoresKey,
                    "has type array of " + std::string(GgufTypeName(array->type())) +
                        ", expected array of float32 or int32");
  }
  for (size_t i = 0; i < n; ++i) scores[i] = float(*array->FloatAt(i));
  return scores;
}

Result<std::vector<uint16_t>> ReadAttrs(const GgufFile& file, size_t n) {
  HEARTH_ASSIGN_OR_RETURN(const GgufArray* array, ReadParallelArray(file, kTokenTypeKey, n));
  std::vector<uint16_t> attrs(n, kAttrNormal);
  if (array == nullptr) return attrs;
  for (size_t i = 0; i < n; ++i) {
    const std::optional<int64_t> type = array->IntAt(i);
    if (!type.has_value()) {
      return KeyError(file, StatusCode::kInvalidArgument, kTokenTypeKey,
                      "has type array of " + std::string(GgufTypeName(array->type())) +
                          ", expected array of int32");
    }
    attrs[i] = AttrOfTokenType(*type);
  }
  return attrs;
}

Result<Vocabulary> ReadVocabulary(const GgufFile& file) {
  HEARTH_ASSIGN_OR_RETURN(const std::vector<std::string>* tokens,
                          file.metadata().GetStringArray(kTokensKey));
  const size_t n = tokens->size();
  if (n == 0 || n > size_t(std::numeric_limits<int32_t>::max())) {
    return KeyError(file, StatusCode::kInvalidArgument, kTokensKey,
                    "has " + std::to_string(n) + " tokens");
  }
  size_t text_bytes = 0;
  for (const std::string& token : *tokens) text_bytes += token.size() + 16;  // + "[EMPTY_<i>]"
  if (text_bytes > std::numeric_limits<uint32_t>::max()) {
    return KeyError(file, StatusCode::kOutOfRange, kTokensKey, "holds more than 4 GiB of text");
  }
  HEARTH_ASSIGN_OR_RETURN(std::vector<float> scores, ReadScores(file, n));
  HEARTH_ASSIGN_OR_RETURN(std::vector<uint16_t> attrs, ReadAttrs(file, n));
  return Vocabulary(*tokens, std::move(scores), std::move(attrs));
}

// Model defaults, before the file's own keys.
void SetDefaults(TokenizerData* data) {
  SpecialIds& ids = data->ids;
  switch (data->kind) {
    case ModelKind::kSentencePiece:
      ids.bos = 1, ids.eos = 2, ids.unknown = 0;
      data->add_bos = true;
      data->add_space_prefix = true;
      break;
    case ModelKind::kBytePairEncoding:
      ids.bos = 11, ids.eos = 11;
      data->add_bos = data->pre.add_bos;
      data->clean_spaces = data->pre.clean_spaces;
      break;
    case ModelKind::kWordPiece:
      ids.bos = 101, ids.unknown = 100, ids.separator = 102, ids.padding = 0, ids.mask = 103;
      data->add_bos = true;
      data->add_sep = true;
      data->clean_spaces = true;
      break;
  }
  for (TokenId* id : {&ids.bos, &ids.eos, &ids.unknown, &ids.separator, &ids.padding, &ids.mask}) {
    if (!data->vocab.Contains(*id)) *id = -1;  // a default outside a small vocabulary
  }
}

struct IdKey {
  std::string_view key;
  TokenId SpecialIds::*field;
};
constexpr IdKey kIdKeys[] = {
    {"tokenizer.ggml.bos_token_id", &SpecialIds::bos},
    {"tokenizer.ggml.eos_token_id", &SpecialIds::eos},
    {"tokenizer.ggml.eot_token_id", &SpecialIds::eot},
    {"tokenizer.ggml.eom_token_id", &SpecialIds::eom},
    {"tokenizer.ggml.unknown_token_id", &SpecialIds::unknown},
    {"tokenizer.ggml.seperator_token_id", &SpecialIds::separator},
    {"tokenizer.ggml.padding_token_id", &SpecialIds::padding},
    {"tokenizer.ggml.mask_token_id", &SpecialIds::mask},
    {"tokenizer.ggml.fim_pad_token_id", &SpecialIds::fim_pad},
    {"tokenizer.ggml.fim_rep_token_id", &SpecialIds::fim_rep},
    {"tokenizer.ggml.fim_sep_token_id", &SpecialIds::fim_sep},
};

Status ReadSpecialIds(const GgufFile& file, TokenizerData* data) {
  for (const IdKey& entry : kIdKeys) {
    if (!file.metadata().Contains(entry.key)) continue;
    HEARTH_ASSIGN_OR_RETURN(const int64_t id, file.metadata().GetInt(entry.key));
    if (id < 0 || id >= data->vocab.size()) {
      return KeyError(file, StatusCode::kOutOfRange, entry.key,
                      "is " + std::to_string(id) + ", outside the vocabulary of " +
                          std::to_string(data->vocab.size()) + " tokens");
    }
    data->ids.*entry.field = TokenId(id);
  }
  return Status::Ok();
}

Status ReadFlags(const GgufFile& file, TokenizerData* data) {
  const GgufMetadata& md = file.metadata();
  HEARTH_ASSIGN_OR_RETURN(data->add_space_prefix,
                          md.GetBoolOr("tokenizer.ggml.add_space_prefix", data->add_space_prefix));
  HEARTH_ASSIGN_OR_RETURN(data->add_bos,
                          md.GetBoolOr("tokenizer.ggml.add_bos_token", data->add_bos));
  HEARTH_ASSIGN_OR_RETURN(data->add_eos,
                          md.GetBoolOr("tokenizer.ggml.add_eos_token", data->add_eos));
  HEARTH_ASSIGN_OR_RETURN(data->add_sep,
                          md.GetBoolOr("tokenizer.ggml.add_sep_token", data->add_sep));
  if (data->kind == ModelKind::kWordPiece) {
    // WordPiece always frames the text as [CLS] ... [SEP], whatever the flags say.
    data->add_bos = true;
    data->add_eos = false;
    data->add_sep = true;
  } else {
    data->add_sep = false;  // only WordPiece appends a separator
  }
  // A flag whose token the model lacks cannot be honoured.
  data->add_bos = data->add_bos && data->ids.bos >= 0;
  data->add_eos = data->add_eos && data->ids.eos >= 0;
  data->add_sep = data->add_sep && data->ids.separator >= 0;
  return Status::Ok();
}

Result<WordPieceOptions> ReadWordPieceOptions(const GgufFile& file) {
  WordPieceOptions options;
  HEARTH_ASSIGN_OR_RETURN(options.lowercase,
                          file.metadata().GetBoolOr("tokenizer.ggml.normalizer.lowercase", true));
  HEARTH_ASSIGN_OR_RETURN(
      options.strip_accents,
      file.metadata().GetBoolOr("tokenizer.ggml.normalizer.strip_accents", options.lowercase));
  return options;
}

}  // namespace

Result<std::unique_ptr<TokenizerData>> LoadTokenizerData(const GgufFile& file) {
  auto data = std::make_unique<TokenizerData>();
  HEARTH_ASSIGN_OR_RETURN(data->kind, ReadModelKind(file, &data->model_name));
  HEARTH_ASSIGN_OR_RETURN(const std::string_view pre, file.metadata().GetStringOr(kPreKey, ""));
  data->pre_name = pre.empty() ? "default" : std::string(pre);
  if (data->kind == ModelKind::kBytePairEncoding) {
    const std::optional<PreTokenizerConfig> config = FindPreTokenizer(data->pre_name);
    if (!config.has_value()) {
      return KeyError(
          file, StatusCode::kUnimplemented, kPreKey,
          "names the pre-tokenizer '" + data->pre_name + "', which Hearth does not know");
    }
    data->pre = *config;
  }
  HEARTH_ASSIGN_OR_RETURN(data->vocab, ReadVocabulary(file));
  SetDefaults(data.get());
  HEARTH_RETURN_IF_ERROR(ReadSpecialIds(file, data.get()));
  HEARTH_RETURN_IF_ERROR(ReadFlags(file, data.get()));
  AssignTokenRoles(data.get());

  switch (data->kind) {
    case ModelKind::kSentencePiece:
      data->spm = SpmModel::Build(data->vocab, data->ids.unknown);
      break;
    case ModelKind::kBytePairEncoding: {
      HEARTH_ASSIGN_OR_RETURN(const std::vector<std::string>* merges,
                              file.metadata().GetStringArray(kMergesKey));
      data->bpe = BpeModel::Build(data->vocab, *merges);
      break;
    }
    case ModelKind::kWordPiece: {
      HEARTH_ASSIGN_OR_RETURN(const WordPieceOptions options, ReadWordPieceOptions(file));
      data->wordpiece = WordPieceModel(data->vocab, options, data->ids.unknown);
      break;
    }
  }
  data->specials = SpecialTokenSplitter(data->vocab);
  data->pieces = PieceTable(data->vocab, data->kind == ModelKind::kBytePairEncoding
                                             ? PieceSpelling::kByteLevel
                                             : PieceSpelling::kSentencePiece);
  ApplyStripAttributes(file, data.get());
  return data;
}

}  // namespace hearth::tokenizer_internal
