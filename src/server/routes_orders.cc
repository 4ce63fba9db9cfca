// Orders: intake (authenticate, KYC, pair, the user's limit, proofs batch-verified, then the
// store's compare-and-set on A), cancel, and the caller's own orders.
#include "phantompool/common/hex.h"
#include "phantompool/order/order_json.h"
#include "resource_mapping.h"
#include "server_core.h"

namespace phantompool::server {
namespace {

// A repeat of an order already held (same user, same nonce, same bytes): the client resent
// it after losing the answer. Scans the user's orders; only reached on a duplicate.
Result<std::optional<store::OrderRecord>> FindRepeat(ServerCore& core, int64_t user_id,
                                                     const order::EncryptedOrder& o) {
  store::OrderQuery q;
  q.user_id = user_id;
  q.limit = 1000;
  for (;;) {
    PP_ASSIGN_OR_RETURN(auto page, core.store.ListOrders(store::Principal::Trader(user_id), q));
    for (auto& rec : page) {
      if (rec.nonce == o.nonce()) {
        if (rec.encrypted_order == o.Serialize()) return std::optional(std::move(rec));
        return Status::AlreadyExists("order.nonce", "another order of this user has this nonce");
      }
    }
    if (page.size() < static_cast<size_t>(q.limit)) return std::optional<store::OrderRecord>();
    q.after_id = page.back().id;
  }
}

Result<Reply> Submit(ServerCore& core, const Call& call) {
  StageTimer stages(core.metrics);
  PP_ASSIGN_OR_RETURN(api::json body, BodyObject(call.http));
  api::ObjectReader r(body, "body");
  PP_RETURN_IF_ERROR(r.Keys({"order", "available_commitment"}));
  PP_ASSIGN_OR_RETURN(std::string a_hex, r.String("available_commitment", 64));
  PP_ASSIGN_OR_RETURN(auto a_bytes, ParseHexExact(a_hex, 32, "available_commitment"));
  PP_ASSIGN_OR_RETURN(
      crypto::Point available,
      crypto::Point::Decode(a_bytes, "available_commitment", crypto::IdentityPolicy::kAllow));
  auto parsed = order::EncryptedOrderFromJson(body["order"]);
  if (!parsed.ok()) return parsed.status().WithFieldPrefix("order");
  const order::EncryptedOrder& o = *parsed;
  if (o.user_id() != std::to_string(call.user_id)) {
    return Status::PermissionDenied("order.user_id", "must be the authenticated user");
  }
  if (o.key_epoch() != core.key_epoch()) {
    return Status::FailedPrecondition("order.key_epoch", "the executors' key is epoch " +
                                                             std::to_string(core.key_epoch()) +
                                                             "; fetch /v1/keys and encrypt again");
  }
  PP_ASSIGN_OR_RETURN(store::User user, core.auth.UserForOrder(call.user_id));
  if (!user.is_active) return Status::PermissionDenied("user", "the account is deactivated");
  if (user.kyc_status != store::KycStatus::kVerified) {
    return Status::FailedPrecondition("kyc_status", "the account is not verified");
  }
  PP_ASSIGN_OR_RETURN(store::TradingPair pair, core.Pair(o.pair()));
  if (!pair.is_active) return Status::FailedPrecondition("order.pair", "the pair is not trading");
  // The statement uses min(pair, user) sizes: an order above the user's limit does not verify.
  PP_ASSIGN_OR_RETURN(order::PairSpec bound, pair.spec.WithUserLimit(user.max_order_size));
  order::PublicKey key{};
  std::copy(user.public_key.begin(), user.public_key.end(), key.begin());
  const order::OrderStatement st{&bound, core.keys().public_key(), core.key_epoch(), available,
                                 key};
  stages.Lap("order_checks");
  Status verified = core.verifier.Verify(o, st);
  stages.Lap("order_verify");
  if (!verified.ok()) {
    core.metrics.CountOrder(false);
    return verified;
  }
  auto rec =
      core.store.SubmitOrder(store::Principal::Service(), call.user_id, o, available.Encode());
  stages.Lap("order_store");
  if (!rec.ok()) {
    const StatusCode code = rec.status().code();
    if (code == StatusCode::kAlreadyExists || code == StatusCode::kConflict) {
      PP_ASSIGN_OR_RETURN(auto repeat, FindRepeat(core, call.user_id, o));
      if (repeat) return Json(200, api::ToJson(ToInfo(*repeat, pair.spec.symbol())));
    }
    core.metrics.CountOrder(false);
    return rec.status();
  }
  core.metrics.CountOrder(true);
  if (core.scheduler) core.scheduler->OrderAccepted(pair.id);
  return Json(201, api::ToJson(ToInfo(*rec, pair.spec.symbol())));
}

Result<Reply> OneOrder(ServerCore& core, const Call& call, bool cancel) {
  PP_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id"));
  const auto me = store::Principal::Trader(call.user_id);
  if (cancel) {
    if (!call.http.body.empty()) {
      PP_ASSIGN_OR_RETURN(api::json body, BodyObject(call.http));
      api::ObjectReader r(body, "body");
      PP_RETURN_IF_ERROR(r.Keys({}));
    }
    PP_RETURN_IF_ERROR(core.store.CancelOrder(store::Principal::Service(), call.user_id, id));
  }
  PP_ASSIGN_OR_RETURN(store::OrderRecord rec, core.store.GetOrder(me, id));
  if (rec.user_id != call.user_id) return Status::NotFound("id", "no such order");
  PP_ASSIGN_OR_RETURN(store::TradingPair pair, core.PairById(rec.trading_pair_id));
  return Json(200, api::ToJson(ToInfo(rec, pair.spec.symbol())));
}

Result<Reply> ListOrders(ServerCore& core, const Call& call) {
  store::OrderQuery q;
  q.user_id = call.user_id;
  PP_ASSIGN_OR_RETURN(q.after_id, QueryInt(call.http, "after_id", 0, 0, INT64_MAX));
  PP_ASSIGN_OR_RETURN(int64_t limit, QueryInt(call.http, "limit", 100, 1, 1000));
  q.limit = static_cast<int32_t>(limit);
  if (auto s = net::QueryParam(call.http.query, "status")) {
    PP_ASSIGN_OR_RETURN(store::OrderStatus st, store::ParseOrderStatus(*s, "status"));
    q.status = st;
  }
  std::optional<int64_t> pair_id;
  if (auto p = net::QueryParam(call.http.query, "pair")) {
    PP_ASSIGN_OR_RETURN(store::TradingPair pair, core.Pair(*p));
    pair_id = pair.id;
  }
  PP_ASSIGN_OR_RETURN(auto rows, core.store.ListOrders(store::Principal::Trader(call.user_id), q));
  api::json out = api::json::array();
  for (const auto& rec : rows) {
    if (pair_id && rec.trading_pair_id != *pair_id) continue;
    PP_ASSIGN_OR_RETURN(store::TradingPair pair, core.PairById(rec.trading_pair_id));
    out.push_back(api::ToJson(ToInfo(rec, pair.spec.symbol())));
  }
  return Json(200, out);
}

}  // namespace

void AddOrderRoutes(Router& router, ServerCore& core) {
  router.Add({"POST",
              "/v1/orders",
              Access::kTrader,
              "Submit an encrypted, proven order against the available commitment it proves "
              "(resending the same bytes returns the order already held)",
              "Order",
              "OrderSubmission",
              {},
              [&core](const Call& c) { return Submit(core, c); }});
  router.Add({"GET",
              "/v1/orders",
              Access::kTrader,
              "The caller's orders, ascending id (pair filters within the page)",
              "OrderList",
              "",
              {"status", "pair", "after_id", "limit"},
              [&core](const Call& c) { return ListOrders(core, c); }});
  router.Add({"GET",
              "/v1/orders/{id}",
              Access::kTrader,
              "One of the caller's orders",
              "Order",
              "",
              {},
              [&core](const Call& c) { return OneOrder(core, c, false); }});
  router.Add({"POST",
              "/v1/orders/{id}/cancel",
              Access::kTrader,
              "Cancel a waiting order and release its lock",
              "Order",
              "",
              {},
              [&core](const Call& c) { return OneOrder(core, c, true); }});
}

}  // namespace phantompool::server
