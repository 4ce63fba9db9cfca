// Store throughput: submit_encrypted_order on PostgreSQL (1 and 8 connections) and SQLite,
// and the settlement of a 10,000-order session in one transaction on both.
//
// PostgreSQL: PP_BENCH_PG_URL or PP_TEST_PG_URL names a server whose login role may create
// databases; without either, the suite starts its own throw-away cluster through
// scripts/lib/pg_cluster.sh (found from this file's path) and stops it at the end.
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "harness.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/store/store.h"

namespace phantompool::bench {
namespace {

using namespace phantompool::store;
constexpr const char* kSol = "So11111111111111111111111111111111111111112";
constexpr const char* kUsdc = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";

std::string Shell(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  std::array<char, 512> buf;
  while (fgets(buf.data(), buf.size(), p)) out += buf.data();
  pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

// The PostgreSQL server for this run; starts a throw-away cluster if none is named.
struct PgServer {
  std::string admin_url, cluster_dir, script;
  std::vector<std::string> made;
  PgServer() {
    for (const char* var : {"PP_BENCH_PG_URL", "PP_TEST_PG_URL"}) {
      if (const char* v = std::getenv(var); v && *v) {
        admin_url = v;
        return;
      }
    }
    script = (std::filesystem::path(__FILE__).parent_path() / "../../scripts/lib/pg_cluster.sh")
                 .string();
    const std::string out =
        Shell("bash -c 'source \"" + script +
              "\" && pg_cluster_start >/dev/null && echo \"$PG_CLUSTER_DIR $PP_TEST_PG_URL\"'");
    const size_t sp = out.find(' ');
    if (sp == std::string::npos) {
      std::fprintf(stderr, "bench_store: could not start PostgreSQL (%s)\n", out.c_str());
      std::exit(1);
    }
    cluster_dir = out.substr(0, sp);
    admin_url = out.substr(sp + 1);
  }
  ~PgServer() {
    // Databases made in a server we did not start are dropped again.
    if (cluster_dir.empty()) {
      for (const std::string& name : made) {
        try {
          pqxx::connection c(admin_url);
          pqxx::nontransaction tx(c);
          tx.exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (const std::exception&) {
        }
      }
    }
    if (!cluster_dir.empty()) {
      Shell("bash -c 'source \"" + script + "\" && PG_CLUSTER_DIR=\"" + cluster_dir +
            "\" pg_cluster_stop'");
    }
  }
  std::string FreshDatabase() {
    static int n = 0;
    const std::string name = "pp_bench_" + std::to_string(getpid()) + "_" + std::to_string(n++);
    pqxx::connection c(admin_url);
    pqxx::nontransaction tx(c);
    tx.exec("CREATE DATABASE " + name);
    made.push_back(name);
    const size_t slash = admin_url.find('/', admin_url.find("://") + 3);
    const size_t q = admin_url.find('?', slash);
    return admin_url.substr(0, slash + 1) + name +
           (q == std::string::npos ? "" : admin_url.substr(q));
  }
};

PgServer& Pg() {
  static PgServer server;
  return server;
}

std::unique_ptr<Store> OpenFresh(bool postgres, int pool) {
  std::string url = postgres ? Pg().FreshDatabase()
                             : "sqlite:" + (std::filesystem::temp_directory_path() /
                                            ("pp_bench_" + std::to_string(getpid()) + "_" +
                                             std::to_string(std::rand()) + ".db"))
                                               .string();
  StoreOptions o;
  o.pool_size = pool;
  auto s = OpenStore(url, o);
  if (!s.ok() || !(*s)->Migrate().ok()) {
    std::fprintf(stderr, "bench_store: cannot open %s\n", url.c_str());
    std::exit(1);
  }
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
  (void)s.Deposit(Principal::Service(), id, kUsdc, 1'000'000'000'000);
  (void)s.Deposit(Principal::Service(), id, kSol, 1'000'000'000'000);
  return id;
}

// An order with realistic object sizes: 4 ciphertext limbs per value, commitments, and a
// ~2.5 KB proof bundle (aggregated range proof, equality and solvency proofs).
NewOrder MakeOrder(int64_t user, Side side, uint64_t nonce, crypto::Rng& rng) {
  NewOrder o;
  o.user_id = user;
  o.trading_pair_id = 1;
  o.side = side;
  // Random bytes: real ciphertexts and proofs do not compress.
  o.ciphertexts.resize(8 * 64 + 4);
  o.commitments.resize(2 * 32 + 4);
  o.proof_bundle.resize(2500);
  o.signature.resize(64);
  for (Bytes* b : {&o.ciphertexts, &o.commitments, &o.proof_bundle, &o.signature}) rng.Fill(*b);
  o.nonce.assign(16, 0);
  for (int i = 0; i < 8; ++i) o.nonce[i] = static_cast<uint8_t>(nonce >> (8 * i));
  const auto e = crypto::Point::MulBase(crypto::Scalar::Random(rng)).Encode();
  std::copy(e.begin(), e.end(), o.obligation_commitment.begin());
  return o;
}

double SubmitRate(Store& s, int threads, int per_thread) {
  std::vector<int64_t> users;
  for (int t = 0; t < threads; ++t) users.push_back(MakeUser(s, 1000 + t));
  std::vector<std::vector<NewOrder>> orders(threads);
  crypto::DeterministicRng rng(11);
  uint64_t nonce = 1;
  for (int t = 0; t < threads; ++t) {
    for (int i = 0; i < per_thread; ++i)
      orders[t].push_back(MakeOrder(users[t], Side::kBuy, nonce++, rng));
  }
  std::atomic<int> failures{0};
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (const NewOrder& o : orders[t]) failures += !s.SubmitOrder(Principal::Service(), o).ok();
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
  std::vector<int64_t> buyers, sellers;
  for (int i = 0; i < kUsers; ++i) buyers.push_back(MakeUser(s, 2000 + i));
  for (int i = 0; i < kUsers; ++i) sellers.push_back(MakeUser(s, 3000 + i));
  crypto::DeterministicRng rng(12);
  std::vector<int64_t> buy_ids, sell_ids;
  uint64_t nonce = 1;
  for (int i = 0; i < orders / 2; ++i) {
    buy_ids.push_back(*s.SubmitOrder(Principal::Service(),
                                     MakeOrder(buyers[i % kUsers], Side::kBuy, nonce++, rng)));
    sell_ids.push_back(*s.SubmitOrder(Principal::Service(),
                                      MakeOrder(sellers[i % kUsers], Side::kSell, nonce++, rng)));
  }
  NewExecutorNode n{1, Bytes(32, 1), Bytes(32, 2), "https://executor1.example"};
  const int64_t ex = *s.RegisterExecutor(Principal::Service(), n);
  const auto session = s.CreateMatchingSession(Principal::Service(), 1, Bytes(32, 9), {ex});
  Settlement st;
  st.session_id = session->session_id;
  st.clearing_price = 15'000;
  st.vrf_output = Bytes(32, 1);
  st.vrf_proof = Bytes(80, 2);
  st.fee_user_id = buyers[0];
  for (size_t i = 0; i < buy_ids.size(); ++i) {
    st.trades.push_back({buy_ids[i], sell_ids[i], 1'000, 15'000, 150'000'000, 15'000, 15'000});
    st.fills.push_back({buy_ids[i], 1'000, 0, std::nullopt, std::nullopt});
    st.fills.push_back({sell_ids[i], 1'000, 0, std::nullopt, std::nullopt});
  }
  const auto start = std::chrono::steady_clock::now();
  const Status status = s.SettleSession(Principal::Service(), st);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!status.ok()) {
    std::fprintf(stderr, "bench_store: settlement failed: %s\n", status.ToString().c_str());
    std::exit(1);
  }
  return ms;
}

PP_BENCH_PART("store", "00_sqlite_submit", [](Figures& f) {
  auto s = OpenFresh(false, 1);
  f.Add("sqlite_submit_per_s", SubmitRate(*s, 1, 2000), "orders/s");
});

PP_BENCH_PART("store", "10_pg_submit", [](Figures& f) {
  auto s = OpenFresh(true, 1);
  f.Add("pg_submit_per_s", SubmitRate(*s, 1, 2000), "orders/s");
});

PP_BENCH_PART("store", "20_pg_submit_8conn", [](Figures& f) {
  auto s = OpenFresh(true, 8);
  f.Add("pg_submit_8conn_per_s", SubmitRate(*s, 8, 500), "orders/s");
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
