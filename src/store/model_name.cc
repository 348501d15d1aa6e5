#include "store/model_name.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "base/ascii.h"

namespace hearth::store {
namespace {

constexpr size_t kMaxPartLength = 128;

// A host may carry a port ("example.com:5000"); other parts may not contain ':'.
Status CheckPart(std::string_view text, std::string_view part, std::string_view what,
                 bool allow_colon) {
  const std::string quoted = "model name '" + std::string(text) + "': ";
  if (part.empty()) return InvalidArgument(quoted + std::string(what) + " is empty");
  if (part.size() > kMaxPartLength) {
    return InvalidArgument(quoted + std::string(what) + " is longer than 128 characters");
  }
  if (part.front() == '.' || part.front() == '-') {
    return InvalidArgument(quoted + std::string(what) + " '" + std::string(part) +
                           "' must start with a letter, digit or '_'");
  }
  for (char c : part) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ||
                    c == '.' || (allow_colon && c == ':');
    if (!ok) {
      return InvalidArgument(quoted + std::string(what) + " '" + std::string(part) +
                             "' contains '" + std::string(1, c) +
                             "' (allowed: letters, digits, '_', '-', '.')");
    }
  }
  return Status::Ok();
}

std::vector<std::string_view> SplitSlashes(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t slash = text.find('/', start);
    parts.push_back(text.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return parts;
}

}  // namespace

Result<ModelName> ModelName::Parse(std::string_view text) {
  ModelName name;
  std::string_view rest = text;
  // The tag follows the last ':' after the last '/' (a host's port comes before a '/').
  const size_t last_slash = rest.rfind('/');
  const size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos &&
      (last_slash == std::string_view::npos || colon > last_slash)) {
    const std::string_view tag = rest.substr(colon + 1);
    HEARTH_RETURN_IF_ERROR(CheckPart(text, tag, "the tag", false));
    name.tag = std::string(tag);
    rest = rest.substr(0, colon);
  }
  const std::vector<std::string_view> parts = SplitSlashes(rest);
  if (parts.size() > 3) {
    return InvalidArgument("model name '" + std::string(text) +
                           "': too many '/' (the form is [host/][namespace/]model[:tag])");
  }
  std::string_view model = parts.back();
  HEARTH_RETURN_IF_ERROR(CheckPart(text, model, "the model", false));
  name.model = std::string(model);
  if (parts.size() >= 2) {
    const std::string_view name_space = parts[parts.size() - 2];
    HEARTH_RETURN_IF_ERROR(CheckPart(text, name_space, "the namespace", false));
    name.name_space = std::string(name_space);
  }
  if (parts.size() == 3) {
    HEARTH_RETURN_IF_ERROR(CheckPart(text, parts[0], "the host", true));
    name.host = AsciiLower(parts[0]);
    if (name.host == "huggingface.co") name.host = std::string(kHuggingFaceHost);
  }
  return name;
}

std::string ModelName::ToString() const {
  std::string out;
  if (host != kDefaultHost) {
    out = host + "/" + name_space + "/";
  } else if (name_space != kDefaultNamespace) {
    out = name_space + "/";
  }
  return out + model + ":" + tag;
}

std::string ModelName::ToFullString() const {
  return host + "/" + name_space + "/" + model + ":" + tag;
}

std::string ModelName::ManifestRelativePath() const {
  return "manifests/" + host + "/" + name_space + "/" + model + "/" + tag;
}

bool ModelName::operator==(const ModelName& other) const {
  return EqualsIgnoringAsciiCase(host, other.host) && EqualsIgnoringAsciiCase(name_space, other.name_space) &&
         EqualsIgnoringAsciiCase(model, other.model) && EqualsIgnoringAsciiCase(tag, other.tag);
}

}  // namespace hearth::store
