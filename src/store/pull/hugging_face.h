// Hugging Face repositories as a model source: `hf.co/ORG/REPO:QUANT` names the GGUF file (or
// the parts of a split GGUF, "...-00001-of-00003.gguf") whose name carries that quant.
//   listing:  GET {endpoint}/api/models/{org}/{repo}/tree/main?recursive=true
//             (JSON array of {type, path, size, oid, lfs:{oid: sha256 hex, size}}; further
//             pages are named by a Link: <...>; rel="next" header)
//   download: GET {endpoint}/{org}/{repo}/resolve/main/{path}
// Both send "Authorization: Bearer <HF token>" when PullOptions::hf_token is set.
// A pull builds an Ollama-style manifest: a config blob (ModelConfig, file_type = the quant)
// and one application/vnd.ollama.image.model layer per GGUF part, in part order.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/model_name.h"
#include "store/pull/blob_download.h"
#include "store/pull/pull_options.h"

namespace hearth::store {

struct HfFile {
  std::string path;    // within the repository: "Q4_K_M/model-Q4_K_M-00001-of-00002.gguf"
  uint64_t size = 0;
  std::string digest;  // "sha256:<hex>" from the LFS pointer; "" for a file not in LFS
};

// The files of a listing page. Errors (DataLoss) name `origin` and the entry that is wrong.
Result<std::vector<HfFile>> ParseHfTree(std::string_view json, std::string_view origin);

// Every file of the repository `name` names (org = name_space, repo = model). Errors: NotFound
// for an unknown, private or gated repository (suggesting HF_TOKEN), Unavailable otherwise.
Result<std::vector<HfFile>> ListHfRepoFiles(const ModelName& name, const PullOptions& options,
                                            const std::atomic<bool>* cancel);

// The quant a GGUF file name carries, upper-cased ("Q4_K_M", "IQ4_XS", "F16", "BF16"), or ""
// ("model-q4_k_m-00001-of-00002.gguf" -> "Q4_K_M").
std::string QuantOfFileName(std::string_view path);

// The GGUF file(s) for `tag`: the quant named case-insensitively; "latest" picks Q4_K_M when
// the repository has it, else the first GGUF. A split GGUF gives every part in order.
// Projector files (mmproj*) are never picked. NotFound lists the quants the repository has;
// InvalidArgument when the tag matches several files or a split GGUF lacks parts.
Result<std::vector<HfFile>> PickGgufFiles(const std::vector<HfFile>& files, std::string_view tag,
                                          const ModelName& name);

BlobSource HfBlobSource(const ModelName& name, const PullOptions& options,
                        std::string_view path);

}  // namespace hearth::store
