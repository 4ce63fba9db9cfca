// Store throughput: SubmitOrder on SQLite and on PostgreSQL (1 and 8 client threads, the
// request login of a real deployment), the database's own ceiling for an order-shaped
// transaction (raw_bench.cc), and the settlement of a 10,000-order session on both.
//
// Orders are real encrypted orders (tests/store/order_factory.h: proven once, copied with
// fresh nonces), so the store does all its real work per order: serialising it, recomputing
// its obligation commitment and A − obligation, and the compare-and-set on A. Each client
// keeps its own A the way a trader does (A' = A − obligation after each accepted order).
#include <atomic>
#include <chrono>
#include <thread>

#include "bench_db.h"
#include "harness.h"
#include "order_factory.h"

namespace phantompool::bench {

double RawRate(int connections, int per_connection, size_t order_bytes);  // raw_bench.cc

namespace {

using namespace phantompool::store;
using store::testing::kSol;
using store::testing::kUsdc;
using store::testing::OrderFactory;
using store::testing::OrderKind;

std::unique_ptr<Store> OpenFresh(bool postgres, int pool) {
  const std::string url = postgres ? PgServer::Get().StoreDatabase()
                                   : "sqlite:" + (std::filesystem::temp_directory_path() /
                                                  ("pp_bench_" + std::to_string(getpid()) + "_" +
                                                   std::to_string(std::rand()) + ".db"))
                                                     .string();
  StoreOptions o;
  o.pool_size = pool;
  if (!postgres) {
    auto owner = OpenStore(url, o);
    if (!owner.ok() || !(*owner)->Migrate().ok()) Die("cannot migrate " + url);
  }
  auto s = OpenStore(url, o);
  if (!s.ok()) Die("cannot open the store: " + s.status().ToString());
  return std::move(s).value();
}

int64_t MakeUser(Store& s, int n) {
  static constexpr char kB58[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  NewUser u;
  u.wallet_address = "Bench";
  for (int i = 0, m = n; i < 6; ++i, m /= 58) u.wallet_address += kB58[m % 58];
  u.wallet_address.append(40 - u.wallet_address.size(), 'x');
  u.public_key.assign(32, 0);
  for (int i = 0; i < 4; ++i) u.public_key[i] = static_cast<uint8_t>(n >> (8 * i));
  const int64_t id = *s.CreateUser(Principal::Service(), u);
  (void)s.SetKycStatus(Principal::Service(), id, KycStatus::kVerified);
  (void)s.Deposit(Principal::Service(), id, kUsdc, 1'000'000'000'000, "seed-usdc");
  (void)s.Deposit(Principal::Service(), id, kSol, 1'000'000'000'000, "seed-sol");
  return id;
}

Commitment AvailableOf(Store& s, int64_t user, const std::string& token) {
  auto balances = s.GetBalances(Principal::Service(), user);
  if (!balances.ok()) Die(balances.status().ToString());
  for (const Balance& b : *balances) {
    if (b.token == token) return b.available_commitment;
  }
  Die("no balance row");
}

double SubmitRate(Store& s, int threads, int per_thread) {
  OrderFactory factory;
  std::vector<int64_t> users;
  for (int t = 0; t < threads; ++t) users.push_back(MakeUser(s, 1000 + t));
  std::vector<std::vector<order::EncryptedOrder>> orders(threads);
  for (int t = 0; t < threads; ++t) {
    for (int i = 0; i < per_thread; ++i) orders[t].push_back(factory.Make(users[t]));
  }
  const crypto::Point obligation = crypto::Point::Decode(OrderFactory::Obligation(orders[0][0]),
                                                         "o", crypto::IdentityPolicy::kForbid)
                                       .value();
  std::atomic<int> failures{0};
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      crypto::Point a = crypto::Point::Decode(AvailableOf(s, users[t], kUsdc), "a",
                                              crypto::IdentityPolicy::kAllow)
                            .value();
      for (const order::EncryptedOrder& o : orders[t]) {
        const auto e = a.Encode();
        Commitment available;
        std::copy(e.begin(), e.end(), available.begin());
        if (s.SubmitOrder(Principal::Service(), users[t], o, available).ok()) {
          a -= obligation;
        } else {
          ++failures;
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (failures) std::fprintf(stderr, "bench_store: %d submissions failed\n", failures.load());
  return threads * per_thread / secs;
}

double SettleMs(Store& s, int orders) {
  constexpr int kUsers = 100;
  OrderFactory factory;
  std::vector<int64_t> buyers, sellers;
  for (int i = 0; i < kUsers; ++i) buyers.push_back(MakeUser(s, 2000 + i));
  for (int i = 0; i < kUsers; ++i) sellers.push_back(MakeUser(s, 3000 + i));
  const OrderKind buy{order::Side::kBuy, order::OrderType::kLimit, 1'000};
  const OrderKind sell{order::Side::kSell, order::OrderType::kLimit, 1'000};
  std::vector<int64_t> buy_ids, sell_ids;
  for (int i = 0; i < orders / 2; ++i) {
    for (auto [user, kind, ids] : {std::tuple{buyers[i % kUsers], buy, &buy_ids},
                                   std::tuple{sellers[i % kUsers], sell, &sell_ids}}) {
      const std::string token = kind.side == order::Side::kBuy ? kUsdc : kSol;
      auto rec = s.SubmitOrder(Principal::Service(), user, factory.Make(user, kind),
                               AvailableOf(s, user, token));
      if (!rec.ok()) Die("submission failed: " + rec.status().ToString());
      ids->push_back(rec->id);
    }
  }
  NewExecutorNode n{1, Bytes(32, 1), Bytes(32, 2), "https://executor1.example"};
  const int64_t ex = *s.RegisterExecutor(Principal::Service(), n);
  const auto session = s.CreateMatchingSession(Principal::Service(), 1, Bytes(32, 9), {ex});
  if (!session.ok()) Die("freeze failed: " + session.status().ToString());
  Settlement st;
  st.session_id = session->session_id;
  st.clearing_price = store::testing::kTemplatePrice;
  st.price_rule = auction::PriceRule::kMaxVolume;  // the store checks only that it trades
  st.vrf_output = Bytes(32, 1);
  st.vrf_proof = Bytes(80, 2);
  st.fee_user_id = buyers[0];
  for (size_t i = 0; i < buy_ids.size(); ++i) {
    st.trades.push_back({buy_ids[i], sell_ids[i], 1'000});
    st.fills.push_back({buy_ids[i], 1'000, store::testing::kTemplatePrice, 0, 1'000});
    st.fills.push_back({sell_ids[i], 1'000, store::testing::kTemplatePrice, 0, 1'000});
  }
  const auto start = std::chrono::steady_clock::now();
  const Status status = s.SettleSession(Principal::Service(), st);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!status.ok()) Die("settlement failed: " + status.ToString());
  return ms;
}

PP_BENCH_PART("store", "00_sqlite_submit", [](Figures& f) {
  auto s = OpenFresh(false, 1);
  f.Add("sqlite_submit_per_s", SubmitRate(*s, 1, 2000), "orders/s");
  f.Add("order_bytes", static_cast<double>(OrderFactory().Make(1).Serialize().size()), "bytes");
});

PP_BENCH_PART("store", "10_pg_raw",
              [](Figures& f) { f.Add("pg_raw_per_s", RawRate(1, 2000, 1536), "tx/s"); });

PP_BENCH_PART("store", "11_pg_raw_8conn",
              [](Figures& f) { f.Add("pg_raw_8conn_per_s", RawRate(8, 500, 1536), "tx/s"); });

// The same ceiling with orders as large as the real ones (a v1 limit buy: ~6 KB), to tell
// what the order's size costs from what the store does.
PP_BENCH_PART("store", "12_pg_raw_8conn_order_sized", [](Figures& f) {
  const size_t bytes = OrderFactory().Make(1).Serialize().size();
  f.Add("pg_raw_8conn_order_sized_per_s", RawRate(8, 500, bytes), "tx/s");
});

PP_BENCH_PART("store", "20_pg_submit", [](Figures& f) {
  auto s = OpenFresh(true, 1);
  f.Add("pg_submit_per_s", SubmitRate(*s, 1, 2000), "orders/s");
});

PP_BENCH_PART("store", "21_pg_submit_8conn", [](Figures& f) {
  auto s = OpenFresh(true, 8);
  f.Add("pg_submit_8conn_per_s", SubmitRate(*s, 8, 500), "orders/s");
  f.Add("pg_submit_8conn_ratio", f.Get("pg_submit_8conn_per_s") / f.Get("pg_raw_8conn_per_s"),
        "x raw");
  if (f.Has("pg_raw_8conn_order_sized_per_s")) {
    f.Add("pg_submit_8conn_order_sized_ratio",
          f.Get("pg_submit_8conn_per_s") / f.Get("pg_raw_8conn_order_sized_per_s"), "x raw");
  }
});

PP_BENCH_PART("store", "30_pg_settle", [](Figures& f) {
  auto s = OpenFresh(true, 8);
  f.Add("pg_settle_10k_ms", SettleMs(*s, 10'000), "ms");
});

PP_BENCH_PART("store", "40_sqlite_settle", [](Figures& f) {
  auto s = OpenFresh(false, 1);
  f.Add("sqlite_settle_10k_ms", SettleMs(*s, 10'000), "ms");
});

}  // namespace
}  // namespace phantompool::bench
