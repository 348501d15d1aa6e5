// PullOptions: where `hearth pull` downloads from and how hard it tries. The CLI fills the
// endpoints from the environment (HEARTH_REGISTRY, HF_ENDPOINT, HF_TOKEN); library code never
// reads the environment.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace hearth::store {

struct PullOptions {
  // The Ollama registry that serves names of the default host (registry.ollama.ai); names of
  // other hosts are fetched from https://<host>.
  std::string registry_endpoint = "https://registry.ollama.ai";
  // Hugging Face (names on hf.co or huggingface.co).
  std::string hf_endpoint = "https://huggingface.co";
  std::string hf_token;  // sent as "Authorization: Bearer <token>" to hf_endpoint when set

  // Blobs of at least `multi_connection_min_bytes` are fetched over up to `connections`
  // HTTP connections at once, each writing its byte range at its offset.
  int connections = 4;
  uint64_t multi_connection_min_bytes = uint64_t{64} << 20;

  // A transfer slower than `low_speed_bytes_per_second` for `low_speed_seconds` is aborted
  // (then retried like a dropped connection).
  long low_speed_bytes_per_second = 1024;
  long low_speed_seconds = 30;
  long connect_timeout_seconds = 30;

  // A transfer that fails (dropped, timed out, 5xx) is resumed from where it stopped up to
  // `max_retries` times in a row, waiting retry_delay, 2 x retry_delay, ... (at most 30 s).
  int max_retries = 4;
  std::chrono::milliseconds retry_delay{1000};

  // The partial file is fsynced and its ledger of finished byte ranges rewritten at least
  // this often while bytes arrive, so a crash loses at most this much.
  std::chrono::milliseconds checkpoint_interval{1000};
  uint64_t checkpoint_bytes = uint64_t{64} << 20;

  // Progress is reported at least this often during a download (also when nothing arrives,
  // so a listener can notice that its own client went away).
  std::chrono::milliseconds progress_interval{250};

  std::string user_agent = "hearth";
};

}  // namespace hearth::store
