// JSON at the API boundary: strict parsing of request bodies and the one error format.
//
//   {"error": {"code": "invalid_argument", "message": "...", "field": "size"}}
//
// `code` is the stable wire name of the StatusCode (docs/architecture.md), which clients
// switch on; the HTTP status is HttpStatusFor(code).
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>

#include "phantompool/common/result.h"

namespace phantompool::api {

using nlohmann::json;

// Parses a request body: one JSON value, no duplicate keys (the parser would silently keep
// the last), nesting at most `max_depth` deep. InvalidArgument naming `field` otherwise.
Result<json> ParseJsonStrict(std::string_view text, std::string_view field = "body",
                             size_t max_depth = 32);

std::string ErrorJson(const Status& status);
// The Status an error body stands for (the client's side); a body that is not one gives
// Internal naming the HTTP status.
Status StatusFromErrorJson(int http_status, std::string_view body);

// Strict access to one JSON object's members: every key must be known, the required ones
// present; values of the wrong type are errors naming "<object>.<key>".
class ObjectReader {
 public:
  ObjectReader(const json& object, std::string path) : object_(object), path_(std::move(path)) {}
  Status Keys(const std::set<std::string>& required, const std::set<std::string>& optional = {});
  bool Has(const std::string& key) const { return object_.contains(key); }
  Result<std::string> String(const std::string& key, size_t max_len = 1024) const;
  Result<uint64_t> Unsigned(const std::string& key) const;
  Result<int64_t> Int(const std::string& key) const;
  Result<bool> Bool(const std::string& key) const;
  std::string Field(const std::string& key) const;

 private:
  const json& object_;
  std::string path_;
};

}  // namespace phantompool::api
