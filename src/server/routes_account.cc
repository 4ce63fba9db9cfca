// A trader's account: registration, profile, balances, deposits, withdrawals, trades.
#include "phantompool/common/hex.h"
#include "phantompool/order/withdrawal_proof.h"
#include "resource_mapping.h"
#include "server_core.h"

namespace phantompool::server {
namespace {

Result<crypto::Point> ParseCommitment(const api::ObjectReader& r, const std::string& key) {
  PP_ASSIGN_OR_RETURN(std::string hex, r.String(key, 64));
  PP_ASSIGN_OR_RETURN(auto bytes, ParseHexExact(hex, 32, r.Field(key)));
  return crypto::Point::Decode(bytes, r.Field(key), crypto::IdentityPolicy::kAllow);
}

Result<Reply> Register(ServerCore& core, const Call& call) {
  PP_ASSIGN_OR_RETURN(api::json body, BodyObject(call.http));
  api::ObjectReader r(body, "body");
  PP_RETURN_IF_ERROR(r.Keys({"wallet_address", "public_key"}, {"username"}));
  store::NewUser u;
  PP_ASSIGN_OR_RETURN(u.wallet_address, r.String("wallet_address", 64));
  PP_ASSIGN_OR_RETURN(std::string key_hex, r.String("public_key", 64));
  PP_ASSIGN_OR_RETURN(u.public_key, ParseHexExact(key_hex, 32, r.Field("public_key")));
  if (body.contains("username") && !body["username"].is_null()) {
    PP_ASSIGN_OR_RETURN(std::string name, r.String("username", 64));
    u.username = std::move(name);
  }
  order::PublicKey key{};
  std::copy(u.public_key.begin(), u.public_key.end(), key.begin());
  // Possession of the key: the request is signed with it (as user 0).
  PP_RETURN_IF_ERROR(core.auth.CheckRegistration(call.http, key));
  PP_ASSIGN_OR_RETURN(int64_t id, core.store.CreateUser(store::Principal::Service(), u));
  PP_ASSIGN_OR_RETURN(store::User user, core.store.GetUser(store::Principal::Trader(id), id));
  return Json(201, api::ToJson(ToInfo(user)));
}

Result<Reply> Deposit(ServerCore& core, const Call& call) {
  if (core.config.deposits != DepositMode::kAuto) {
    return Status::PermissionDenied(
        "deposits",
        "deposits are credited by the operator once custody confirms them "
        "(phantompool deposit credit)");
  }
  PP_ASSIGN_OR_RETURN(api::json body, BodyObject(call.http));
  api::ObjectReader r(body, "body");
  PP_RETURN_IF_ERROR(r.Keys({"token", "amount", "reference"}));
  PP_ASSIGN_OR_RETURN(std::string token, r.String("token", 64));
  PP_ASSIGN_OR_RETURN(uint64_t amount, r.Unsigned("amount"));
  PP_ASSIGN_OR_RETURN(std::string reference, r.String("reference", 128));
  PP_ASSIGN_OR_RETURN(store::User user,
                      core.store.GetUser(store::Principal::Trader(call.user_id), call.user_id));
  if (user.kyc_status != store::KycStatus::kVerified) {
    return Status::FailedPrecondition("kyc_status", "the account is not verified");
  }
  PP_ASSIGN_OR_RETURN(
      store::Transfer t,
      core.store.Deposit(store::Principal::Service(), call.user_id, token, amount, reference));
  return Json(201, api::ToJson(ToInfo(t)));
}

Result<Reply> Withdraw(ServerCore& core, const Call& call) {
  PP_ASSIGN_OR_RETURN(api::json body, BodyObject(call.http));
  api::ObjectReader r(body, "body");
  PP_RETURN_IF_ERROR(r.Keys({"token", "amount", "reference", "available_commitment", "proof"}));
  PP_ASSIGN_OR_RETURN(std::string token, r.String("token", 64));
  PP_ASSIGN_OR_RETURN(uint64_t amount, r.Unsigned("amount"));
  PP_ASSIGN_OR_RETURN(std::string reference, r.String("reference", 128));
  PP_ASSIGN_OR_RETURN(crypto::Point available, ParseCommitment(r, "available_commitment"));
  PP_ASSIGN_OR_RETURN(std::string proof_hex, r.String("proof", 4096));
  PP_ASSIGN_OR_RETURN(auto proof_bytes, ParseHex(proof_hex, r.Field("proof")));
  PP_ASSIGN_OR_RETURN(auto proof, order::WithdrawalProof::Parse(proof_bytes, "proof"));
  const std::string user = std::to_string(call.user_id);
  order::WithdrawalStatement st{user, token, amount, reference, available};
  PP_RETURN_IF_ERROR(proof.Verify(st));
  // The store moves money only if A is still the user's available commitment (the proof
  // is about that A and no other).
  PP_ASSIGN_OR_RETURN(store::Transfer t,
                      core.store.Withdraw(store::Principal::Service(), call.user_id, token, amount,
                                          reference, available.Encode()));
  return Json(201, api::ToJson(ToInfo(t)));
}

}  // namespace

void AddAccountRoutes(Router& router, ServerCore& core) {
  router.Add({"POST",
              "/v1/users",
              Access::kRegistering,
              "Register a trader: the request is signed (as user 0) with the key it registers",
              "User",
              "NewUser",
              {},
              [&core](const Call& c) { return Register(core, c); }});
  router.Add({"GET",
              "/v1/me",
              Access::kTrader,
              "The caller's profile and KYC status",
              "User",
              "",
              {},
              [&core](const Call& c) -> Result<Reply> {
                PP_ASSIGN_OR_RETURN(
                    store::User u,
                    core.store.GetUser(store::Principal::Trader(c.user_id), c.user_id));
                return Json(200, api::ToJson(ToInfo(u)));
              }});
  router.Add({"GET",
              "/v1/balances",
              Access::kTrader,
              "The caller's balances with the available-balance commitment A the next order "
              "proves against",
              "BalanceList",
              "",
              {},
              [&core](const Call& c) -> Result<Reply> {
                PP_ASSIGN_OR_RETURN(auto rows, core.store.GetBalances(
                                                   store::Principal::Trader(c.user_id), c.user_id));
                api::json out = api::json::array();
                for (const auto& b : rows) out.push_back(api::ToJson(ToInfo(b)));
                return Json(200, out);
              }});
  router.Add({"POST",
              "/v1/deposits",
              Access::kTrader,
              "Credit a deposit (only where the server is configured with automatic deposits; "
              "otherwise the operator credits them). Idempotent on reference.",
              "Transfer",
              "Deposit",
              {},
              [&core](const Call& c) { return Deposit(core, c); }});
  router.Add({"POST",
              "/v1/withdrawals",
              Access::kTrader,
              "Withdraw with a range proof that the available balance covers the amount. "
              "Idempotent on reference.",
              "Transfer",
              "Withdrawal",
              {},
              [&core](const Call& c) { return Withdraw(core, c); }});
  router.Add({"GET",
              "/v1/trades",
              Access::kTrader,
              "The caller's trades",
              "TradeList",
              "",
              {},
              [&core](const Call& c) -> Result<Reply> {
                PP_ASSIGN_OR_RETURN(auto rows, core.store.ListTrades(
                                                   store::Principal::Trader(c.user_id), c.user_id));
                api::json out = api::json::array();
                for (const auto& t : rows) {
                  PP_ASSIGN_OR_RETURN(auto pair, core.PairById(t.trading_pair_id));
                  out.push_back(api::ToJson(ToInfo(t, pair.spec.symbol(), c.user_id)));
                }
                return Json(200, out);
              }});
}

}  // namespace phantompool::server
