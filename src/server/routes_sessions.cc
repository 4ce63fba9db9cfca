// Sessions: each pair's batches with their outcome, VRF draw and executors, and a batch's
// frozen contents as the digest covers them (ids, sides, types, ciphertext hashes) so that
// anyone can recompute the batch digest and the seed.
#include <algorithm>
#include <map>

#include "phantompool/auction/session_owners.h"
#include "phantompool/common/hex.h"
#include "phantompool/order/encrypted_order.h"
#include "resource_mapping.h"
#include "server_core.h"

namespace phantompool::server {
namespace {

Result<Reply> ListSessions(ServerCore& core, const Call& call) {
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
  PP_ASSIGN_OR_RETURN(store::MatchingSession s,
                      core.store.GetSession(store::Principal::Service(), id));
  PP_ASSIGN_OR_RETURN(store::TradingPair pair, core.PairById(s.trading_pair_id));
  return Json(200, SessionJson(s, pair.spec.symbol()));
}

Result<Reply> Batch(ServerCore& core, const Call& call) {
  PP_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id"));
  PP_ASSIGN_OR_RETURN(store::MatchingSession s,
                      core.store.GetSession(store::Principal::Service(), id));
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

// Everything an auditor (or the dashboard's "verify") needs about one session: the draw's
// inputs, each executor's signed response with the coordinator's verdict, the excluded
// orders with why, and — once settled — the opened batch. Owners appear as per-session
// pseudonyms (t1, t2, ... in order of first appearance): enough to check self-trade
// prevention, nothing that names a user.
Result<Reply> Audit(ServerCore& core, const Call& call) {
  PP_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id"));
  const auto svc = store::Principal::Service();
  PP_ASSIGN_OR_RETURN(store::MatchingSession s, core.store.GetSession(svc, id));
  PP_ASSIGN_OR_RETURN(store::TradingPair pair, core.PairById(s.trading_pair_id));
  api::json out = SessionJson(s, pair.spec.symbol());
  out["draw"] = {{"key_epoch", s.key_epoch},
                 {"batch_digest", ToHex(s.batch_digest)},
                 {"previous_vrf_output", ToHex(s.previous_vrf_output)},
                 {"vrf_seed", ToHex(s.vrf_seed)},
                 {"public_key_set", ToHex(core.keys().Serialize())}};
  PP_ASSIGN_OR_RETURN(auto responses, core.store.ListQuorumResponses(svc, id));
  api::json rs = api::json::array();
  for (const auto& r : responses) {
    rs.push_back({{"attempt", r.attempt},
                  {"node_index", r.record.node_index},
                  {"asked", r.record.asked},
                  {"valid", r.record.valid},
                  {"combined", r.record.combined},
                  {"reason", r.record.reason},
                  {"latency_ms", r.record.latency_ms},
                  {"response",
                   r.record.response ? api::json(ToHex(*r.record.response)) : api::json(nullptr)}});
  }
  out["responses"] = std::move(rs);
  PP_ASSIGN_OR_RETURN(auto excluded, core.store.ListExcludedOrders(svc, id));
  api::json ex = api::json::array();
  for (const auto& e : excluded) {
    ex.push_back({{"order_id", e.order_id},
                  {"reason", e.reason},
                  {"shared_point",
                   e.shared_point ? api::json(ToHex(*e.shared_point)) : api::json(nullptr)}});
  }
  out["excluded"] = std::move(ex);
  api::json opened = api::json::array();
  api::json trades = api::json::array();
  if (s.status == store::SessionStatus::kSettled) {
    // The openings, not the session's current orders: a partly filled order has moved on.
    PP_ASSIGN_OR_RETURN(auto openings, core.store.ListSessionOpenings(svc, id));
    std::sort(openings.begin(), openings.end(),
              [](const auto& a, const auto& b) { return a.order_id < b.order_id; });
    PP_ASSIGN_OR_RETURN(store::SessionTrades filled, core.store.ListSessionTrades(svc, id));
    auction::SessionOwners owners;  // the labels the coordinator cleared on
    for (const store::OrderOpening& op : openings) {
      PP_ASSIGN_OR_RETURN(store::OrderRecord o, core.store.GetOrder(svc, op.order_id));
      auto parsed = order::EncryptedOrder::Parse(o.encrypted_order);
      if (!parsed.ok()) return parsed.status().WithFieldPrefix("encrypted_orders");
      const auto before = filled.filled_before.find(o.id);
      const uint64_t filled_before = before == filled.filled_before.end() ? 0 : before->second;
      if (filled_before >= op.size) {
        return Status::Corruption(
            "trades", "order " + std::to_string(o.id) + " was filled before this session");
      }
      opened.push_back(
          {{"order_id", o.id},
           {"owner", owners.Of(parsed->user_id())},
           {"side", order::SideName(o.side)},
           {"order_type", order::OrderTypeName(o.order_type)},
           {"validity", order::ValidityName(o.validity)},
           {"size", op.size},
           {"size_in_session", op.size - filled_before},
           {"limit_price", op.limit_price ? api::json(*op.limit_price) : api::json(nullptr)},
           {"min_fill", op.min_fill},
           {"expiry",
            o.validity == order::Validity::kGtt ? api::json(parsed->expiry()) : api::json(nullptr)},
           {"opened_in_session", op.session_id},
           {"ciphertext_hash", ToHex(parsed->CiphertextHash())}});
    }
    for (const store::Trade& t : filled.trades) {
      trades.push_back({{"buy_order_id", t.buy_order_id},
                        {"sell_order_id", t.sell_order_id},
                        {"amount", t.amount},
                        {"price", t.price}});
    }
  }
  out["opened_orders"] = std::move(opened);
  out["trades"] = std::move(trades);
  return Json(200, out);
}

}  // namespace

void AddSessionRoutes(Router& router, ServerCore& core) {
  router.Add({"GET",
              "/v1/sessions",
              Access::kPublic,
              "A pair's sessions, newest first: outcome, clearing price, volume, VRF draw",
              "SessionList",
              "",
              {"pair", "limit", "before"},
              [&core](const Call& c) { return ListSessions(core, c); }});
  router.Add({"GET",
              "/v1/sessions/{id}",
              Access::kPublic,
              "One session",
              "Session",
              "",
              {},
              [&core](const Call& c) { return One(core, c); }});
  router.Add({"GET",
              "/v1/sessions/{id}/batch",
              Access::kPublic,
              "The session's frozen batch as its digest covers it (no amounts, no owners)",
              "SessionBatch",
              "",
              {},
              [&core](const Call& c) { return Batch(core, c); }});
  router.Add({"GET",
              "/v1/sessions/{id}/audit",
              Access::kPublic,
              "What an auditor re-checks: the draw's inputs, every executor's signed response "
              "and verdict, excluded orders with why, and the opened batch once settled "
              "(owners as per-session pseudonyms)",
              "SessionAudit",
              "",
              {},
              [&core](const Call& c) { return Audit(core, c); }});
}

}  // namespace phantompool::server
