#include "store/pull/http_fetch.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <mutex>
#include <thread>

#include "base/ascii.h"
#include "base/check.h"

namespace hearth::store {
namespace {

constexpr long kMaxRedirects = 10;

struct GetState {
  HttpGetResponse* response;
  size_t max_body_bytes;
  bool too_large = false;
  const std::atomic<bool>* cancel;
};

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  auto* state = static_cast<GetState*>(user);
  const size_t n = size * count;
  if (state->response->body.size() + n > state->max_body_bytes) {
    state->too_large = true;
    return 0;
  }
  state->response->body.append(data, n);
  return n;
}

std::string Trim(std::string_view text) {
  size_t begin = 0, end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return std::string(text.substr(begin, end - begin));
}

// Keeps the headers of the last response only (redirects send several).
size_t WriteHeader(char* data, size_t size, size_t count, void* user) {
  auto* state = static_cast<GetState*>(user);
  const std::string_view line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    state->response->headers.clear();
  } else if (const size_t colon = line.find(':'); colon != std::string_view::npos) {
    std::string name = AsciiLower(line.substr(0, colon));
    state->response->headers.emplace_back(std::move(name), Trim(line.substr(colon + 1)));
  }
  return size * count;
}

int CheckCancel(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* state = static_cast<GetState*>(user);
  return state->cancel != nullptr && state->cancel->load() ? 1 : 0;
}

}  // namespace

void EnsureCurlInitialized() {
  static std::once_flag once;
  std::call_once(once, [] {
    const CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT);
    HEARTH_CHECK(code == CURLE_OK) << "curl_global_init: " << curl_easy_strerror(code);
  });
}

CurlEasy NewCurlEasy(const std::string& url, const std::vector<std::string>& headers,
                     const PullOptions& options, CurlHeaders& header_list) {
  EnsureCurlInitialized();
  CurlEasy easy(curl_easy_init());
  HEARTH_CHECK(easy != nullptr) << "curl_easy_init failed";
  CURL* h = easy.get();
  curl_slist* list = nullptr;
  for (const std::string& header : headers) list = curl_slist_append(list, header.c_str());
  header_list.reset(list);
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, kMaxRedirects);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, options.connect_timeout_seconds);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, options.low_speed_bytes_per_second);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, options.low_speed_seconds);
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(h, CURLOPT_BUFFERSIZE, 256L * 1024);
  return easy;
}

std::string DescribeCurlError(CURLcode code, const char* error_buffer,
                              const PullOptions& options) {
  const std::string detail = error_buffer != nullptr && *error_buffer != '\0'
                                 ? std::string(error_buffer)
                                 : std::string(curl_easy_strerror(code));
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return "timed out: slower than " + std::to_string(options.low_speed_bytes_per_second) +
             " bytes/s for " + std::to_string(options.low_speed_seconds) + " s (" + detail + ")";
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
      return "connection dropped (" + detail + ")";
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
      return "cannot connect (" + detail + ")";
    default:
      return detail;
  }
}

bool IsTransientCurlError(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
      return true;
    default:
      return false;
  }
}

bool IsTransientHttpStatus(long status) {
  return status == 408 || status == 429 || status >= 500;
}

std::string HttpGetResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return "";
}

bool SleepUnlessCancelled(std::chrono::milliseconds duration, const std::atomic<bool>* cancel) {
  const auto until = std::chrono::steady_clock::now() + duration;
  while (std::chrono::steady_clock::now() < until) {
    if (cancel != nullptr && cancel->load()) return false;
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(std::chrono::milliseconds(50),
                                                      until - std::chrono::steady_clock::now()));
  }
  return cancel == nullptr || !cancel->load();
}

Result<HttpGetResponse> HttpGet(const std::string& url, const std::vector<std::string>& headers,
                                const PullOptions& options, const std::atomic<bool>* cancel,
                                size_t max_body_bytes) {
  std::string last_error;
  for (int attempt = 0; attempt <= options.max_retries; ++attempt) {
    if (attempt > 0) {
      const auto delay = std::min<std::chrono::milliseconds>(
          options.retry_delay * (1 << std::min(attempt - 1, 5)), std::chrono::seconds(30));
      if (!SleepUnlessCancelled(delay, cancel)) break;
    }
    HttpGetResponse response;
    GetState state{&response, max_body_bytes, false, cancel};
    CurlHeaders header_list;
    CurlEasy easy = NewCurlEasy(url, headers, options, header_list);
    char error_buffer[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(easy.get(), CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(easy.get(), CURLOPT_WRITEFUNCTION, WriteBody);
    curl_easy_setopt(easy.get(), CURLOPT_WRITEDATA, &state);
    curl_easy_setopt(easy.get(), CURLOPT_HEADERFUNCTION, WriteHeader);
    curl_easy_setopt(easy.get(), CURLOPT_HEADERDATA, &state);
    curl_easy_setopt(easy.get(), CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(easy.get(), CURLOPT_XFERINFOFUNCTION, CheckCancel);
    curl_easy_setopt(easy.get(), CURLOPT_XFERINFODATA, &state);
    const CURLcode code = curl_easy_perform(easy.get());
    if (cancel != nullptr && cancel->load()) break;
    if (state.too_large) {
      return OutOfRange("GET " + url + ": the response is larger than " +
                        std::to_string(max_body_bytes) + " bytes");
    }
    if (code == CURLE_OK) {
      curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &response.status);
      char* effective = nullptr;
      curl_easy_getinfo(easy.get(), CURLINFO_EFFECTIVE_URL, &effective);
      response.final_url = effective != nullptr ? effective : url;
      if (!IsTransientHttpStatus(response.status) || attempt == options.max_retries) {
        return response;
      }
      last_error = "HTTP " + std::to_string(response.status);
      continue;
    }
    last_error = DescribeCurlError(code, error_buffer, options);
    if (!IsTransientCurlError(code)) break;
  }
  if (cancel != nullptr && cancel->load()) return Unavailable("GET " + url + ": cancelled");
  return Unavailable("GET " + url + ": " + last_error);
}

}  // namespace hearth::store
