#include "server/http/api_key_auth.h"

#include <cctype>
#include <fstream>

namespace hearth::server {
namespace {

constexpr std::string_view kBearer = "bearer ";

bool ConstantTimeEquals(std::string_view expected, std::string_view given) {
  // Runs over all of `given` whatever its content: timing reveals at most the lengths.
  size_t diff = expected.size() ^ given.size();
  for (size_t i = 0; i < given.size(); ++i) {
    const char e = i < expected.size() ? expected[i] : '\0';
    diff |= static_cast<unsigned char>(e ^ given[i]);
  }
  return diff == 0;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

}  // namespace

ApiKeyAuth::ApiKeyAuth(std::vector<std::string> keys) {
  for (std::string& key : keys) {
    if (!key.empty()) keys_.push_back(std::move(key));
  }
}

bool ApiKeyAuth::Allows(std::string_view authorization) const {
  if (keys_.empty()) return true;
  if (!StartsWithIgnoringCase(authorization, kBearer)) return false;
  const std::string_view token = Trim(authorization.substr(kBearer.size()));
  bool allowed = false;
  for (const std::string& key : keys_) allowed |= ConstantTimeEquals(key, token);
  return allowed;
}

Result<std::vector<std::string>> ReadApiKeyFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return IoError(path + ": cannot read the API key file");
  std::vector<std::string> keys;
  std::string line;
  while (std::getline(in, line)) {
    const std::string_view key = Trim(line);
    if (key.empty() || key.front() == '#') continue;
    keys.emplace_back(key);
  }
  if (keys.empty()) return InvalidArgument(path + ": the API key file holds no key");
  return keys;
}

}  // namespace hearth::server
