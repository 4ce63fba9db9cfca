// Public routes: health, metrics, the executors' key, the pairs and the market.
#include <map>

#include "phantompool/common/hex.h"
#include "resource_mapping.h"
#include "server_core.h"

namespace phantompool::server {

void AddPublicRoutes(Router& router, ServerCore& core) {
  router.Add({"GET",
              "/health",
              Access::kPublic,
              "Liveness and readiness: the database answers, the stream reads (503 when not "
              "ready, with the same body)",
              "Health",
              "",
              {},
              [&core](const Call&) -> Result<Reply> {
                // Ready when the database answers a request as this server's login.
                auto ping = core.store.ListPairs(store::Principal::Service());
                const bool db_ok = ping.ok();
                api::json j = {
                    {"status", db_ok ? "ok" : "unavailable"},
                    {"live", true},
                    {"ready", db_ok},
                    {"database", db_ok ? "ok" : ping.status().ToString()},
                    {"pairs", db_ok ? api::json(ping->size()) : api::json(nullptr)},
                    {"stream_last_event_id", core.hub.last_id()},
                    {"stream_sockets", core.hub.sockets()},
                    {"key_epoch", core.key_epoch()},
                    {"uptime_s", (NowMs() - core.started_at_ms) / 1000},
                };
                return Json(db_ok ? 200 : 503, j);
              }});
  router.Add({"GET",
              "/metrics",
              Access::kPublic,
              "Prometheus text format",
              "",
              "",
              {},
              [&core](const Call&) -> Result<Reply> {
                core.metrics.SetGauge("phantompool_stream_sockets", "Open WebSocket streams.",
                                      static_cast<double>(core.hub.sockets()));
                core.metrics.SetGauge("phantompool_verify_batches_total",
                                      "Proof-verification batches run.",
                                      static_cast<double>(core.verifier.batches()));
                return Reply{200, core.metrics.Render(), "text/plain; version=0.0.4"};
              }});
  router.Add({"GET",
              "/v1/keys",
              Access::kPublic,
              "The executors' joint public key and key set that orders are encrypted to",
              "Keys",
              "",
              {},
              [&core](const Call&) -> Result<Reply> {
                api::KeysInfo k;
                k.key_epoch = core.key_epoch();
                k.joint_public_key = ToHex(core.keys().public_key().Encode());
                k.public_key_set = ToHex(core.keys().Serialize());
                k.threshold = core.keys().threshold();
                k.participants = core.keys().participants();
                return Json(200, api::ToJson(k));
              }});
  router.Add({"GET",
              "/v1/pairs",
              Access::kPublic,
              "Every trading pair and its parameters",
              "PairList",
              "",
              {},
              [&core](const Call&) -> Result<Reply> {
                PP_ASSIGN_OR_RETURN(auto pairs, core.store.ListPairs(store::Principal::Service()));
                api::json out = api::json::array();
                for (const auto& p : pairs) out.push_back(api::ToJson(ToInfo(p)));
                return Json(200, out);
              }});
  router.Add(
      {"GET",
       "/v1/executors",
       Access::kPublic,
       "The executor nodes: status, last heartbeat and its age, answers judged valid, "
       "invalid, missed and unchecked, the reputation derived from them, and each "
       "node's latest invalid answers with why",
       "ExecutorList",
       "",
       {},
       [&core](const Call&) -> Result<Reply> {
         PP_ASSIGN_OR_RETURN(auto nodes, core.store.ListExecutors(store::Principal::Service()));
         PP_ASSIGN_OR_RETURN(auto invalid,
                             core.store.ListRecentInvalidAnswers(store::Principal::Service(), 200));
         constexpr size_t kPerNode = 5;
         std::map<int32_t, std::vector<store::StoredQuorumResponse>> recent;
         for (auto& r : invalid) {
           auto& list = recent[r.record.node_index];
           if (list.size() < kPerNode) list.push_back(std::move(r));
         }
         const int64_t now_us = NowMs() * 1000;
         api::json out = api::json::array();
         for (const auto& n : nodes) out.push_back(ExecutorJson(n, now_us, recent[n.node_index]));
         return Json(200, out);
       }});
  router.Add({"GET",
              "/v1/market",
              Access::kPublic,
              "Per pair: last clearing price, 24-hour volume, high, low, sessions, open orders",
              "MarketList",
              "",
              {},
              [&core](const Call&) -> Result<Reply> {
                PP_ASSIGN_OR_RETURN(auto rows,
                                    core.store.MarketOverview(store::Principal::Service()));
                api::json out = api::json::array();
                for (const auto& m : rows) out.push_back(api::ToJson(ToInfo(m)));
                return Json(200, out);
              }});
}

}  // namespace phantompool::server
