// The API attacked as an outsider would, over a real socket: replayed, expired, tampered and
// misattributed requests; another trader's order read or cancelled; an order copied into
// another user's name; a withdrawal proof for another amount; a body too large; and two
// servers on one database, where only the lease holder runs a pair's sessions.
#include <gtest/gtest.h>

#include "phantompool/common/hex.h"
#include "phantompool/order/order_json.h"
#include "phantompool/order/withdrawal_proof.h"
#include "server_fixture.h"

namespace phantompool::server::testing {
namespace {

class ServerAttack : public ServerFixture {
 protected:
  std::string ErrorField(const net::HttpResponse& r) {
    auto j = api::json::parse(r.body, nullptr, false);
    if (j.is_discarded() || !j.contains("error")) return "(not an error: " + r.body + ")";
    return j["error"].value("field", "");
  }
};

TEST_P(ServerAttack, ReplayedExpiredAndTamperedRequestsAreRefused) {
  Trader t = NewTrader();
  net::HttpClient http = Http();
  const net::Headers h = Sign(*t.key, t.id, "GET", "/v1/me", "", NowMs());
  auto first = http.Send("GET", "/v1/me", "", h);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->status, 200);
  auto replay = http.Send("GET", "/v1/me", "", h);
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->status, 401);
  EXPECT_EQ(ErrorField(*replay), "x-pp-nonce");
  // Signed 31 s ago: outside the window.
  auto old =
      http.Send("GET", "/v1/me", "", Sign(*t.key, t.id, "GET", "/v1/me", "", NowMs() - 31'000));
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->status, 401);
  EXPECT_EQ(ErrorField(*old), "x-pp-timestamp");
  // The signature covers the path: moved to another route it fails.
  auto moved =
      http.Send("GET", "/v1/balances", "", Sign(*t.key, t.id, "GET", "/v1/me", "", NowMs()));
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->status, 401);
  // ... and the body.
  const std::string body =
      R"({"token":")" + pair_->quote_token() + R"(","amount":5,"reference":"x1"})";
  auto h2 = Sign(*t.key, t.id, "POST", "/v1/deposits", body, NowMs());
  std::string tampered = body;
  tampered.replace(tampered.find("5"), 1, "9");
  auto tam = http.Send("POST", "/v1/deposits", tampered, h2);
  ASSERT_TRUE(tam.ok());
  EXPECT_EQ(tam->status, 401);
  EXPECT_EQ(ErrorField(*tam), "x-pp-signature");
  // Another user's id with this key.
  Trader other = NewTrader();
  auto as_other =
      http.Send("GET", "/v1/me", "", Sign(*t.key, other.id, "GET", "/v1/me", "", NowMs()));
  ASSERT_TRUE(as_other.ok());
  EXPECT_EQ(as_other->status, 401);
  // Unsigned on a trader route.
  auto anon = http.Send("GET", "/v1/balances");
  ASSERT_TRUE(anon.ok());
  EXPECT_EQ(anon->status, 401);
}

TEST_P(ServerAttack, AnotherTradersOrderCanBeNeitherReadNorCancelled) {
  Trader victim = NewTrader();
  Trader thief = NewTrader();
  auto placed = victim.client->PlaceOrder(Limit(order::Side::kBuy, 7));
  ASSERT_TRUE(placed.ok()) << placed.status().ToString();
  auto read = thief.client->Order(placed->id);
  EXPECT_EQ(read.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(thief.client->Cancel(placed->id).ok());
  auto still = victim.client->Order(placed->id);
  ASSERT_TRUE(still.ok());
  EXPECT_EQ(still->status, "active");
  auto list = thief.client->Orders({});
  ASSERT_TRUE(list.ok());
  for (const auto& o : *list) EXPECT_EQ(o.user_id, thief.id);
}

TEST_P(ServerAttack, ACopiedOrderIsRefusedAndChangesNothing) {
  Trader victim = NewTrader();
  Trader thief = NewTrader();
  auto placed = victim.client->PlaceOrder(Limit(order::Side::kBuy, 9));
  ASSERT_TRUE(placed.ok());
  // The thief resubmits the victim's order bytes (as it might read them off the wire)
  // under its own signature: the order names the victim.
  auto bytes = ParseHex(placed->encrypted_order, "x").value();
  auto order = order::EncryptedOrder::Parse(bytes).value();
  auto balances = thief.client->Balances().value();
  const std::string body = api::json{{"order", order::EncryptedOrderToJson(order)},
                                     {"available_commitment", balances[0].available_commitment}}
                               .dump();
  net::HttpClient http = Http();
  auto r = http.Send("POST", "/v1/orders", body,
                     Sign(*thief.key, thief.id, "POST", "/v1/orders", body, NowMs()));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(ErrorField(*r), "order.user_id");
  // Rewriting the user id in the JSON breaks the trader's signature and proofs.
  api::json j = order::EncryptedOrderToJson(order);
  j["user_id"] = std::to_string(thief.id);
  auto reparsed = order::EncryptedOrderFromJson(j);
  if (reparsed.ok()) {
    const std::string body2 =
        api::json{{"order", j}, {"available_commitment", balances[0].available_commitment}}.dump();
    auto r2 = http.Send("POST", "/v1/orders", body2,
                        Sign(*thief.key, thief.id, "POST", "/v1/orders", body2, NowMs()));
    ASSERT_TRUE(r2.ok());
    EXPECT_EQ(r2->status, 422) << r2->body;
  }
  auto after = thief.client->Balances().value();
  EXPECT_EQ(after[0].available_commitment, balances[0].available_commitment);
  auto orders = thief.client->Orders({});
  ASSERT_TRUE(orders.ok());
  EXPECT_TRUE(orders->empty());
}

// The server keeps a verified trader's row for a few seconds (intake reads it per order);
// an operator's suspension or KYC revocation must still hold at once. The store's
// submission checks both again inside its transaction.
TEST_P(ServerAttack, ASuspendedTraderIsRefusedAtOnceThoughTheServerKnewItVerified) {
  Trader t = NewTrader();
  ASSERT_TRUE(t.client->PlaceOrder(Limit(order::Side::kBuy, 9)).ok());  // cached as verified
  const auto before = t.client->Balances().value();
  ASSERT_TRUE(store_->SetUserActive(Principal::Service(), t.id, false).ok());
  auto refused = t.client->PlaceOrder(Limit(order::Side::kBuy, 9));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().field(), "users.is_active");
  ASSERT_TRUE(store_->SetUserActive(Principal::Service(), t.id, true).ok());
  ASSERT_TRUE(store_->SetKycStatus(Principal::Service(), t.id, store::KycStatus::kRejected).ok());
  refused = t.client->PlaceOrder(Limit(order::Side::kBuy, 9));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().field(), "users.kyc_status");
  const auto after = t.client->Balances().value();
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].available_commitment, before[i].available_commitment);
  }
  EXPECT_EQ(t.client->Orders({}).value().size(), 1u);
}

TEST_P(ServerAttack, AWithdrawalProofForAnotherAmountIsRefused) {
  Trader t = NewTrader(0, 1'000'000);
  const std::string& token = pair_->quote_token();
  auto opening = t.client->OpenAvailable(token);
  ASSERT_TRUE(opening.ok()) << opening.status().ToString();
  auto balances = t.client->Balances().value();
  const std::string a_hex = balances[0].available_commitment;
  auto a = crypto::Point::Decode(ParseHex(a_hex, "a").value(), "a", crypto::IdentityPolicy::kAllow)
               .value();
  const std::string user = std::to_string(t.id);
  order::WithdrawalStatement st{user, token, 10, "w-1", a};
  auto proof = order::WithdrawalProof::Prove(st, *opening, rng_);
  ASSERT_TRUE(proof.ok());
  // The proof is for 10; the request asks for 900,000.
  const std::string body = api::json{{"token", token},
                                     {"amount", 900'000},
                                     {"reference", "w-1"},
                                     {"available_commitment", a_hex},
                                     {"proof", ToHex(proof->Serialize())}}
                               .dump();
  net::HttpClient http = Http();
  auto r = http.Send("POST", "/v1/withdrawals", body,
                     Sign(*t.key, t.id, "POST", "/v1/withdrawals", body, NowMs()));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 422) << r->body;
  EXPECT_EQ(t.client->Balances().value()[0].balance, 1'000'000u);
  // The honest withdrawal of 10 goes through, once.
  auto w = t.client->Withdraw(token, 10, "w-2");
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(t.client->Balances().value()[0].balance, 999'990u);
}

TEST_P(ServerAttack, MalformedAndOversizedBodiesNameTheFieldAndChangeNothing) {
  Trader t = NewTrader();
  net::HttpClient http = Http();
  auto send = [&](const std::string& body) {
    return http.Send("POST", "/v1/orders", body,
                     Sign(*t.key, t.id, "POST", "/v1/orders", body, NowMs()));
  };
  auto dup = send(R"({"order":{},"order":{},"available_commitment":"00"})");
  ASSERT_TRUE(dup.ok());
  EXPECT_EQ(dup->status, 400);
  auto unknown = send(R"({"order":{},"available_commitment":"00","extra":1})");
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->status, 400);
  EXPECT_EQ(ErrorField(*unknown), "body.extra");
  auto big = http.Send("POST", "/v1/orders", std::string(2 * 1024 * 1024, 'x'));
  ASSERT_TRUE(!big.ok() || big->status == 413 || big->status == 400);
  auto orders = t.client->Orders({});
  ASSERT_TRUE(orders.ok());
  EXPECT_TRUE(orders->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, ServerAttack,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) {
                           return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
                         });

// Two servers on one PostgreSQL database: both take orders; one holds each pair's lease and
// runs its sessions; none fails for lack of it.
class TwoServers : public ServerFixture {};

TEST_P(TwoServers, ShareOneDatabaseAndOneCoordinatesEachPair) {
  auto second_store = store::testing::Open(db_->service_url());
  ASSERT_NE(second_store, nullptr);
  auto second = StartServer(*second_store);
  ASSERT_NE(second, nullptr);
  Trader a = NewTrader();
  Trader b = NewTrader();
  auto b2 = client::Client::Create(Url(*second), b.key.get(), b.id).value();
  auto buy = a.client->PlaceOrder(Limit(order::Side::kBuy, 10));
  ASSERT_TRUE(buy.ok()) << buy.status().ToString();
  auto sell = b2->PlaceOrder(Limit(order::Side::kSell, 10));  // through the other server
  ASSERT_TRUE(sell.ok()) << sell.status().ToString();
  ASSERT_TRUE(WaitFor([&] {
    auto o = a.client->Order(buy->id);
    return o.ok() && o->status == "filled";
  }));
  // Let both schedulers try a few more times, then look at every session of the pair.
  std::this_thread::sleep_for(std::chrono::seconds(6));
  second.reset();
  second_store.reset();
  auto sessions = a.client->Sessions("SOL/USDC", 100);
  ASSERT_TRUE(sessions.ok());
  int64_t previous = 0;
  for (auto it = sessions->rbegin(); it != sessions->rend(); ++it) {
    EXPECT_EQ((*it)["status"], "settled") << it->dump();
    EXPECT_EQ((*it)["session_number"].get<int64_t>(), previous + 1);
    previous = (*it)["session_number"];
  }
}

INSTANTIATE_TEST_SUITE_P(Postgres, TwoServers, ::testing::Values(Backend::kPostgres),
                         [](const auto&) { return "Postgres"; });

}  // namespace
}  // namespace phantompool::server::testing
