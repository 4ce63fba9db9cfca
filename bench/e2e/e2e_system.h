// One PhantomPool database for the e2e benchmark, set up as tests/server/server_fixture.h
// does: a fresh migrated database (PostgreSQL when PP_BENCH_PG_URL or PP_TEST_PG_URL names a
// server, else SQLite with a note), served through the request login, with the quorum's key
// set recorded and a fee user.
#pragma once

#include <memory>
#include <string>

#include "bench_db.h"  // bench/store: fresh PostgreSQL databases with the deployment's logins
#include "e2e_quorum.h"
#include "phantompool/executor/coordinator.h"
#include "phantompool/store/store.h"

namespace phantompool::bench::e2e {

using store::Principal;

inline bool HavePostgres() {
  for (const char* var : {"PP_BENCH_PG_URL", "PP_TEST_PG_URL"}) {
    if (const char* v = std::getenv(var); v && *v) return true;
  }
  return false;
}

struct Database {
  std::string url, sqlite_file;
  std::unique_ptr<store::Store> store;
  int64_t pair_id = 0, fee_user = 0;
  std::optional<order::PairSpec> pair;

  ~Database() {
    store.reset();
    if (!sqlite_file.empty()) {
      for (const char* s : {"", "-wal", "-shm"}) fs::remove(sqlite_file + s);
    }
  }

  static std::unique_ptr<Database> Fresh(const std::string& name, const th::PublicKeySet& keys,
                                         const executor::Roster& roster) {
    auto db = std::make_unique<Database>();
    if (HavePostgres()) {
      db->url = PgServer::Get().StoreDatabase();
    } else {
      db->sqlite_file = (fs::temp_directory_path() /
                         ("pp_bench_e2e_" + std::to_string(getpid()) + "_" + name + ".db"))
                            .string();
      db->url = "sqlite:" + db->sqlite_file;
      auto owner = store::OpenStore(db->url);
      if (!owner.ok() || !(*owner)->Migrate().ok()) Fail("cannot migrate " + db->url);
    }
    auto s = store::OpenStore(db->url);
    if (!s.ok()) Fail(s.status().ToString());
    db->store = std::move(s).value();
    db->RecordKeySet(keys, roster);
    auto pairs = db->store->ListPairs(Principal::Service());
    if (!pairs.ok()) Fail(pairs.status().ToString());
    for (const auto& p : *pairs) {
      if (p.spec.symbol() == "SOL/USDC") {
        db->pair.emplace(p.spec);
        db->pair_id = p.id;
      }
    }
    if (!db->pair) Fail("no SOL/USDC pair in the seed");
    store::NewUser u;
    u.wallet_address = "FeeAccount1111111111111111111111111111111";
    u.public_key.assign(32, 0xfe);
    auto fee = db->store->CreateUser(Principal::Service(), u);
    if (!fee.ok()) Fail(fee.status().ToString());
    db->fee_user = *fee;
    return db;
  }

  void RecordKeySet(const th::PublicKeySet& keys, const executor::Roster& roster) {
    const Status st = executor::RecordKeySetInStore(*store, 1, keys, roster);
    if (!st.ok()) Fail("RecordKeySet: " + st.ToString());
  }
};

// A wallet address (base58, 40 characters) unique to `n`.
inline std::string Wallet(const std::string& prefix, int n) {
  static constexpr char kB58[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  std::string w = prefix;
  for (int i = 0, m = n; i < 6; ++i, m /= 58) w += kB58[m % 58];
  w.append(40 - w.size(), 'x');
  return w;
}

}  // namespace phantompool::bench::e2e
