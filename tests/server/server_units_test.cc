// The server's parts that need no network: routing, replay protection, rate limits, the
// configuration's strict parsing, the OpenAPI document's coverage of the route table, and
// resources mapped from store rows as that document describes them.
#include <gtest/gtest.h>

#include "authenticator.h"
#include "openapi.h"
#include "openapi_check.h"
#include "phantompool/server/server.h"
#include "rate_limiter.h"
#include "resource_mapping.h"
#include "router.h"

namespace phantompool::server {
namespace {

Handler Fixed(int status) {
  return [status](const Call&) -> Result<Reply> { return Reply{status, "{}"}; };
}

TEST(Router, MatchesPatternsAndTellsMethodFromPath) {
  Router r;
  r.Add({"GET", "/v1/orders/{id}", Access::kTrader, "", "Order", "", {}, Fixed(200)});
  r.Add({"POST", "/v1/orders/{id}/cancel", Access::kTrader, "", "Order", "", {}, Fixed(200)});
  auto m = r.Find("GET", "/v1/orders/42");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("id"), "42");
  EXPECT_EQ(r.Find("GET", "/v1/orders/42/cancel").route, nullptr);
  EXPECT_TRUE(r.Find("GET", "/v1/orders/42/cancel").path_known);  // 405, not 404
  EXPECT_FALSE(r.Find("GET", "/v1/orders").path_known);
  EXPECT_EQ(r.Find("GET", "/v1/orders/42/").route, nullptr);  // one spelling per resource
  EXPECT_EQ(r.Find("GET", "/v1/orders//").route, nullptr);
}

TEST(NonceStore, AcceptsANonceOncePerUserAndForgetsAfterTwoWindows) {
  NonceStore s;
  std::array<uint8_t, api::kRequestNonceBytes> n{};
  n[0] = 7;
  EXPECT_TRUE(s.Insert(1, n, 1'000'000));
  EXPECT_FALSE(s.Insert(1, n, 1'000'001));  // the replay
  EXPECT_TRUE(s.Insert(2, n, 1'000'002));   // another user's nonce space
  // Long after the window the timestamp check refuses the request; the nonce may go.
  EXPECT_TRUE(s.Insert(3, n, 1'000'000 + 2 * api::kRequestWindowMs + 10));
  EXPECT_EQ(s.size(), 1u);
}

TEST(RateLimiter, RefusesPastTheBurstAndRefillsAtTheRate) {
  RateLimiter r(10, 3);
  EXPECT_TRUE(r.Take("user:1", 0).ok());
  EXPECT_TRUE(r.Take("user:1", 0).ok());
  EXPECT_TRUE(r.Take("user:1", 0).ok());
  Status s = r.Take("user:1", 0);
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(HttpStatusFor(s.code()), 429);
  EXPECT_TRUE(r.Take("user:2", 0).ok());    // buckets are per caller
  EXPECT_TRUE(r.Take("user:1", 100).ok());  // 100 ms at 10/s: one token back
  EXPECT_FALSE(r.Take("user:1", 100).ok());
}

TEST(ServerConfig, StrictParsingNamesTheField) {
  auto c = ParseServerConfig(R"({"listen":"127.0.0.1:0","coordinator_dir":"/tmp/c",
                                  "deposits":"auto","verify_threads":3})");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->port, 0);
  EXPECT_EQ(c->deposits, DepositMode::kAuto);
  EXPECT_EQ(c->verify_threads, 3);
  auto unknown = ParseServerConfig(R"({"listen":"127.0.0.1:1","coordinator_dir":"x","lsten":1})");
  EXPECT_NE(unknown.status().ToString().find("lsten"), std::string::npos);
  auto missing = ParseServerConfig(R"({"listen":"127.0.0.1:1"})");
  EXPECT_NE(missing.status().ToString().find("coordinator_dir"), std::string::npos);
  auto bad_mode =
      ParseServerConfig(R"({"listen":"127.0.0.1:1","coordinator_dir":"x","deposits":"yes"})");
  EXPECT_NE(bad_mode.status().ToString().find("deposits"), std::string::npos);
  auto bad_listen = ParseServerConfig(R"({"listen":"nowhere","coordinator_dir":"x"})");
  EXPECT_NE(bad_listen.status().ToString().find("listen"), std::string::npos);
  auto dup =
      ParseServerConfig(R"({"listen":"127.0.0.1:1","listen":"127.0.0.1:2","coordinator_dir":"x"})");
  EXPECT_FALSE(dup.ok());
  auto zero = ParseServerConfig(R"({"listen":"127.0.0.1:1","coordinator_dir":"x","io_threads":0})");
  EXPECT_NE(zero.status().ToString().find("io_threads"), std::string::npos);
}

TEST(OpenApi, EveryRouteIsDocumentedWithItsSchemas) {
  Router r;
  r.Add({"GET", "/v1/orders/{id}", Access::kTrader, "one", "Order", "", {}, Fixed(200)});
  r.Add(
      {"POST", "/v1/withdrawals", Access::kTrader, "w", "Transfer", "Withdrawal", {}, Fixed(201)});
  const api::json doc = OpenApiDocument(r);
  EXPECT_EQ(doc["openapi"], "3.1.0");
  const auto& op = doc["paths"]["/v1/orders/{id}"]["get"];
  EXPECT_EQ(op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Order");
  bool has_id = false, has_sig = false;
  for (const auto& p : op["parameters"]) {
    has_id |= p["name"] == "id" && p["in"] == "path";
    has_sig |= p["name"] == "X-PP-Signature";
  }
  EXPECT_TRUE(has_id);
  EXPECT_TRUE(has_sig);
  EXPECT_TRUE(doc["paths"]["/v1/withdrawals"]["post"].contains("requestBody"));
  for (const auto& [name, schema] : doc["components"]["schemas"].items()) {
    EXPECT_TRUE(schema.contains("type")) << name;
  }
}

// A session's price rule and an executor's reputation, as the routes map them, against the
// schemas the document publishes (the end-to-end test checks live responses the same way).
TEST(OpenApi, SessionsAndExecutorsMapAsDocumented) {
  const api::json doc = OpenApiDocument(Router());
  const api::json& schemas = doc["components"]["schemas"];
  store::MatchingSession s;
  s.id = 7;
  s.trading_pair_id = 1;
  s.session_number = 3;
  s.vrf_seed = store::Bytes(32, 1);
  api::json frozen = SessionJson(s, "SOL/USDC");
  EXPECT_TRUE(frozen["price_rule"].is_null());
  EXPECT_EQ(testing::CheckValue(doc, schemas["Session"], frozen, "session"), "");
  s.status = store::SessionStatus::kSettled;
  for (auction::PriceRule rule : auction::kPriceRules) {
    s.price_rule = rule;
    api::json settled = SessionJson(s, "SOL/USDC");
    EXPECT_EQ(settled["price_rule"], auction::PriceRuleName(rule));
    EXPECT_EQ(testing::CheckValue(doc, schemas["Session"], settled, "session"), "");
  }
  s.price_rule = auction::PriceRule::kMinSurplus;
  api::json wrong = SessionJson(s, "SOL/USDC");
  wrong["price_rule"] = "median";  // the document names the rules: anything else is refused
  EXPECT_NE(testing::CheckValue(doc, schemas["Session"], wrong, "session"), "");

  store::ExecutorNode n;
  n.node_index = 2;
  n.endpoint_url = "http://127.0.0.1:7102";
  n.last_heartbeat = 5'000'000;
  n.valid_responses = 10;
  n.invalid_responses = 1;
  n.missed_responses = 0;
  n.reputation = store::ExecutorReputation(10, 1, 0);
  store::StoredQuorumResponse lie;
  lie.session_id = 41;
  lie.attempt = 2;
  lie.created_at = 7'000'000;
  lie.record.node_index = 2;
  lie.record.reason = "decryption shares do not verify";
  const std::vector<store::StoredQuorumResponse> recent = {lie};
  api::json e = ExecutorJson(n, 8'000'000, recent);
  EXPECT_EQ(e["reputation"], 785);
  EXPECT_EQ(e["recent_invalid_answers"][0]["reason"], "decryption shares do not verify");
  EXPECT_EQ(e["recent_invalid_answers"][0]["session_id"], 41);
  EXPECT_EQ(e["missed_responses"], 0);
  EXPECT_EQ(e["heartbeat_age_ms"], 3'000);
  EXPECT_EQ(testing::CheckValue(doc, schemas["Executor"], e, "executor"), "");
  e["reputation"] = 1001;
  EXPECT_NE(testing::CheckValue(doc, schemas["Executor"], e, "executor"), "");
}

}  // namespace
}  // namespace phantompool::server
