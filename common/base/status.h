// Status and Result: expected failures as values.
//
// A Status carries a Code (which decides the HTTP status), a stable machine
// readable error string (the "error" field of the JSON error body) and a
// human sentence. Library exceptions are caught where they are raised and
// turned into a Status; nothing else in a request path throws on purpose.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace ap {

enum class Code {
  kOk,
  kBadRequest,        // 400
  kUnauthorized,      // 401
  kForbidden,         // 403
  kNotFound,          // 404
  kMethodNotAllowed,  // 405
  kConflict,          // 409
  kTooLarge,          // 413
  kUnsupportedType,   // 415
  kUnprocessable,     // 422
  kTooManyRequests,   // 429
  kInternal,          // 500
  kUnavailable,       // 503
};

class [[nodiscard]] Status {
 public:
  Status() = default;

  Status(Code code, std::string error, std::string message)
      : code_(code), error_(std::move(error)), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == Code::kOk; }

  Code code() const { return code_; }

  const std::string& error() const { return error_; }

  const std::string& message() const { return message_; }

  // Marks a status that is deliberately dropped.
  void IgnoreError() const {}

 private:
  Code code_ = Code::kOk;
  std::string error_;
  std::string message_;
};

// Shorthands for the common failures.
inline Status BadRequest(std::string error, std::string message) {
  return Status(Code::kBadRequest, std::move(error), std::move(message));
}

inline Status NotFound(std::string message = "Not found.") {
  return Status(Code::kNotFound, "not_found", std::move(message));
}

inline Status Internal(std::string message) {
  return Status(Code::kInternal, "internal", std::move(message));
}

inline Status Unavailable(std::string error, std::string message) {
  return Status(Code::kUnavailable, std::move(error), std::move(message));
}

// Either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit on purpose

  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(v_); }

  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }

  T& value() { return std::get<T>(v_); }

  const T& value() const { return std::get<T>(v_); }

  T& operator*() { return value(); }

  const T& operator*() const { return value(); }

  T* operator->() { return &value(); }

  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace ap

// Returns early with the status when it is not OK.
#define AP_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::ap::Status ap_status_ = (expr);        \
    if (!ap_status_.ok()) return ap_status_; \
  } while (0)
