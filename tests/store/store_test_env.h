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
    return "sqlite:" + (std::filesystem::temp_directory_path() / (UniqueName("pp_store_") + ".db")).string();
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
