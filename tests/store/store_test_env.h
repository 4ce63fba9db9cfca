// Test databases: a fresh SQLite file or a fresh PostgreSQL database per test, migrated.
// PostgreSQL tests read PP_TEST_PG_URL (set by scripts/lib/pg_cluster.sh) and FAIL when it
// is unset: a run that should exercise PostgreSQL must never skip it silently.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <pqxx/pqxx>
#include <random>
#include <string>
#include <thread>

#include "phantompool/store/store.h"

namespace phantompool::store::testing {

inline std::string UniqueName(const char* prefix) {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return std::string(prefix) + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(rd() % 1000000);
}

// A fresh database URL for `backend`; "" (and a test failure) if PostgreSQL is not set up.
inline std::string FreshDatabaseUrl(Backend backend) {
  if (backend == Backend::kSqlite) {
    return "sqlite:" +
           (std::filesystem::temp_directory_path() / (UniqueName("pp_store_") + ".db")).string();
  }
  const char* admin = std::getenv("PP_TEST_PG_URL");
  if (admin == nullptr || *admin == 0) {
    ADD_FAILURE() << "PP_TEST_PG_URL is not set: start a cluster with scripts/lib/pg_cluster.sh";
    return "";
  }
  const std::string name = UniqueName("pp_t_");
  pqxx::connection c(admin);
  pqxx::nontransaction tx(c);
  tx.exec("CREATE DATABASE " + name);
  std::string url = admin;
  const size_t slash = url.find('/', url.find("://") + 3);
  const size_t q = url.find('?', slash);
  return url.substr(0, slash + 1) + name + (q == std::string::npos ? "" : url.substr(q));
}

// Removes a database made by FreshDatabaseUrl (close every store on it first).
inline void DropDatabase(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(url.substr(7) + suffix);
    return;
  }
  const char* admin = std::getenv("PP_TEST_PG_URL");
  if (admin == nullptr || url.empty()) return;
  const size_t slash = url.find('/', url.find("://") + 3);
  const size_t q = url.find('?', slash);
  const std::string name =
      url.substr(slash + 1, q == std::string::npos ? std::string::npos : q - slash - 1);
  // An autovacuum worker (a superuser process this role may not terminate) can hold the new
  // database for a moment; a database left behind in the throw-away cluster harms nothing.
  for (int attempt = 0; attempt < 20; ++attempt) {
    try {
      pqxx::connection c(admin);
      pqxx::nontransaction tx(c);
      tx.exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      return;
    } catch (const std::exception&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  std::fprintf(stderr, "note: test database %s left behind\n", name.c_str());
}

inline std::unique_ptr<Store> OpenMigrated(const std::string& url, StoreOptions options = {}) {
  auto store = OpenStore(url, std::move(options));
  if (!store.ok()) {
    ADD_FAILURE() << store.status().ToString();
    return nullptr;
  }
  Status s = (*store)->Migrate();
  EXPECT_TRUE(s.ok()) << s.ToString();
  return std::move(store).value();
}

inline std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

}  // namespace phantompool::store::testing
