// The whole path over real sockets, on SQLite and PostgreSQL: keygen, register, KYC,
// deposit, orders encrypted and proven by the client, a session closed by the server's
// scheduler and decrypted by five executors over HTTP, trades and balances; the stream read
// and resumed; every response checked against the OpenAPI document.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>

#include "openapi_check.h"
#include "server_fixture.h"

namespace phantompool::server::testing {
namespace {

std::map<std::string, uint64_t> BalancesOf(Trader& t) {
  std::map<std::string, uint64_t> out;
  auto all = t.client->Balances();
  EXPECT_TRUE(all.ok()) << all.status().ToString();
  if (all.ok()) {
    for (const auto& b : *all) out[b.token] = b.balance;
  }
  return out;
}

class ServerE2E : public ServerFixture {};

TEST_P(ServerE2E, OrdersSettleThroughTheExecutorsAndValueIsConserved) {
  Trader buyer = NewTrader();
  Trader seller = NewTrader();
  const auto before_b = BalancesOf(buyer), before_s = BalancesOf(seller);
  auto buy = buyer.client->PlaceOrder(Limit(order::Side::kBuy, 40));
  ASSERT_TRUE(buy.ok()) << buy.status().ToString();
  auto sell = seller.client->PlaceOrder(Limit(order::Side::kSell, 25, kPrice - 100));
  ASSERT_TRUE(sell.ok()) << sell.status().ToString();
  EXPECT_EQ(buy->status, "active");
  EXPECT_EQ(buy->user_id, buyer.id);

  // The scheduler closes the batch after the pair's period; five executors decrypt it.
  ASSERT_TRUE(WaitFor([&] {
    auto s = seller.client->Order(sell->id);
    return s.ok() && s->status == "filled";
  })) << "the session did not settle";
  auto b = buyer.client->Order(buy->id);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->status, "partially_filled");
  EXPECT_EQ(b->filled_amount, 25u);
  EXPECT_EQ(b->remaining_amount, 15u);

  auto trades = buyer.client->Trades();
  ASSERT_TRUE(trades.ok());
  ASSERT_EQ(trades->size(), 1u);
  const api::TradeInfo& t = (*trades)[0];
  EXPECT_EQ(t.side, "buy");
  EXPECT_EQ(t.amount, 25u);
  auto seller_trades = seller.client->Trades();
  ASSERT_TRUE(seller_trades.ok());
  ASSERT_EQ(seller_trades->size(), 1u);
  EXPECT_EQ((*seller_trades)[0].side, "sell");

  // Value moved, never made: what the buyer paid the seller received (less the fee, which
  // the fee account holds), and the base the other way.
  const auto after_b = BalancesOf(buyer), after_s = BalancesOf(seller);
  const std::string& base = pair_->base_token();
  const std::string& quote = pair_->quote_token();
  auto fee = store_->GetBalances(Principal::Service(), fee_user_);
  ASSERT_TRUE(fee.ok());
  std::map<std::string, uint64_t> fees;
  for (const auto& x : *fee) fees[x.token] = x.balance;
  EXPECT_EQ(before_b.at(quote) - after_b.at(quote), t.total_value);
  EXPECT_EQ(after_s.at(quote) - before_s.at(quote) + fees[quote], t.total_value);
  EXPECT_EQ(before_s.at(base) - after_s.at(base),
            after_b.at(base) - before_b.at(base) + fees[base]);
  EXPECT_EQ(before_s.at(base) - after_s.at(base), 25 * pair_->fields().base_lot);

  // The session is public, with a draw anyone can re-check.
  auto session = seller.client->Session(t.matching_session_id);
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  EXPECT_EQ((*session)["status"], "settled");
  EXPECT_EQ((*session)["total_volume"], 25);
  // 25 lots trade at both limit prices with 15 more wanted by the buyer at each: the buy
  // side's pressure sets the higher one (docs/auction.md, rule 3).
  EXPECT_EQ((*session)["price_rule"], "buy_pressure");
  EXPECT_EQ((*session)["clearing_price"], kPrice);
  EXPECT_EQ((*session)["vrf_output"].get<std::string>().size(), 64u);
  // The audit view: the draw's inputs, five verdicts at most, the opened batch.
  {
    net::HttpClient http = Http();
    auto audit =
        http.Send("GET", "/v1/sessions/" + std::to_string(t.matching_session_id) + "/audit");
    ASSERT_TRUE(audit.ok());
    ASSERT_EQ(audit->status, 200) << audit->body;
    const api::json a = api::json::parse(audit->body);
    EXPECT_EQ(a["opened_orders"].size(), 2u);
    EXPECT_NE(a["opened_orders"][0]["owner"], a["opened_orders"][1]["owner"]);
    int valid = 0;
    for (const auto& r : a["responses"]) valid += r["valid"].get<bool>() ? 1 : 0;
    EXPECT_GE(valid, 3);
    EXPECT_EQ(a["draw"]["batch_digest"].get<std::string>().size(), 64u);
    auto doc = api::json::parse(http.Send("GET", "/v1/openapi.json")->body);
    EXPECT_EQ(CheckResponse(doc, "get", "/v1/sessions/{id}/audit", 200, audit->body), "");
    EXPECT_EQ(a["price_rule"], "buy_pressure");
  }
  auto listed = seller.client->Sessions("SOL/USDC", 10);
  ASSERT_TRUE(listed.ok());
  EXPECT_GE(listed->size(), 1u);
  auto market = seller.client->Market();
  ASSERT_TRUE(market.ok());
  bool found = false;
  for (const auto& m : *market) {
    if (m.symbol == "SOL/USDC") {
      found = true;
      EXPECT_TRUE(m.last_price.has_value());
    }
  }
  EXPECT_TRUE(found);
}

TEST_P(ServerE2E, CancelReleasesExactlyTheLock) {
  Trader t = NewTrader();
  auto before = t.client->Balances();
  ASSERT_TRUE(before.ok());
  auto placed = t.client->PlaceOrder(Limit(order::Side::kBuy, 10));
  ASSERT_TRUE(placed.ok()) << placed.status().ToString();
  auto locked = t.client->Balances();
  ASSERT_TRUE(locked.ok());
  Status cancelled = t.client->Cancel(placed->id);
  ASSERT_TRUE(cancelled.ok()) << cancelled.ToString();
  auto after = t.client->Balances();
  ASSERT_TRUE(after.ok());
  for (size_t i = 0; i < before->size(); ++i) {
    EXPECT_EQ((*before)[i].available_commitment, (*after)[i].available_commitment);
    EXPECT_EQ((*before)[i].balance, (*after)[i].balance);
  }
  bool changed = false;
  for (size_t i = 0; i < before->size(); ++i) {
    changed |= (*before)[i].available_commitment != (*locked)[i].available_commitment;
  }
  EXPECT_TRUE(changed) << "placing the order locked nothing";
  auto o = t.client->Order(placed->id);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->status, "cancelled");
  // Cancelling twice changes nothing more.
  EXPECT_FALSE(t.client->Cancel(placed->id).ok());
}

TEST_P(ServerE2E, TheStreamResumesFromTheLastIdWithNothingMissed) {
  Trader a = NewTrader();
  Trader b = NewTrader();
  auto stream = a.client->Watch(0);
  ASSERT_TRUE(stream.ok());
  std::vector<int64_t> seen;
  // Reads until the stream has delivered everything the store holds for `a` now (other
  // events — executor heartbeats, sessions — keep arriving; "quiet" never comes).
  auto read_to_head = [&] {
    auto head = store_->ReadEvents(Principal::Trader(a.id), seen.empty() ? 0 : seen.back(), 1000);
    ASSERT_TRUE(head.ok());
    if (head->empty()) return;
    const int64_t target = head->back().id;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while ((seen.empty() || seen.back() < target) && std::chrono::steady_clock::now() < until) {
      auto e = (*stream)->Next(std::chrono::milliseconds(500));
      ASSERT_TRUE(e.ok()) << e.status().ToString();
      if (e->has_value()) seen.push_back((*e)->id);
    }
    ASSERT_FALSE(seen.empty());
    ASSERT_GE(seen.back(), target);
  };
  read_to_head();
  const size_t first = seen.size();
  EXPECT_GT(first, 0u);  // a's registration, KYC and deposits
  (*stream)->Disconnect();
  // Events while a is away: its own order and b's (not visible to a).
  ASSERT_TRUE(a.client->PlaceOrder(Limit(order::Side::kBuy, 5)).ok());
  ASSERT_TRUE(b.client->PlaceOrder(Limit(order::Side::kSell, 5)).ok());
  read_to_head();
  EXPECT_GT(seen.size(), first);
  // Exactly the events a may see, in order, each once: compare with the store.
  auto expected = store_->ReadEvents(Principal::Trader(a.id), 0, 1000);
  ASSERT_TRUE(expected.ok());
  std::vector<int64_t> want;
  for (const auto& e : *expected) {
    if (e.id <= seen.back()) want.push_back(e.id);
  }
  EXPECT_EQ(seen, want);
  for (const auto& e : *expected) {
    if (e.user_id) {
      EXPECT_EQ(*e.user_id, a.id);
    }
  }
}

// A stock WebSocket client (Node's built-in one): it reads, disconnects mid-stream, and
// reconnects with its last id; the union is every public event once, in order.
TEST_P(ServerE2E, AStockWebSocketClientResumes) {
  Trader a = NewTrader();
  Trader b = NewTrader();
  ASSERT_TRUE(a.client->PlaceOrder(Limit(order::Side::kBuy, 5)).ok());
  ASSERT_TRUE(b.client->PlaceOrder(Limit(order::Side::kSell, 5)).ok());
  auto head = store_->ReadEvents(Principal::Service(), 0, 1000);
  ASSERT_TRUE(head.ok());
  int64_t target = 0;
  for (const auto& e : *head) {
    if (!e.user_id) target = e.id;
  }
  const std::string script = std::string(PP_SOURCE_DIR) + "/tests/server/stream_resume.mjs";
  const std::string cmd = "node --experimental-websocket --no-warnings " + script + " " +
                          std::to_string(server_->port()) + " " + std::to_string(target) + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  ASSERT_EQ(pclose(p), 0) << out;
  // The script prints the ids it received across both connections.
  std::vector<int64_t> ids;
  for (size_t at = 0; at < out.size();) {
    size_t end = out.find('\n', at);
    if (end == std::string::npos) end = out.size();
    const std::string line = out.substr(at, end - at);
    if (line.rfind("id ", 0) == 0) ids.push_back(std::stoll(line.substr(3)));
    at = end + 1;
  }
  auto expected = store_->ReadEvents(Principal::Service(), 0, 1000);
  ASSERT_TRUE(expected.ok());
  std::vector<int64_t> want;
  for (const auto& e : *expected) {
    if (!e.user_id && (ids.empty() || e.id <= ids.back())) want.push_back(e.id);
  }
  EXPECT_FALSE(ids.empty()) << out;
  EXPECT_EQ(ids, want) << out;
}

TEST_P(ServerE2E, EveryResponseMatchesTheOpenApiDocument) {
  Trader t = NewTrader();
  auto placed = t.client->PlaceOrder(Limit(order::Side::kBuy, 3));
  ASSERT_TRUE(placed.ok());
  net::HttpClient http = Http();
  auto doc_response = http.Send("GET", "/v1/openapi.json");
  ASSERT_TRUE(doc_response.ok());
  ASSERT_EQ(doc_response->status, 200);
  const api::json doc = api::json::parse(doc_response->body);
  // Every route the server has is in the document: each path answers something other than
  // "no such route" — and nothing undocumented answers.
  std::set<std::string> documented;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) documented.insert(method + " " + path);
  }
  const std::string id = std::to_string(placed->id);
  struct Probe {
    std::string method, target, route;
    bool signed_;
  };
  const std::vector<Probe> probes = {
      {"GET", "/health", "get /health", false},
      {"GET", "/v1/keys", "get /v1/keys", false},
      {"GET", "/v1/pairs", "get /v1/pairs", false},
      {"GET", "/v1/market", "get /v1/market", false},
      {"GET", "/v1/executors", "get /v1/executors", false},
      {"GET", "/v1/sessions?pair=SOL/USDC&limit=5", "get /v1/sessions", false},
      {"GET", "/v1/me", "get /v1/me", true},
      {"GET", "/v1/balances", "get /v1/balances", true},
      {"GET", "/v1/orders?limit=10", "get /v1/orders", true},
      {"GET", "/v1/orders/" + id, "get /v1/orders/{id}", true},
      {"GET", "/v1/trades", "get /v1/trades", true},
      {"GET", "/v1/orders/999999", "get /v1/orders/{id}", true},  // an error body
      {"GET", "/v1/sessions?pair=NOPE/X", "get /v1/sessions", false},
      {"POST", "/v1/orders/" + id + "/cancel", "post /v1/orders/{id}/cancel", true},
  };
  for (const Probe& p : probes) {
    SCOPED_TRACE(p.method + " " + p.target);
    ASSERT_TRUE(documented.count(p.route)) << "undocumented route";
    net::Headers h;
    if (p.signed_) h = Sign(*t.key, t.id, p.method, p.target, "", NowMs());
    auto r = http.Send(p.method, p.target, "", h);
    ASSERT_TRUE(r.ok());
    const size_t q = p.route.find(' ');
    EXPECT_EQ(CheckResponse(doc, p.route.substr(0, q), p.route.substr(q + 1), r->status, r->body),
              "");
  }
  // Every documented operation is one the server routes (not 404 "no such route").
  for (const std::string& op : documented) {
    const size_t q = op.find(' ');
    std::string method = op.substr(0, q), path = op.substr(q + 1);
    if (path == "/v1/stream") continue;
    for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (size_t at; (at = path.find("{id}")) != std::string::npos;) path.replace(at, 4, "1");
    auto r = http.Send(method, path);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->body.find("no such route"), std::string::npos) << op;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, ServerE2E,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) {
                           return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace phantompool::server::testing
