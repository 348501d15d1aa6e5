#include "server/models/model_catalog.h"

#include "store/sha256.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace hearth::server {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kLatestTag = ":latest";
constexpr std::string_view kGgufExtension = ".gguf";
constexpr size_t kMaxNameLength = 256;

std::chrono::system_clock::time_point ToSystemTime(fs::file_time_type t) {
  return std::chrono::time_point_cast<std::chrono::system_clock::duration>(
      std::chrono::file_clock::to_sys(t));
}

// The location of an existing regular file, or nullopt-like error.
Result<ModelLocation> LocateFile(const fs::path& path, std::string name) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return NotFound(path.string() + ": no such model file");
  ModelLocation location;
  location.name = std::move(name);
  location.path = fs::absolute(path, ec).lexically_normal().string();
  location.size_bytes = fs::file_size(path, ec);
  location.modified = ToSystemTime(fs::last_write_time(path, ec));
  return location;
}

// Only .gguf files may be named by path: a request cannot make the server open anything else.
bool IsGgufPath(std::string_view name) {
  return name.size() > kGgufExtension.size() && name.ends_with(kGgufExtension);
}

}  // namespace

std::string ModelLocation::ResidencyKey() const {
  if (chat_template.empty()) return path;
  return path + "#template-" + store::Sha256Digest(chat_template).substr(7, 16);
}

std::string_view StripLatestTag(std::string_view name) {
  if (name.size() > kLatestTag.size() && name.ends_with(kLatestTag)) {
    name.remove_suffix(kLatestTag.size());
  }
  return name;
}

namespace {

// Jinja has statements ("{% ... %}"); Ollama's Go templates ("{{ .Prompt }}") do not.
bool IsJinjaTemplate(std::string_view text) { return text.find("{%") != std::string_view::npos; }

ModelLocation StoreLocation(const store::ModelStore& model_store,
                            const store::StoredModel& model) {
  ModelLocation location;
  if (Result<std::string> text = model_store.ReadLayerText(model, store::kTemplateMediaType);
      text.ok() && IsJinjaTemplate(*text)) {
    location.chat_template = std::move(*text);
  }
  if (Result<std::string> system = model_store.ReadLayerText(model, store::kSystemMediaType);
      system.ok()) {
    location.defaults.system = std::move(*system);
  }
  Result<std::string> params = model_store.ReadLayerText(model, store::kParamsMediaType);
  if (params.ok() && !params->empty()) {
    nlohmann::json parsed = nlohmann::json::parse(*params, nullptr, false);
    if (parsed.is_object()) location.defaults.parameters = std::move(parsed);
  }
  location.name = model.name.ToString();
  location.path = model.model_path;
  location.more_parts = model_store.ModelPartPaths(model);
  location.more_parts.erase(location.more_parts.begin());
  location.size_bytes = model.size_bytes;
  location.modified = model.modified;
  location.in_store = true;
  location.digest = model.manifest_digest;
  return location;
}

}  // namespace

ModelCatalog::ModelCatalog(std::string models_dir, std::string store_home)
    : models_dir_(std::move(models_dir)) {
  if (store_home.empty()) return;
  Result<store::ModelStore> opened = store::ModelStore::Open(store_home);
  if (opened.ok()) {
    store_.emplace(std::move(*opened));
  } else {
    store_error_ = opened.status();
  }
}

Result<ModelLocation> ModelCatalog::StoreModelNamed(std::string_view name) const {
  if (!store_) return NotFound("no model store");
  HEARTH_ASSIGN_OR_RETURN(store::ModelName parsed, store::ModelName::Parse(name));
  HEARTH_ASSIGN_OR_RETURN(store::StoredModel model, store_->Get(parsed));
  return StoreLocation(*store_, model);
}


Result<ModelLocation> ModelCatalog::AddFile(const std::string& path) {
  HEARTH_ASSIGN_OR_RETURN(ModelLocation location,
                          LocateFile(path, fs::path(path).stem().string()));
  added_[location.name] = location.path;
  return location;
}

Result<ModelLocation> ModelCatalog::FileNamed(std::string_view name) const {
  if (auto it = added_.find(name); it != added_.end()) {
    return LocateFile(it->second, std::string(name));
  }
  if (!models_dir_.empty() && !name.empty() && name.find('/') == std::string_view::npos &&
      name != "." && name != "..") {
    Result<ModelLocation> in_dir =
        LocateFile(fs::path(models_dir_) / (std::string(name) + std::string(kGgufExtension)),
                   std::string(name));
    if (in_dir.ok()) return in_dir;
  }
  return NotFound("model '" + std::string(name) + "' not found");
}

Result<ModelLocation> ModelCatalog::Resolve(std::string_view requested) const {
  if (Result<ModelLocation> stored = StoreModelNamed(requested); stored.ok()) return stored;
  const std::string_view name = StripLatestTag(requested);
  if (auto it = copies_.find(name); it != copies_.end()) {
    Result<ModelLocation> location = LocateFile(it->second, std::string(name));
    if (location.ok()) location->is_copy = true;
    return location;
  }
  Result<ModelLocation> file = FileNamed(name);
  if (file.ok() || !IsGgufPath(requested)) return file;
  Result<ModelLocation> by_path = LocateFile(std::string(requested), std::string(requested));
  if (!by_path.ok()) return NotFound("model '" + std::string(requested) + "' not found");
  return by_path;
}

std::vector<ModelLocation> ModelCatalog::List() const {
  std::map<std::string, ModelLocation> by_name;
  std::error_code ec;
  if (!models_dir_.empty()) {
    for (fs::directory_iterator it(models_dir_, ec), end; !ec && it != end; it.increment(ec)) {
      const fs::path& p = it->path();
      if (p.extension() != kGgufExtension) continue;
      Result<ModelLocation> location = LocateFile(p, p.stem().string());
      if (location.ok()) by_name.emplace(location->name, *location);
    }
  }
  for (const auto& [name, path] : added_) {
    Result<ModelLocation> location = LocateFile(path, name);
    if (location.ok()) by_name.insert_or_assign(name, *location);
  }
  for (const auto& [name, path] : copies_) {
    Result<ModelLocation> location = LocateFile(path, name);
    if (!location.ok()) continue;
    location->is_copy = true;
    by_name.insert_or_assign(name, *location);
  }
  if (store_) {
    for (const store::StoredModel& model : store_->List()) {
      by_name.insert_or_assign(model.name.ToString(), StoreLocation(*store_, model));
    }
  }
  std::vector<ModelLocation> out;
  for (auto& [name, location] : by_name) out.push_back(std::move(location));
  return out;
}

Status ModelCatalog::Copy(std::string_view source, std::string_view destination) {
  if (store_ && StoreModelNamed(source).ok()) {
    HEARTH_ASSIGN_OR_RETURN(store::ModelName from, store::ModelName::Parse(source));
    HEARTH_ASSIGN_OR_RETURN(store::ModelName to, store::ModelName::Parse(destination));
    return store_->Copy(from, to);
  }
  const std::string_view dest = StripLatestTag(destination);
  if (dest.empty() || dest.size() > kMaxNameLength || dest.find('/') != std::string_view::npos) {
    return InvalidArgument("'" + std::string(destination) +
                           "' is not a valid model name (1 to 256 characters, no '/')");
  }
  if (FileNamed(dest).ok()) {
    return InvalidArgument("'" + std::string(dest) + "' already names a model file");
  }
  HEARTH_ASSIGN_OR_RETURN(ModelLocation from, Resolve(source));
  copies_.insert_or_assign(std::string(dest), from.path);
  return Status::Ok();
}

Status ModelCatalog::Delete(std::string_view requested) {
  if (store_ && StoreModelNamed(requested).ok()) {
    HEARTH_ASSIGN_OR_RETURN(store::ModelName name, store::ModelName::Parse(requested));
    return store_->Remove(name).status();
  }
  const std::string_view name = StripLatestTag(requested);
  if (auto it = copies_.find(name); it != copies_.end()) {
    copies_.erase(it);
    return Status::Ok();
  }
  HEARTH_ASSIGN_OR_RETURN(ModelLocation location, Resolve(requested));
  return Unimplemented("'" + location.name + "' is the file " + location.path +
                       "; Hearth does not delete model files (remove it yourself); only names "
                       "made with /api/copy can be deleted");
}

}  // namespace hearth::server
