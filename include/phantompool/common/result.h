// Result<T>: a value or the Status explaining why there is none.
#pragma once

#include <cstdlib>
#include <optional>
#include <utility>

#include "phantompool/common/check.h"
#include "phantompool/common/status.h"

namespace phantompool {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    PP_CHECK(!status_.ok());  // an OK status without a value is a programmer error
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & {
    PP_CHECK(ok());
    return *value_;
  }
  const T& value() const& {
    PP_CHECK(ok());
    return *value_;
  }
  T&& value() && {
    PP_CHECK(ok());
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace phantompool

#define PP_CONCAT_INNER_(a, b) a##b
#define PP_CONCAT_(a, b) PP_CONCAT_INNER_(a, b)
#define PP_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()
// PP_ASSIGN_OR_RETURN(auto x, ParseX(bytes));
#define PP_ASSIGN_OR_RETURN(lhs, expr) \
  PP_ASSIGN_OR_RETURN_IMPL_(PP_CONCAT_(pp_result_, __LINE__), lhs, expr)
