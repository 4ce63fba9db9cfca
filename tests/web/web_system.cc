// A whole PhantomPool on 127.0.0.1 for the browser test (web/test/browser.test.mjs): the
// server fixture (five executors behind their own HTTP servers, a DKG, the API server) on
// SQLite, serving the built dashboard from PP_WEB_ROOT, with two registered, funded traders
// whose key files are written to PP_WEB_OUT. Not a test on its own: the browser test starts
// it and drives it over stdin, one command a line, each answered by one line on stdout:
//
//   trade            trader 1 buys and trader 2 sells at the same price; waits for the
//                    session to settle → "settled {json: session_id, buy_order, sell_order}"
//   quit             stops everything → exits 0
//
// After start-up it prints "ready {json: url, traders: [{id, key_file}]}".
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include "phantompool/order/trader_key_file.h"
#include "server_fixture.h"

namespace phantompool::server::testing {
namespace {

class WebSystem : public ServerFixture {
 protected:
  WebSystem() {
    if (const char* root = std::getenv("PP_WEB_ROOT")) web_root_ = root;
  }
};

void Say(const std::string& kind, const api::json& body) {
  std::cout << kind << " " << body.dump() << std::endl;
}

TEST_P(WebSystem, ServeUntilQuit) {
  const char* out = std::getenv("PP_WEB_OUT");
  ASSERT_NE(out, nullptr) << "set PP_WEB_OUT to a directory for the traders' key files";
  ASSERT_TRUE(web_root_.has_value()) << "set PP_WEB_ROOT to the built dashboard (build/dashboard)";
  std::vector<Trader> traders;
  api::json listed = api::json::array();
  for (int i = 1; i <= 2; ++i) {
    traders.push_back(NewTrader());
    const std::string path = std::string(out) + "/trader" + std::to_string(i) + ".key.json";
    std::remove(path.c_str());
    ASSERT_TRUE(order::WriteTraderKeyFile(path, *traders.back().key).ok());
    listed.push_back({{"id", traders.back().id}, {"key_file", path}});
  }
  Say("ready", {{"url", Url()}, {"traders", listed}});

  uint64_t price = kPrice;
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line == "quit") break;
    if (line != "trade") {
      Say("error", {{"message", "unknown command: " + line}});
      continue;
    }
    price += 10;  // each session clears at a new price: the chart moves
    auto buy = traders[0].client->PlaceOrder(Limit(order::Side::kBuy, 10, price));
    auto sell = traders[1].client->PlaceOrder(Limit(order::Side::kSell, 10, price));
    if (!buy.ok() || !sell.ok()) {
      Say("error", {{"message", (buy.ok() ? sell.status() : buy.status()).ToString()}});
      continue;
    }
    std::optional<int64_t> session;
    const bool settled = WaitFor([&] {
      auto s = traders[1].client->Order(sell->id);
      if (s.ok() && s->status == "filled") session = s->matching_session_id;
      return session.has_value();
    });
    if (!settled) {
      Say("error", {{"message", "the session did not settle within 30 s"}});
      continue;
    }
    Say("settled", {{"session_id", *session}, {"buy_order", buy->id}, {"sell_order", sell->id}});
  }
}

INSTANTIATE_TEST_SUITE_P(Sqlite, WebSystem, ::testing::Values(Backend::kSqlite));

}  // namespace
}  // namespace phantompool::server::testing
