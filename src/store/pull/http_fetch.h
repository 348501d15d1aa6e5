// libcurl as the pull uses it: handles with the options every request shares, and small GETs
// into memory (manifests, file listings).
//
// curl_global_init runs once per process, lazily, under std::call_once, from
// EnsureCurlInitialized(), which NewCurlEasy() and HttpGet() call first. A program may call it
// itself at start-up (the CLI does), before it starts threads: curl_global_init is only
// thread-safe against itself here, not against other code initializing OpenSSL at that moment.
#pragma once

#include <curl/curl.h>

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "store/pull/pull_options.h"

namespace hearth::store {

void EnsureCurlInitialized();

struct CurlEasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

struct CurlListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlHeaders = std::unique_ptr<curl_slist, CurlListDeleter>;

// A handle for `url` that follows redirects (at most 10; an Authorization header is not sent
// on to another host), sends `headers` ("Name: value"), and applies the options' connect
// timeout, low-speed limit and user agent. Never null (allocation failure is a CHECK).
// `header_list` receives the list the handle points at; it must outlive the transfer.
CurlEasy NewCurlEasy(const std::string& url, const std::vector<std::string>& headers,
                     const PullOptions& options, CurlHeaders& header_list);

// Why a transfer failed, for messages: "timed out: slower than 1024 bytes/s for 30 s",
// "connection dropped (transfer closed with 123 bytes remaining to read)".
std::string DescribeCurlError(CURLcode code, const char* error_buffer, const PullOptions& options);

// True for failures worth a retry: the network, timeouts, and HTTP 408, 429 and 5xx.
bool IsTransientCurlError(CURLcode code);
bool IsTransientHttpStatus(long status);

struct HttpGetResponse {
  long status = 0;           // the final response's HTTP status
  std::string body;
  std::string final_url;     // after redirects
  std::vector<std::pair<std::string, std::string>> headers;  // final response; lower-case names
  // The first header named `name` (lower case), or "".
  std::string Header(std::string_view name) const;
};

// GETs `url` into memory, retrying transient failures as PullOptions says. An HTTP error
// status is not a failure here (see status); failures are Unavailable ("GET <url>: <reason>"),
// OutOfRange when the body passes `max_body_bytes`, and Unavailable("... cancelled") when
// `cancel` (may be null) is set.
Result<HttpGetResponse> HttpGet(const std::string& url, const std::vector<std::string>& headers,
                                const PullOptions& options, const std::atomic<bool>* cancel,
                                size_t max_body_bytes = size_t{64} << 20);

// Sleeps `duration` in short steps; false (early) once `cancel` is set.
bool SleepUnlessCancelled(std::chrono::milliseconds duration, const std::atomic<bool>* cancel);

}  // namespace hearth::store
