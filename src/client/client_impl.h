// Client's internals shared by its files (client.cc: requests; client_orders.cc: orders,
// the available balance and withdrawals; client_stream.cc: the event stream).
#pragma once

#include <mutex>
#include <optional>

#include "phantompool/api/resources.h"
#include "phantompool/client/client.h"
#include "phantompool/net/http_client.h"

namespace phantompool::client {

int64_t NowMs();
std::string QueryEscape(std::string_view s);
inline constexpr int kAttempts = 3;

class Client::Impl {
 public:
  Impl(net::Url u, const order::TraderKey* k, int64_t id)
      : url(std::move(u)), http(url), key(k), user_id(id) {}

  // One request; `sign` adds the trader's signature. GETs are retried on transport
  // failures (they change nothing); others are sent once.
  Result<api::json> Call(std::string_view method, const std::string& target,
                         const std::string& body, bool sign);
  Result<api::json> Get(const std::string& target, bool sign) {
    return Call("GET", target, "", sign);
  }
  Result<api::json> Post(const std::string& target, const api::json& body) {
    return Call("POST", target, body.dump(), true);
  }
  Result<const api::KeysInfo*> CachedKeys();
  Result<order::PairSpec> Pair(const std::string& symbol);

  net::Url url;
  std::mutex mu;  // one request at a time on the connection
  net::HttpClient http;
  const order::TraderKey* key;
  int64_t user_id;
  crypto::SystemRng rng;
  std::optional<api::KeysInfo> keys;
};

}  // namespace phantompool::client
