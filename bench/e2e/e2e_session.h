// The session: N crossing orders (half buys, half sells) waiting in one batch on a second
// fresh database, then Coordinator::RunSession timed from close to settled: freeze, the
// quorum round over HTTP (three of five executors: KEM checks, shares with DLEQ proofs, VRF),
// every order opened and checked, the auction, one settlement transaction.
#pragma once

#include "e2e_intake.h"

namespace phantompool::bench::e2e {

inline void ProbeAuction(const Options& opt, const order::PairSpec& spec, Figures& f);

inline void RunSession(const Options& opt, const CachedQuorum& q, Figures& f) {
  RunningQuorum quorum(q, "session");
  auto db = Database::Fresh("session", q.keys(), quorum.roster());
  const order::PairSpec& spec = *db->pair;
  const Point& joint = q.keys().public_key();
  ProbeAuction(opt, spec, f);
  constexpr size_t kUsers = 20;  // half buyers, half sellers
  const size_t per_user = (opt.session_orders + kUsers - 1) / kUsers;

  // Users with their own keys, KYC'd and funded through the store (the operator's way).
  struct User {
    std::unique_ptr<order::TraderKey> key;
    int64_t id = 0;
    order::Order o;
    std::optional<order::EncryptedOrder> tmpl;
    store::Commitment a{};
  };
  std::vector<User> users(kUsers);
  const uint64_t amount = 1'000'000'000'000;
  for (size_t u = 0; u < kUsers; ++u) {
    crypto::DeterministicRng krng(90'000 + u);
    users[u].key = std::make_unique<order::TraderKey>(order::TraderKey::Generate(krng));
    store::NewUser nu;
    nu.wallet_address = Wallet("Session", static_cast<int>(u));
    const auto& pk = users[u].key->public_key();
    nu.public_key.assign(pk.begin(), pk.end());
    auto id = db->store->CreateUser(Principal::Service(), nu);
    if (!id.ok()) Fail(id.status().ToString());
    users[u].id = *id;
    PP_CHECK(db->store->SetKycStatus(Principal::Service(), *id, store::KycStatus::kVerified).ok());
    for (const std::string& token : {spec.base_token(), spec.quote_token()}) {
      PP_CHECK(
          db->store->Deposit(Principal::Service(), *id, token, amount, "d-" + token.substr(0, 6))
              .ok());
    }
    order::Order& o = users[u].o;
    o.pair = spec.symbol();
    o.user_id = std::to_string(*id);
    o.side = u % 2 == 0 ? order::Side::kBuy : order::Side::kSell;
    o.type = order::OrderType::kLimit;
    o.size = kLots;
    o.limit_price = kPrice;
    o.nonce.fill(static_cast<uint8_t>(u));
  }
  // One real template per user (every proof), on every core.
  auto start = std::chrono::steady_clock::now();
  {
    std::atomic<size_t> next{0};
    std::vector<std::thread> pool;
    for (unsigned w = 0; w < std::max(1u, std::thread::hardware_concurrency()); ++w) {
      pool.emplace_back([&] {
        for (size_t u; (u = next++) < kUsers;) {
          crypto::DeterministicRng rng(91'000 + u);
          auto enc = order::EncryptOrder(users[u].o, spec, joint, 1, {amount, Scalar::Zero()},
                                         *users[u].key, rng);
          if (!enc.ok()) Fail(enc.status().ToString());
          users[u].tmpl.emplace(std::move(enc).value());
        }
      });
    }
    for (auto& t : pool) t.join();
  }
  for (auto& u : users) {
    auto balances = db->store->GetBalances(Principal::Service(), u.id);
    PP_CHECK(balances.ok());
    const std::string& token =
        u.o.side == order::Side::kSell ? spec.base_token() : spec.quote_token();
    for (const auto& b : *balances) {
      if (b.token == token) u.a = b.available_commitment;
    }
  }
  // The batch: copies under fresh KEMs, submitted to the store as intake would (each against
  // the user's current A), one thread per core.
  std::atomic<size_t> next{0}, submitted{0};
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < 8; ++w) {  // the store is mostly waiting on PostgreSQL
    pool.emplace_back([&, w] {
      crypto::DeterministicRng rng(92'000 + w);
      for (size_t u; (u = next++) < kUsers;) {
        User& user = users[u];
        const Point obligation = order::ObligationCommitment(*user.tmpl, spec);
        for (size_t i = 0; i < per_user; ++i) {
          auto o = CopyUnderFreshKem(*user.tmpl, user.o, spec, joint, 1, *user.key,
                                     u * 1'000'000 + i + 1, rng);
          auto rec = db->store->SubmitOrder(Principal::Service(), user.id, o, user.a);
          if (!rec.ok()) Fail("SubmitOrder: " + rec.status().ToString());
          const auto next_a = (Point::Decode(user.a, "a").value() - obligation).Encode();
          std::copy(next_a.begin(), next_a.end(), user.a.begin());
          ++submitted;
        }
      }
    });
  }
  for (auto& t : pool) t.join();
  const size_t n = submitted.load();
  std::printf("session batch: %zu orders (%zu users) built and stored in %.1f s\n", n, kUsers,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());

  auto transport = executor::MakeHttpTransport(quorum.roster());
  auto key = th::ParticipantKey::FromSeed(q.coordinator().ExposeSeed(), "key").value();
  executor::Coordinator coordinator(
      *db->store, *transport,
      executor::CoordinatorConfig(quorum.roster(), 1, q.keys(), std::move(key), db->fee_user));
  auto lease = db->store->TryLeasePair(db->pair_id);
  if (!lease.ok()) Fail("lease: " + lease.status().ToString());
  start = std::chrono::steady_clock::now();
  auto report = coordinator.RunSession(db->pair_id);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!report.ok()) Fail("RunSession: " + report.status().ToString());
  if (!report->has_value()) Fail("RunSession: no batch");
  const executor::SessionReport& r = **report;
  if (!r.settled) Fail("session not settled: " + r.failure_reason);
  std::printf("session: %zu orders, %zu excluded, %zu trades, volume %llu lots, settled\n",
              r.orders, r.excluded, r.trades, static_cast<unsigned long long>(r.volume));
  std::printf("  freeze %lld ms, quorum %lld ms (executors:", static_cast<long long>(r.freeze_ms),
              static_cast<long long>(r.quorum_ms));
  for (const auto& e : r.executors) {
    if (e.asked) std::printf(" #%u %lld ms", e.index, static_cast<long long>(e.latency_ms));
  }
  std::printf("), clear %lld ms, settle %lld ms, total %lld ms\n",
              static_cast<long long>(r.clear_ms), static_cast<long long>(r.settle_ms),
              static_cast<long long>(r.total_ms));
  const std::string name =
      n == 10'000 ? "session_10k_orders_ms" : "session_" + std::to_string(n) + "_orders_ms";
  f.Add(name, ms, "ms");
  f.Add("session_freeze_ms", static_cast<double>(r.freeze_ms), "ms");
  f.Add("session_quorum_ms", static_cast<double>(r.quorum_ms), "ms");
  f.Add("session_clear_ms", static_cast<double>(r.clear_ms), "ms");
  f.Add("session_settle_ms", static_cast<double>(r.settle_ms), "ms");
}

}  // namespace phantompool::bench::e2e

#include "phantompool/auction/clear.h"

namespace phantompool::bench::e2e {

// auction::Clear alone on the session's shape (10 buyers and 10 sellers, every order of the
// same size at the same price), for several VRF outputs: is the clear phase the auction?
inline void ProbeAuction(const Options& opt, const order::PairSpec& spec, Figures& f) {
  std::vector<auction::Order> orders;
  for (size_t i = 0; i < opt.session_orders; ++i) {
    auction::Order a;
    a.id = std::to_string(i + 1);
    a.owner = std::to_string(i % 20);
    a.side = i % 2 == 0 ? order::Side::kBuy : order::Side::kSell;
    a.size = kLots;
    a.price = kPrice / spec.tick_size();
    orders.push_back(std::move(a));
  }
  std::vector<double> ms;
  crypto::DeterministicRng rng(93'000);
  for (int run = 0; run < 5; ++run) {
    auction::SessionInputs si;
    si.reference_price = kPrice / spec.tick_size();
    rng.Fill(si.vrf_output);
    const auto start = std::chrono::steady_clock::now();
    auto r = auction::Clear(orders, spec, si);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
    if (!r.ok()) {
      std::printf("(auction probe skipped: %s)\n", r.status().ToString().c_str());
      return;
    }
  }
  std::printf("auction::Clear alone, 5 VRF outputs:");
  for (double v : ms) std::printf(" %.0f", v);
  std::printf(" ms\n");
  f.Add("session_auction_alone_max_ms", *std::max_element(ms.begin(), ms.end()), "ms");
}

}  // namespace phantompool::bench::e2e
