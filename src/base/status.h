// Status and Result<T>: how library code reports failures that files, networks and users cause.
// Our own bugs use HEARTH_CHECK (check.h) instead. Messages name the problem precisely (file,
// field, tensor, byte offset) because they reach the user verbatim.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "base/check.h"

namespace hearth {

enum class StatusCode : uint8_t {
  kOk = 0,
  kInvalidArgument,  // the caller's input is malformed
  kNotFound,         // a file, model or key does not exist
  kDataLoss,         // a file is truncated or corrupt
  kUnimplemented,    // valid input that we do not support (yet)
  kOutOfRange,       // a value past a limit (context length, dimension)
  kResourceExhausted,  // a queue or budget is full: try again later
  kUnavailable,        // the service is shutting down or not ready
  kIoError,
  kInternal,
};

const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "data loss: model.gguf: tensor 'x' ..." for logs and the CLI.
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status DataLoss(std::string m) { return {StatusCode::kDataLoss, std::move(m)}; }
inline Status Unimplemented(std::string m) { return {StatusCode::kUnimplemented, std::move(m)}; }
inline Status OutOfRange(std::string m) { return {StatusCode::kOutOfRange, std::move(m)}; }
inline Status ResourceExhausted(std::string m) {
  return {StatusCode::kResourceExhausted, std::move(m)};
}
inline Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : state_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    HEARTH_CHECK(!std::get<Status>(state_).ok()) << "Result built from an OK status";
  }

  bool ok() const { return std::holds_alternative<T>(state_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(state_);
  }
  T& value() & {
    HEARTH_CHECK(ok()) << status().ToString();
    return std::get<T>(state_);
  }
  const T& value() const& {
    HEARTH_CHECK(ok()) << status().ToString();
    return std::get<T>(state_);
  }
  T&& value() && {
    HEARTH_CHECK(ok()) << status().ToString();
    return std::get<T>(std::move(state_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace hearth

// Returns early with the error of a Status-returning expression.
#define HEARTH_RETURN_IF_ERROR(expr)            \
  do {                                          \
    ::hearth::Status hearth_status_ = (expr);   \
    if (!hearth_status_.ok()) return hearth_status_; \
  } while (0)

#define HEARTH_CONCAT_INNER(a, b) a##b
#define HEARTH_CONCAT(a, b) HEARTH_CONCAT_INNER(a, b)
// `HEARTH_ASSIGN_OR_RETURN(auto file, GgufFile::Open(path));`
#define HEARTH_ASSIGN_OR_RETURN(lhs, expr) \
  HEARTH_ASSIGN_OR_RETURN_IMPL(HEARTH_CONCAT(hearth_result_, __LINE__), lhs, expr)
#define HEARTH_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()
