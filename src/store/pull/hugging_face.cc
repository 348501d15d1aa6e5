#include "store/pull/hugging_face.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>

#include <nlohmann/json.hpp>

#include "base/ascii.h"
#include "store/pull/http_fetch.h"
#include "store/sha256.h"

namespace hearth::store {
namespace {

constexpr size_t kMaxListingBytes = size_t{32} << 20;
constexpr int kMaxListingPages = 100;

std::string Upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  return out;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string_view FileNameOf(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// "x-00002-of-00003.gguf": stem "x", part 2 of 3. A file that is not split is part 1 of 1.
struct SplitName {
  std::string stem;
  int part = 1;
  int parts = 1;
};

SplitName ParseSplit(std::string_view path) {
  static const std::regex kSplit(R"(^(.*)-([0-9]{5})-of-([0-9]{5})\.gguf$)", std::regex::icase);
  std::cmatch match;
  if (std::regex_match(path.data(), path.data() + path.size(), match, kSplit)) {
    return {match[1].str(), std::stoi(match[2].str()), std::stoi(match[3].str())};
  }
  return {std::string(path.substr(0, path.size() - 5)), 1, 1};  // without ".gguf"
}

// The GGUF models of a repository: single files and complete or incomplete split sets.
struct GgufModel {
  std::string quant;
  std::vector<HfFile> parts;  // in part order
  int expected_parts = 1;
};

std::vector<GgufModel> GroupGgufModels(const std::vector<HfFile>& files) {
  std::map<std::string, GgufModel> by_stem;  // sorted by path, so "first" is stable
  for (const HfFile& file : files) {
    const std::string lower_name = AsciiLower(FileNameOf(file.path));
    if (!EndsWith(lower_name, ".gguf") || lower_name.rfind("mmproj", 0) == 0) continue;
    const SplitName split = ParseSplit(file.path);
    GgufModel& model = by_stem[split.stem];
    model.quant = QuantOfFileName(file.path);
    model.expected_parts = split.parts;
    model.parts.push_back(file);
  }
  std::vector<GgufModel> out;
  for (auto& [stem, model] : by_stem) {
    std::sort(model.parts.begin(), model.parts.end(),
              [](const HfFile& a, const HfFile& b) {
                return ParseSplit(a.path).part < ParseSplit(b.path).part;
              });
    out.push_back(std::move(model));
  }
  return out;
}

std::string QuantList(const std::vector<GgufModel>& models) {
  std::vector<std::string> quants;
  for (const GgufModel& model : models) {
    const std::string q = model.quant.empty() ? std::string(FileNameOf(model.parts[0].path))
                                              : model.quant;
    if (std::find(quants.begin(), quants.end(), q) == quants.end()) quants.push_back(q);
  }
  std::string out;
  for (const std::string& q : quants) out += (out.empty() ? "" : ", ") + q;
  return out;
}

std::string RepoOf(const ModelName& name) { return name.name_space + "/" + name.model; }

std::vector<std::string> HfHeaders(const PullOptions& options) {
  if (options.hf_token.empty()) return {};
  return {"Authorization: Bearer " + options.hf_token};
}

std::string WithoutTrailingSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// Percent-encodes each segment of a repository path (keeping the slashes).
std::string EscapePath(std::string_view path) {
  EnsureCurlInitialized();
  std::string out;
  size_t begin = 0;
  while (begin <= path.size()) {
    const size_t slash = std::min(path.find('/', begin), path.size());
    const std::string segment(path.substr(begin, slash - begin));
    char* escaped = curl_easy_escape(nullptr, segment.c_str(), static_cast<int>(segment.size()));
    out += escaped != nullptr ? escaped : segment;
    curl_free(escaped);
    if (slash == path.size()) break;
    out += '/';
    begin = slash + 1;
  }
  return out;
}

// The URL of `Link: <url>; rel="next"`, or "".
std::string NextPage(const std::string& link) {
  static const std::regex kNext(R"(<([^>]+)>\s*;\s*rel="?next"?)");
  std::smatch match;
  return std::regex_search(link, match, kNext) ? match[1].str() : "";
}

}  // namespace

std::string QuantOfFileName(std::string_view path) {
  std::string stem = ParseSplit(FileNameOf(path)).stem;
  if (EndsWith(AsciiLower(stem), ".gguf")) stem.resize(stem.size() - 5);
  static const std::regex kQuant(
      R"((?:^|[-._])(I?Q[0-9]+(?:_[0-9A-Z]+)*|BF16|F16|F32|FP16|FP32)(?=$|[-._]))",
      std::regex::icase);
  std::string found;
  for (auto it = std::sregex_iterator(stem.begin(), stem.end(), kQuant);
       it != std::sregex_iterator(); ++it) {
    found = (*it)[1].str();  // the last one: "Llama-3-8B-Q4_K_M" -> Q4_K_M
  }
  return Upper(found);
}

Result<std::vector<HfFile>> ParseHfTree(std::string_view json, std::string_view origin) {
  const std::string prefix = std::string(origin) + ": ";
  const nlohmann::json value = nlohmann::json::parse(json, nullptr, false);
  if (value.is_discarded()) return DataLoss(prefix + "the file listing is not valid JSON");
  if (!value.is_array()) return DataLoss(prefix + "the file listing is not a JSON array");
  std::vector<HfFile> files;
  for (size_t i = 0; i < value.size(); ++i) {
    const nlohmann::json& entry = value[i];
    const std::string where = prefix + "entry " + std::to_string(i) + ": ";
    if (!entry.is_object()) return DataLoss(where + "not an object");
    if (entry.value("type", "") != "file") continue;
    HfFile file;
    const auto path = entry.find("path");
    if (path == entry.end() || !path->is_string()) return DataLoss(where + "no path");
    file.path = *path;
    if (const auto size = entry.find("size"); size != entry.end() && size->is_number_unsigned()) {
      file.size = *size;
    }
    if (const auto lfs = entry.find("lfs"); lfs != entry.end() && lfs->is_object()) {
      const std::string oid = lfs->value("oid", "");
      if (!IsValidDigest("sha256:" + oid)) {
        return DataLoss(where + file.path + ": lfs.oid is not a sha256 hex digest");
      }
      file.digest = "sha256:" + oid;
      if (const auto size = lfs->find("size"); size != lfs->end() && size->is_number_unsigned()) {
        file.size = *size;
      }
    }
    files.push_back(std::move(file));
  }
  return files;
}

Result<std::vector<HfFile>> ListHfRepoFiles(const ModelName& name, const PullOptions& options,
                                            const std::atomic<bool>* cancel) {
  std::string url = WithoutTrailingSlash(options.hf_endpoint) + "/api/models/" +
                    EscapePath(RepoOf(name)) + "/tree/main?recursive=true";
  std::vector<HfFile> files;
  for (int page = 0; page < kMaxListingPages && !url.empty(); ++page) {
    HEARTH_ASSIGN_OR_RETURN(HttpGetResponse response,
                            HttpGet(url, HfHeaders(options), options, cancel, kMaxListingBytes));
    if (response.status == 401 || response.status == 403 || response.status == 404) {
      return NotFound("Hugging Face repository '" + RepoOf(name) + "' not found (GET " + url +
                      " answered HTTP " + std::to_string(response.status) + ")" +
                      (options.hf_token.empty()
                           ? "; if it is private or gated, set HF_TOKEN"
                           : "; check that HF_TOKEN has access to it"));
    }
    if (response.status != 200) {
      return Unavailable("listing the files of Hugging Face repository '" + RepoOf(name) +
                         "': GET " + url + " answered HTTP " + std::to_string(response.status));
    }
    HEARTH_ASSIGN_OR_RETURN(std::vector<HfFile> page_files, ParseHfTree(response.body, url));
    files.insert(files.end(), page_files.begin(), page_files.end());
    url = NextPage(response.Header("link"));
  }
  return files;
}

Result<std::vector<HfFile>> PickGgufFiles(const std::vector<HfFile>& files, std::string_view tag,
                                          const ModelName& name) {
  const std::vector<GgufModel> models = GroupGgufModels(files);
  const std::string repo = "hf.co/" + RepoOf(name);
  if (models.empty()) return NotFound(repo + " has no GGUF files");
  std::vector<const GgufModel*> matches;
  const bool latest = AsciiLower(tag) == kDefaultTag;
  const std::string wanted = latest ? "Q4_K_M" : Upper(tag);
  for (const GgufModel& model : models) {
    if (model.quant == wanted) matches.push_back(&model);
  }
  if (matches.empty() && latest) matches.push_back(&models.front());
  if (matches.empty()) {  // a file name fragment ("Q8" when only Q8_0 exists)
    for (const GgufModel& model : models) {
      if (Upper(model.parts[0].path).find(wanted) != std::string::npos) matches.push_back(&model);
    }
  }
  if (matches.empty()) {
    return NotFound(repo + " has no GGUF file for the quant '" + std::string(tag) +
                    "'; available: " + QuantList(models));
  }
  if (matches.size() > 1) {
    std::string names;
    for (const GgufModel* m : matches) names += (names.empty() ? "" : ", ") + m->parts[0].path;
    return InvalidArgument(repo + ": the tag '" + std::string(tag) +
                           "' matches several GGUF files (" + names + "); name one quant");
  }
  const GgufModel& model = *matches.front();
  for (int part = 1; part <= model.expected_parts; ++part) {
    const bool present = part <= static_cast<int>(model.parts.size()) &&
                         ParseSplit(model.parts[part - 1].path).part == part;
    if (!present) {
      return InvalidArgument(repo + ": the split GGUF " + model.parts[0].path + " lacks part " +
                             std::to_string(part) + " of " +
                             std::to_string(model.expected_parts));
    }
  }
  for (const HfFile& file : model.parts) {
    if (file.digest.empty()) {
      return Unimplemented(repo + ": " + file.path + " is not stored with Git LFS, so its " +
                           "sha256 is not known before the download");
    }
  }
  return model.parts;
}

BlobSource HfBlobSource(const ModelName& name, const PullOptions& options,
                        std::string_view path) {
  return BlobSource{WithoutTrailingSlash(options.hf_endpoint) + "/" + EscapePath(RepoOf(name)) +
                        "/resolve/main/" + EscapePath(path),
                    HfHeaders(options)};
}

}  // namespace hearth::store
