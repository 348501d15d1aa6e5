#include "store/pull/blob_download.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>

#include "base/ascii.h"
#include "store/pull/blob_lock.h"
#include "store/pull/http_fetch.h"
#include "store/pull/partial_file.h"

namespace hearth::store {
namespace {

using Clock = std::chrono::steady_clock;

// An attempt that brought at least this much counts as progress: the retry count starts over.
constexpr uint64_t kProgressThatResetsRetries = uint64_t{1} << 20;
// Pieces for several connections are not made smaller than this.
constexpr uint64_t kMinPieceBytes = uint64_t{256} << 10;
constexpr size_t kMaxErrorBody = 512;

std::string Size(uint64_t bytes) { return std::to_string(bytes) + " bytes"; }

// One byte range of the blob, fetched by one connection at a time (again after a failure).
struct Transfer {
  ByteRange range;
  uint64_t cursor = 0;  // the next byte to write
  int failures = 0;     // in a row, without progress
  bool done = false;
  bool active = false;
  Clock::time_point not_before{};

  // The current attempt.
  CurlEasy easy;
  CurlHeaders header_list;
  char error_buffer[CURL_ERROR_SIZE] = {};
  uint64_t attempt_start = 0;
  long http_status = 0;
  bool status_checked = false;
  bool reached_end = false;  // stopped on purpose: the rest of the response is not ours
  std::optional<uint64_t> content_range_start;
  std::string error_body;
  Status failure;  // set by a callback: a write failed or the response was unusable
  bool fatal = false;
  class Downloader* owner = nullptr;
};

class Downloader {
 public:
  Downloader(PartialFile& file, const BlobRef& blob, const BlobSource& source,
             const PullOptions& options, const PullProgressCallback& progress,
             const std::atomic<bool>* cancel)
      : file_(file),
        blob_(blob),
        source_(source),
        options_(options),
        progress_(progress),
        cancel_(cancel) {}
  ~Downloader() {
    StopAll();
    if (multi_ != nullptr) curl_multi_cleanup(multi_);
  }

  // Fetches every byte the file lacks. On failure the file is checkpointed (what arrived is
  // kept) and the error says so.
  Status Run();
  uint64_t downloaded() const { return downloaded_; }

 private:
  static size_t OnBody(char* data, size_t size, size_t count, void* user);
  static size_t OnHeader(char* data, size_t size, size_t count, void* user);
  size_t Body(Transfer& t, std::string_view data);

  void Plan();
  void Start(Transfer& t);
  // Decides what the end of an attempt means; an error is fatal for the whole download.
  Status Finish(Transfer& t, CURLcode code);
  Status Retry(Transfer& t, const std::string& reason);
  Status HttpError(const Transfer& t) const;
  void StopAll();
  Status Checkpoint(bool force);
  void Report(bool force);
  Status Fail(Status status);
  int ActiveCount() const;

  PartialFile& file_;
  const BlobRef& blob_;
  const BlobSource& source_;
  const PullOptions& options_;
  const PullProgressCallback& progress_;
  const std::atomic<bool>* cancel_;
  CURLM* multi_ = nullptr;
  std::vector<std::unique_ptr<Transfer>> transfers_;
  int max_active_ = 1;
  bool whole_file_mode_ = false;  // the server ignored Range: one transfer of every byte
  uint64_t downloaded_ = 0;
  Clock::time_point last_report_{};
  Clock::time_point last_checkpoint_ = Clock::now();
};

int Downloader::ActiveCount() const {
  int n = 0;
  for (const auto& t : transfers_) n += t->active ? 1 : 0;
  return n;
}

void Downloader::Plan() {
  const std::vector<ByteRange> missing = file_.done().Missing(blob_.size);
  const bool split = blob_.size >= options_.multi_connection_min_bytes && options_.connections > 1;
  max_active_ = split ? options_.connections : 1;
  const std::vector<ByteRange> pieces =
      split ? SplitForConnections(missing, options_.connections, kMinPieceBytes) : missing;
  for (const ByteRange& piece : pieces) {
    auto t = std::make_unique<Transfer>();
    t->range = piece;
    t->cursor = piece.begin;
    t->owner = this;
    transfers_.push_back(std::move(t));
  }
}

void Downloader::Start(Transfer& t) {
  t.easy = NewCurlEasy(source_.url, source_.headers, options_, t.header_list);
  t.error_buffer[0] = '\0';
  t.attempt_start = t.cursor;
  t.http_status = 0;
  t.status_checked = false;
  t.reached_end = false;
  t.content_range_start.reset();
  t.error_body.clear();
  t.failure = Status::Ok();
  t.fatal = false;
  CURL* h = t.easy.get();
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, t.error_buffer);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(h, CURLOPT_PRIVATE, &t);
  if (t.cursor != 0 || t.range.end != blob_.size) {
    const std::string range = std::to_string(t.cursor) + "-" + std::to_string(t.range.end - 1);
    curl_easy_setopt(h, CURLOPT_RANGE, range.c_str());  // curl copies the string
  }
  curl_multi_add_handle(multi_, h);
  t.active = true;
}

size_t Downloader::OnHeader(char* data, size_t size, size_t count, void* user) {
  auto& t = *static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    t.content_range_start.reset();  // a new response (after a redirect)
  } else if (line.size() > 14) {
    const std::string name = AsciiLower(line.substr(0, 14));
    if (name == "content-range:") {
      // "Content-Range: bytes <first>-<last>/<total>"
      const size_t digits = line.find_first_of("0123456789", 14);
      uint64_t first = 0;
      if (digits != std::string_view::npos &&
          std::from_chars(line.data() + digits, line.data() + line.size(), first).ec ==
              std::errc()) {
        t.content_range_start = first;
      }
    }
  }
  return size * count;
}

size_t Downloader::OnBody(char* data, size_t size, size_t count, void* user) {
  auto& t = *static_cast<Transfer*>(user);
  return t.owner->Body(t, std::string_view(data, size * count));
}

size_t Downloader::Body(Transfer& t, std::string_view data) {
  if (!t.status_checked) {
    t.status_checked = true;
    curl_easy_getinfo(t.easy.get(), CURLINFO_RESPONSE_CODE, &t.http_status);
    if (t.http_status == 206 && t.content_range_start.value_or(t.cursor) != t.cursor) {
      t.failure = DataLoss("asked for bytes from " + std::to_string(t.cursor) +
                           ", the server sent a range from " +
                           std::to_string(*t.content_range_start));
      return 0;
    }
    if (t.http_status == 200 && (t.cursor != 0 || t.range.end != blob_.size)) {
      // The server ignores Range: this response has every byte, from the first.
      whole_file_mode_ = true;
      t.range = {0, blob_.size};
      t.cursor = 0;
      t.attempt_start = 0;
    }
  }
  if (t.http_status != 200 && t.http_status != 206) {
    t.error_body.append(data.substr(0, kMaxErrorBody - std::min(kMaxErrorBody,
                                                                 t.error_body.size())));
    return data.size();
  }
  const uint64_t take = std::min<uint64_t>(data.size(), t.range.end - t.cursor);
  if (take > 0) {
    if (Status written = file_.Write(t.cursor, data.substr(0, take)); !written.ok()) {
      t.failure = std::move(written);
      t.fatal = true;
      return 0;
    }
    t.cursor += take;
    downloaded_ += take;
  }
  if (take < data.size()) {
    t.reached_end = true;  // more than the range asked for: stop here
    return 0;
  }
  return data.size();
}

Status Downloader::HttpError(const Transfer& t) const {
  std::string reason = "GET " + source_.url + ": HTTP " + std::to_string(t.http_status);
  std::string body = t.error_body;
  body.erase(std::remove_if(body.begin(), body.end(),
                            [](unsigned char c) { return c == '\n' || c == '\r'; }),
             body.end());
  if (!body.empty()) reason += " (" + body + ")";
  if (t.http_status == 404 || t.http_status == 410) {
    return NotFound("blob " + blob_.digest + " not found: " + reason);
  }
  if (t.http_status == 401 || t.http_status == 403) {
    return InvalidArgument("access to blob " + blob_.digest + " denied: " + reason);
  }
  return Unavailable(reason);
}

Status Downloader::Retry(Transfer& t, const std::string& reason) {
  if (t.cursor - t.attempt_start >= kProgressThatResetsRetries) t.failures = 0;
  ++t.failures;
  if (t.failures > options_.max_retries) {
    return Unavailable("download of " + blob_.digest + " from " + source_.url + " failed " +
                       std::to_string(t.failures) + " times in a row at byte " +
                       std::to_string(t.cursor) + " of " + std::to_string(blob_.size) +
                       "; last: " + reason);
  }
  const int doublings = std::min(t.failures - 1, 5);
  t.not_before = Clock::now() + std::min<std::chrono::milliseconds>(
                                    options_.retry_delay * (1 << doublings),
                                    std::chrono::seconds(30));
  return Status::Ok();
}

Status Downloader::Finish(Transfer& t, CURLcode code) {
  t.active = false;
  if (t.fatal) return t.failure;
  if (t.reached_end || (code == CURLE_OK && t.cursor == t.range.end &&
                        (t.http_status == 200 || t.http_status == 206))) {
    t.done = true;
    return Status::Ok();
  }
  if (!t.failure.ok()) return Retry(t, t.failure.message());
  if (code == CURLE_OK && t.http_status != 200 && t.http_status != 206) {
    if (!IsTransientHttpStatus(t.http_status)) return HttpError(t);
    return Retry(t, HttpError(t).message());
  }
  if (code == CURLE_OK) {
    return Retry(t, "the response ended at byte " + std::to_string(t.cursor) + ", before " +
                        std::to_string(t.range.end));
  }
  const std::string reason = DescribeCurlError(code, t.error_buffer, options_);
  if (!IsTransientCurlError(code)) return Unavailable("GET " + source_.url + ": " + reason);
  return Retry(t, reason);
}

void Downloader::StopAll() {
  for (auto& t : transfers_) {
    if (!t->active) continue;
    curl_multi_remove_handle(multi_, t->easy.get());
    t->active = false;
  }
}

Status Downloader::Checkpoint(bool force) {
  if (file_.bytes_since_checkpoint() == 0) return Status::Ok();
  const bool due = file_.bytes_since_checkpoint() >= options_.checkpoint_bytes ||
                   Clock::now() - last_checkpoint_ >= options_.checkpoint_interval;
  if (!force && !due) return Status::Ok();
  last_checkpoint_ = Clock::now();
  return file_.Checkpoint();
}

void Downloader::Report(bool force) {
  if (!progress_) return;
  const auto now = Clock::now();
  if (!force && now - last_report_ < options_.progress_interval) return;
  last_report_ = now;
  progress_(PullProgress{PullingStatus(blob_.digest), blob_.digest, blob_.size,
                         file_.done().CoveredBytes()});
}

Status Downloader::Fail(Status status) {
  StopAll();
  const Status saved = Checkpoint(true);  // keep what arrived (a full disk may refuse this)
  const uint64_t kept = file_.done().CoveredBytes();
  std::string message = status.message() + "; " + std::to_string(kept) + " of " +
                        Size(blob_.size) + " are kept in " + file_.path() +
                        (saved.ok() ? "" : " (its ledger could not be updated: " +
                                               saved.message() + ")") +
                        " and the next pull resumes from there";
  return Status(status.code(), std::move(message));
}

Status Downloader::Run() {
  Plan();
  if (transfers_.empty()) return Status::Ok();
  multi_ = curl_multi_init();
  if (multi_ == nullptr) return Internal("curl_multi_init failed");
  Report(true);
  while (true) {
    if (cancel_ != nullptr && cancel_->load()) {
      return Fail(Unavailable("the pull of " + blob_.digest + " was cancelled"));
    }
    if (whole_file_mode_) {
      // One transfer now fetches every byte; the others are not needed.
      for (auto& t : transfers_) {
        if (t->done || (t->range.begin == 0 && t->range.end == blob_.size)) continue;
        if (t->active) curl_multi_remove_handle(multi_, t->easy.get());
        t->active = false;
        t->done = true;
      }
      max_active_ = 1;
    }
    bool all_done = true;
    int active = ActiveCount();
    const auto now = Clock::now();
    for (auto& t : transfers_) {
      if (t->done) continue;
      all_done = false;
      if (!t->active && active < max_active_ && now >= t->not_before) {
        Start(*t);
        ++active;
      }
    }
    if (all_done) break;
    int running = 0;
    curl_multi_perform(multi_, &running);
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_, &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &t);
      const CURLcode code = message->data.result;
      curl_multi_remove_handle(multi_, message->easy_handle);
      if (Status status = Finish(*t, code); !status.ok()) return Fail(std::move(status));
    }
    if (Status saved = Checkpoint(false); !saved.ok()) return Fail(std::move(saved));
    Report(false);
    curl_multi_poll(multi_, nullptr, 0, 100, nullptr);
  }
  if (!file_.done().Covers(0, blob_.size)) {
    return Fail(Internal("every transfer ended but bytes are missing: " +
                         file_.done().Serialize(blob_.size)));
  }
  if (Status saved = Checkpoint(true); !saved.ok()) return Fail(std::move(saved));
  Report(true);
  return Status::Ok();
}

void ReportPresent(const BlobRef& blob, const PullProgressCallback& progress) {
  if (progress) {
    progress(PullProgress{PullingStatus(blob.digest), blob.digest, blob.size, blob.size});
  }
}

}  // namespace

Result<BlobDownloadResult> DownloadBlob(BlobStore& blobs, const BlobRef& blob,
                                        const BlobSource& source, const PullOptions& options,
                                        const PullProgressCallback& progress,
                                        const std::atomic<bool>* cancel) {
  BlobDownloadResult result;
  if (blobs.Has(blob.digest, blob.size)) {
    result.already_present = true;
    ReportPresent(blob, progress);
    return result;
  }
  const std::string partial_path = blobs.PartialPathOf(blob.digest);
  auto report_waiting = [&] {
    if (progress) progress(PullProgress{PullingStatus(blob.digest), blob.digest, blob.size, 0});
  };
  HEARTH_ASSIGN_OR_RETURN(BlobLock lock,
                          BlobLock::Acquire(partial_path + ".lock", cancel, report_waiting));
  if (blobs.Has(blob.digest, blob.size)) {  // another pull finished it while we waited
    result.already_present = true;
    ReportPresent(blob, progress);
    return result;
  }
  HEARTH_ASSIGN_OR_RETURN(PartialFile file, PartialFile::Open(partial_path, blob.size));
  result.resumed_bytes = file.resumed_bytes();
  {
    Downloader downloader(file, blob, source, options, progress, cancel);
    const Status status = downloader.Run();
    result.downloaded_bytes = downloader.downloaded();
    if (!status.ok()) return status;
  }
  if (progress) progress(PullProgress{"verifying sha256 digest", "", 0, 0});
  file.Close();
  const Status committed = blobs.CommitPartial(blob.digest, blob.size);
  std::error_code ec;
  if (committed.ok() || !std::filesystem::exists(partial_path, ec)) file.RemoveLedger();
  if (!committed.ok()) return committed;
  return result;
}

}  // namespace hearth::store
