// A whole PhantomPool on 127.0.0.1 for one test: five executors behind their own HTTP
// servers (real sockets, the real clock), a DKG among them, a store of either back end with
// the key set recorded, a coordinator that reaches the executors over HTTP, and the API
// server on an ephemeral port. Traders use the C++ client, or raw signed requests.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "executor_fixture.h"
#include "phantompool/api/request_signature.h"
#include "phantompool/client/client.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/executor/coordinator.h"
#include "phantompool/executor/executor_server.h"
#include "phantompool/net/http_client.h"
#include "phantompool/server/server.h"
#include "store_test_env.h"

namespace phantompool::server::testing {

using store::Backend;
using store::Principal;

constexpr uint64_t kPrice = 15'000;  // ticks of SOL/USDC

inline int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct Trader {
  std::unique_ptr<order::TraderKey> key;
  std::unique_ptr<client::Client> client;
  int64_t id = 0;
};

class ServerFixture : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    quorum_.now_ms = executor::SystemClockMs();
    ticking_ = true;
    ticker_ = std::thread([this] {
      while (ticking_) {
        quorum_.now_ms = executor::SystemClockMs();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    });
    db_ = std::make_unique<store::testing::TestDatabase>(GetParam());
    ASSERT_TRUE(db_->ok());
    store_ = store::testing::Open(db_->service_url());
    ASSERT_NE(store_, nullptr);
    auto dkg = quorum_.RunDkg();
    ASSERT_TRUE(dkg.ok()) << dkg.status().ToString();
    keys_.emplace(dkg->keys);
    // The executors on real sockets; the roster the coordinator uses names their ports.
    roster_ = quorum_.roster;
    for (uint32_t i = 1; i <= 5; ++i) StartExecutor(i);
    RecordKeySet();
    auto pairs = store_->ListPairs(Principal::Service());
    ASSERT_TRUE(pairs.ok());
    for (const auto& p : *pairs) {
      if (p.spec.symbol() == "SOL/USDC") pair_.emplace(p.spec);
    }
    ASSERT_TRUE(pair_.has_value());
    fee_user_ = MakeFeeUser();
    server_ = StartServer(*store_);
    ASSERT_NE(server_, nullptr);
  }

  void TearDown() override {
    extra_servers_.clear();
    server_.reset();
    transports_.clear();
    executors_.clear();
    ticking_ = false;
    if (ticker_.joinable()) ticker_.join();
    store_.reset();
    db_.reset();
  }

  void StartExecutor(uint32_t index) {
    net::HttpServerOptions o;
    o.port = 0;
    auto s = executor::ExecutorServer::Start(quorum_.nodes[index - 1], o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    auto entry = roster_.executor(index);
    entry.endpoint = net::Url{"127.0.0.1", (*s)->port()};
    roster_.Put(entry);
    if (executors_.size() < index) executors_.resize(index);
    executors_[index - 1] = std::move(*s);
  }
  void StopExecutor(uint32_t index) { executors_[index - 1].reset(); }

  void RecordKeySet() {
    ASSERT_TRUE(executor::RecordKeySetInStore(*store_, 1, *keys_, roster_).ok());
  }

  int64_t MakeFeeUser() {
    store::NewUser u;
    u.wallet_address = "FeeAccount1111111111111111111111111111111";
    u.public_key.assign(32, 0xfe);
    auto id = store_->CreateUser(Principal::Service(), u);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  // A server over `store`; its coordinator reaches the executors over HTTP.
  std::unique_ptr<Server> StartServer(store::Store& store) {
    auto transport = executor::MakeHttpTransport(roster_);
    auto key = crypto::threshold::ParticipantKey::FromSeed(quorum_.coordinator->ExposeSeed(), "key")
                   .value();
    auto coordinator = std::make_unique<executor::Coordinator>(
        store, *transport,
        executor::CoordinatorConfig(roster_, 1, *keys_, std::move(key), fee_user_));
    transports_.push_back(std::move(transport));
    ServerConfig config;
    config.port = 0;
    config.deposits = DepositMode::kAuto;
    config.coordinator_dir = "(in-process)";
    config.rate_per_second = 1000;
    config.rate_burst = 1000;
    config.executor_check_interval = std::chrono::milliseconds(1000);
    config.web_root = web_root_;
    auto server = Server::Start(config, store, std::move(coordinator));
    EXPECT_TRUE(server.ok()) << server.status().ToString();
    return server.ok() ? std::move(*server) : nullptr;
  }

  std::string Url(const Server& s) const { return "http://127.0.0.1:" + std::to_string(s.port()); }
  std::string Url() const { return Url(*server_); }

  // Registered through the API, verified by the operator (the store), funded by deposits.
  Trader NewTrader(uint64_t base = 1'000'000'000'000, uint64_t quote = 1'000'000'000'000) {
    Trader t;
    t.key = std::make_unique<order::TraderKey>(order::TraderKey::Generate(rng_));
    t.client = client::Client::Create(Url(), t.key.get()).value();
    const int n = ++traders_;
    static constexpr char kB58[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    std::string wallet = "Trader";
    for (int i = 0, m = n + 1000 * static_cast<int>(GetParam()); i < 6; ++i, m /= 58) {
      wallet += kB58[m % 58];
    }
    wallet.append(40 - wallet.size(), 'x');
    auto me = t.client->Register(wallet, std::nullopt);
    EXPECT_TRUE(me.ok()) << me.status().ToString();
    if (!me.ok()) return t;
    t.id = me->id;
    EXPECT_EQ(me->kyc_status, "pending");
    EXPECT_TRUE(store_->SetKycStatus(Principal::Service(), t.id, store::KycStatus::kVerified).ok());
    if (base) {
      EXPECT_TRUE(t.client->Deposit(pair_->base_token(), base, "base-" + std::to_string(n)).ok());
    }
    if (quote) {
      EXPECT_TRUE(
          t.client->Deposit(pair_->quote_token(), quote, "quote-" + std::to_string(n)).ok());
    }
    return t;
  }

  order::Order Limit(order::Side side, uint64_t size, uint64_t price = kPrice) {
    order::Order o;
    o.pair = "SOL/USDC";
    o.side = side;
    o.type = order::OrderType::kLimit;
    o.size = size;
    o.limit_price = price;
    return o;
  }

  // Signed request headers for `user` with `key`, at `ts_ms`.
  net::Headers Sign(const order::TraderKey& key, int64_t user, std::string_view method,
                    std::string_view target, std::string_view body, int64_t ts_ms) {
    return api::SignRequest(key, user, method, target, body, ts_ms, rng_);
  }
  net::HttpClient Http() const { return net::HttpClient(net::Url{"127.0.0.1", server_->port()}); }

  // Waits until `done()` holds, up to `timeout`.
  template <typename F>
  bool WaitFor(F done, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return done();
  }

  executor::testing::Quorum quorum_;
  executor::Roster roster_ = executor::Roster::Empty(3);
  std::optional<crypto::threshold::PublicKeySet> keys_;
  std::optional<order::PairSpec> pair_;
  std::unique_ptr<store::testing::TestDatabase> db_;
  std::unique_ptr<store::Store> store_;
  std::vector<std::unique_ptr<executor::ExecutorServer>> executors_;
  std::vector<std::unique_ptr<executor::Transport>> transports_;
  std::unique_ptr<Server> server_;
  std::vector<std::unique_ptr<Server>> extra_servers_;
  int64_t fee_user_ = 0;
  int traders_ = 0;
  std::optional<std::string> web_root_;  // the dashboard, for the browser test (tests/web)
  crypto::SystemRng rng_;
  std::atomic<bool> ticking_{false};
  std::thread ticker_;
};

}  // namespace phantompool::server::testing
