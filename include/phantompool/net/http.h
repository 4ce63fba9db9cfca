// HTTP messages as plain values, and the URLs PhantomPool's processes reach each other at.
//
// The net module is the one place Boost.Beast is used; everything above it sees these
// types. Transport is plain HTTP/1.1 on a trusted network or 127.0.0.1: every message that
// matters is signed end to end (trader requests with the trader's Ed25519 key, executor
// traffic with the executors' and the coordinator's), so a network attacker can delay or
// drop but not forge. TLS belongs to the load balancer in front (docs/architecture.md).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "phantompool/common/result.h"

namespace phantompool::net {

struct HttpRequest {
  std::string method;                          // "GET", "POST", ...
  std::string target;                          // path and query, as sent
  std::string path;                            // target up to '?'
  std::string query;                           // after '?', without it
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string remote;  // "127.0.0.1:53211"

  // The header's value, or "" when absent.
  const std::string& Header(std::string_view lower_case_name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

// http://host:port — what the client side connects to.
struct Url {
  std::string host;
  uint16_t port = 0;
  std::string ToString() const;
};

// Strict: "http://" HOST ":" PORT with an optional trailing "/"; no path, user or query.
// Errors name `field`.
Result<Url> ParseUrl(std::string_view text, std::string_view field);

// Percent-decoded value of `name` in a query string ("a=1&b=2"), if present.
std::optional<std::string> QueryParam(std::string_view query, std::string_view name);

}  // namespace phantompool::net
