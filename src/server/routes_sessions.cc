// Sessions: each pair's batches with their outcome, VRF draw and executors, and a batch's
// frozen contents as the digest covers them (ids, sides, types, ciphertext hashes) so that
// anyone can recompute the batch digest and the seed.
#include "phantompool/common/hex.h"
#include "phantompool/order/encrypted_order.h"
#include "resource_mapping.h"
#include "server_core.h"

namespace phantompool::server {
namespace {

Result<Reply> List(ServerCore& core, const Call& call) {
  auto symbol = net::QueryParam(call.http.query, "pair");
  if (!symbol) return Status::InvalidArgument("pair", "required");
  PP_ASSIGN_OR_RETURN(store::TradingPair pair, core.Pair(*symbol));
  PP_ASSIGN_OR_RETURN(int64_t limit, QueryInt(call.http, "limit", 50, 1, 500));
  PP_ASSIGN_OR_RETURN(int64_t before, QueryInt(call.http, "before", 0, 0, INT64_MAX));
  PP_ASSIGN_OR_RETURN(auto rows, core.store.ListSessions(store::Principal::Service(), pair.id,
                                                         before, static_cast<int32_t>(limit)));
  api::json out = api::json::array();
  for (const auto& s : rows) out.push_back(SessionJson(s, pair.spec.symbol()));
  return Json(200, out);
}

Result<Reply> One(ServerCore& core, const Call& call) {
  PP_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id"));
  PP_ASSIGN_OR_RETURN(store::MatchingSession s, core.store.GetSession(store::Principal::Service(), id));
  PP_ASSIGN_OR_RETURN(store::TradingPair pair, core.PairById(s.trading_pair_id));
  return Json(200, SessionJson(s, pair.spec.symbol()));
}

Result<Reply> Batch(ServerCore& core, const Call& call) {
  PP_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id"));
  PP_ASSIGN_OR_RETURN(store::MatchingSession s, core.store.GetSession(store::Principal::Service(), id));
  PP_ASSIGN_OR_RETURN(store::TradingPair pair, core.PairById(s.trading_pair_id));
  PP_ASSIGN_OR_RETURN(auto orders, core.store.ListSessionOrders(store::Principal::Service(), id));
  api::json items = api::json::array();
  for (const auto& o : orders) {
    auto parsed = order::EncryptedOrder::Parse(o.encrypted_order);
    if (!parsed.ok()) return parsed.status().WithFieldPrefix("encrypted_orders");
    items.push_back({{"order_id", o.id},
                     {"side", order::SideName(o.side)},
                     {"order_type", order::OrderTypeName(o.order_type)},
                     {"validity", order::ValidityName(o.validity)},
                     {"ciphertext_hash", ToHex(parsed->CiphertextHash())}});
  }
  api::json out = SessionJson(s, pair.spec.symbol());
  out["orders"] = std::move(items);
  return Json(200, out);
}

}  // namespace

void AddSessionRoutes(Router& router, ServerCore& core) {
  router.Add({"GET", "/v1/sessions", Access::kPublic,
              "A pair's sessions, newest first: outcome, clearing price, volume, VRF draw",
              "SessionList", "", {"pair", "limit", "before"},
              [&core](const Call& c) { return List(core, c); }});
  router.Add({"GET", "/v1/sessions/{id}", Access::kPublic, "One session", "Session", "", {},
              [&core](const Call& c) { return One(core, c); }});
  router.Add({"GET", "/v1/sessions/{id}/batch", Access::kPublic,
              "The session's frozen batch as its digest covers it (no amounts, no owners)",
              "SessionBatch", "", {}, [&core](const Call& c) { return Batch(core, c); }});
}

}  // namespace phantompool::server
