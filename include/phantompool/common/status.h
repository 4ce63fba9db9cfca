// Status: the outcome of an operation that can fail on input or environment.
//
// Every module boundary returns Status or Result<T>; no exception crosses one. A Status
// carries a stable code (its name and number never change: the API maps it to an HTTP
// status and clients switch on it), the field the problem is about ("range_proof.L[3]",
// "orders[2].price", "user_balances.available") and a human-readable reason. Reasons never
// contain secret material.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace phantompool {

// Stable codes. Append only; never renumber.
enum class StatusCode : uint16_t {
  kOk = 0,
  kInvalidArgument = 1,     // malformed input: a parse or validation failure
  kVerificationFailed = 2,  // well-formed input whose proof or signature does not verify
  kNotFound = 3,
  kAlreadyExists = 4,     // duplicate id, reused nonce
  kPermissionDenied = 5,  // the acting principal may not do this
  kUnauthenticated = 6,
  kFailedPrecondition = 7,  // state does not allow it (pair inactive, batch closed, ...)
  kInsufficientFunds = 8,
  kResourceExhausted = 9,  // limits: order size, daily volume, rate
  kConflict = 10,          // concurrent modification; retrying may succeed
  kCorruption = 11,        // stored data failed an integrity check
  kUnavailable = 12,       // a dependency (database, executor) cannot be reached
  kIoError = 13,
  kInternal = 14,  // a bug: never caused by input
};

// "invalid_argument", "verification_failed", ...: the stable wire name of a code.
std::string_view StatusCodeName(StatusCode code);
// The HTTP status the API answers with for a code.
int HttpStatusFor(StatusCode code);
// The code with this wire name ("ok" included); nullopt for an unknown name.
std::optional<StatusCode> ParseStatusCode(std::string_view name);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string field, std::string why) {
    return Status(StatusCode::kInvalidArgument, std::move(field), std::move(why));
  }
  static Status VerificationFailed(std::string field, std::string why) {
    return Status(StatusCode::kVerificationFailed, std::move(field), std::move(why));
  }
  static Status NotFound(std::string field, std::string why) {
    return Status(StatusCode::kNotFound, std::move(field), std::move(why));
  }
  static Status AlreadyExists(std::string field, std::string why) {
    return Status(StatusCode::kAlreadyExists, std::move(field), std::move(why));
  }
  static Status PermissionDenied(std::string field, std::string why) {
    return Status(StatusCode::kPermissionDenied, std::move(field), std::move(why));
  }
  static Status Unauthenticated(std::string field, std::string why) {
    return Status(StatusCode::kUnauthenticated, std::move(field), std::move(why));
  }
  static Status FailedPrecondition(std::string field, std::string why) {
    return Status(StatusCode::kFailedPrecondition, std::move(field), std::move(why));
  }
  static Status InsufficientFunds(std::string field, std::string why) {
    return Status(StatusCode::kInsufficientFunds, std::move(field), std::move(why));
  }
  static Status ResourceExhausted(std::string field, std::string why) {
    return Status(StatusCode::kResourceExhausted, std::move(field), std::move(why));
  }
  static Status Conflict(std::string field, std::string why) {
    return Status(StatusCode::kConflict, std::move(field), std::move(why));
  }
  static Status Corruption(std::string field, std::string why) {
    return Status(StatusCode::kCorruption, std::move(field), std::move(why));
  }
  static Status Unavailable(std::string field, std::string why) {
    return Status(StatusCode::kUnavailable, std::move(field), std::move(why));
  }
  static Status IoError(std::string field, std::string why) {
    return Status(StatusCode::kIoError, std::move(field), std::move(why));
  }
  static Status Internal(std::string field, std::string why) {
    return Status(StatusCode::kInternal, std::move(field), std::move(why));
  }
  // A status rebuilt from its parts (an error received over the wire).
  static Status FromCode(StatusCode code, std::string field, std::string why) {
    return Status(code, std::move(field), std::move(why));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& field() const { return field_; }
  const std::string& message() const { return message_; }

  // The same status with `prefix` put in front of the field: nested parsers report
  // "order.size_proof.L[3]" by prefixing on the way out.
  Status WithFieldPrefix(std::string_view prefix) const;
  // The same status about `field` instead: a check that knows the object by its own name
  // ("schnorr_proof") reports under the name its caller gives it ("kem.proof").
  Status WithField(std::string field) const {
    return ok() ? *this : Status(code_, std::move(field), message_);
  }

  // "invalid_argument: range_proof.L[3]: non-canonical point"
  std::string ToString() const;

  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.field_ == b.field_ && a.message_ == b.message_;
  }

 private:
  Status(StatusCode code, std::string field, std::string message)
      : code_(code), field_(std::move(field)), message_(std::move(message)) {}

  StatusCode code_ = StatusCode::kOk;
  std::string field_;
  std::string message_;
};

}  // namespace phantompool

#define PP_RETURN_IF_ERROR(expr)               \
  do {                                         \
    ::phantompool::Status pp_status_ = (expr); \
    if (!pp_status_.ok()) return pp_status_;   \
  } while (false)
