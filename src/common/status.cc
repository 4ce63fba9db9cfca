#include "phantompool/common/status.h"

namespace phantompool {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
      return "invalid_argument";
    case StatusCode::kVerificationFailed:
      return "verification_failed";
    case StatusCode::kNotFound:
      return "not_found";
    case StatusCode::kAlreadyExists:
      return "already_exists";
    case StatusCode::kPermissionDenied:
      return "permission_denied";
    case StatusCode::kUnauthenticated:
      return "unauthenticated";
    case StatusCode::kFailedPrecondition:
      return "failed_precondition";
    case StatusCode::kInsufficientFunds:
      return "insufficient_funds";
    case StatusCode::kResourceExhausted:
      return "resource_exhausted";
    case StatusCode::kConflict:
      return "conflict";
    case StatusCode::kCorruption:
      return "corruption";
    case StatusCode::kUnavailable:
      return "unavailable";
    case StatusCode::kIoError:
      return "io_error";
    case StatusCode::kInternal:
      return "internal";
  }
  return "internal";
}

std::optional<StatusCode> ParseStatusCode(std::string_view name) {
  for (int c = 0; c <= static_cast<int>(StatusCode::kInternal); ++c) {
    if (StatusCodeName(static_cast<StatusCode>(c)) == name) return static_cast<StatusCode>(c);
  }
  return std::nullopt;
}

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kVerificationFailed:
      return 422;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
      return 409;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kInsufficientFunds:
      return 402;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kConflict:
      return 409;
    case StatusCode::kCorruption:
      return 500;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kIoError:
      return 500;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

Status Status::WithFieldPrefix(std::string_view prefix) const {
  if (ok()) return *this;
  std::string field(prefix);
  if (!field_.empty()) {
    if (field_.front() != '[') field += '.';
    field += field_;
  }
  return Status(code_, std::move(field), message_);
}

std::string Status::ToString() const {
  std::string out(StatusCodeName(code_));
  if (ok()) return out;
  out += ": ";
  if (!field_.empty()) {
    out += field_;
    out += ": ";
  }
  out += message_;
  return out;
}

}  // namespace phantompool
