#include "pull_environment.h"

#include <cstdlib>
#include <string>

namespace hearth::cli {
namespace {

void FromEnvironment(const char* variable, std::string& out) {
  if (const char* value = std::getenv(variable); value != nullptr && *value != '\0') out = value;
}

}  // namespace

void ApplyPullEnvironment(store::PullOptions& options) {
  FromEnvironment("HEARTH_REGISTRY", options.registry_endpoint);
  FromEnvironment("HF_ENDPOINT", options.hf_endpoint);
  FromEnvironment("HF_TOKEN", options.hf_token);
}

}  // namespace hearth::cli
