#include "cli_output.h"

#include <iostream>
#include <nlohmann/json.hpp>

namespace phantompool::cli {

void PrintError(const Status& status) {
  nlohmann::ordered_json error;
  error["code"] = StatusCodeName(status.code());
  error["field"] = status.field();
  error["message"] = status.message();
  nlohmann::ordered_json out;
  out["error"] = std::move(error);
  std::cerr << out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

int ReportError(const Status& status) {
  PrintError(status);
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
      return 2;
    default:
      return 1;
  }
}

int ReportStatus(const Status& status) {
  return status.ok() ? 0 : ReportError(status);
}

}  // namespace phantompool::cli
