// What every route handler shares: the store, the authenticator, the verifier, the key set,
// the pairs, the stream hub, the metrics and the scheduler. Handlers are free functions that
// register routes on a Router over one ServerCore (routes_*.cc).
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "authenticator.h"
#include "event_hub.h"
#include "metrics.h"
#include "order_verifier.h"
#include "phantompool/api/json.h"
#include "phantompool/executor/coordinator.h"
#include "phantompool/server/server.h"
#include "phantompool/store/store.h"
#include "rate_limiter.h"
#include "router.h"
#include "session_scheduler.h"

namespace phantompool::server {

struct ServerCore {
  ServerConfig config;
  store::Store& store;
  std::unique_ptr<executor::Coordinator> coordinator;
  Authenticator auth;
  RateLimiter limiter;
  OrderVerifier verifier;
  Metrics metrics;
  EventHub hub;
  std::unique_ptr<SessionScheduler> scheduler;
  int64_t started_at_ms = 0;

  ServerCore(const ServerConfig& c, store::Store& s, std::unique_ptr<executor::Coordinator> co);

  const crypto::threshold::PublicKeySet& keys() const { return coordinator->config().keys; }
  uint32_t key_epoch() const { return coordinator->config().key_epoch; }

  // The pair by symbol or id, from the store (pairs change only by migration or operator).
  Result<store::TradingPair> Pair(std::string_view symbol);
  Result<store::TradingPair> PairById(int64_t id);

 private:
  std::mutex pairs_mu_;
  std::vector<store::TradingPair> pairs_;
  Status LoadPairs();
};

int64_t NowMs();
Reply Json(int status, const api::json& j);
// The body as one strict JSON object, unknown keys refused by the caller's ObjectReader.
Result<api::json> BodyObject(const net::HttpRequest& request);
// A decimal id from the path: InvalidArgument naming `field` unless 1..2^63-1.
Result<int64_t> PathId(const Call& call, const std::string& name);
// An optional non-negative integer query parameter within [lo, hi].
Result<int64_t> QueryInt(const net::HttpRequest& request, std::string_view name, int64_t fallback,
                         int64_t lo, int64_t hi);

void AddPublicRoutes(Router& router, ServerCore& core);
void AddAccountRoutes(Router& router, ServerCore& core);
void AddOrderRoutes(Router& router, ServerCore& core);
void AddSessionRoutes(Router& router, ServerCore& core);

}  // namespace phantompool::server
