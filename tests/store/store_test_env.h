// Test databases: a fresh SQLite file or a fresh PostgreSQL database per test, migrated, with
// the logins a deployment has. PostgreSQL tests read PP_TEST_PG_URL (set by
// scripts/lib/pg_cluster.sh: the login pp_owner, which owns what it migrates) and FAIL when
// it is unset: a run that should exercise PostgreSQL must never skip it silently.
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
#include <vector>

#include "phantompool/store/store.h"

namespace phantompool::store::testing {

inline std::string UniqueName(const char* prefix) {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return std::string(prefix) + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(rd() % 1000000);
}

inline std::string PgAdminUrl() {
  const char* admin = std::getenv("PP_TEST_PG_URL");
  return admin == nullptr ? "" : admin;
}

// The URL of database `db` on the test cluster, as `login` (with `password` if given).
inline std::string PgUrl(const std::string& db, const std::string& login = "",
                         const std::string& password = "") {
  std::string url = PgAdminUrl();
  const size_t scheme = url.find("://") + 3;
  const size_t slash = url.find('/', scheme);
  const size_t q = url.find('?', slash);
  std::string authority = url.substr(scheme, slash - scheme);
  if (!login.empty()) authority = login + (password.empty() ? "" : ":" + password) + "@";
  return url.substr(0, scheme) + authority + "/" + db +
         (q == std::string::npos ? "" : url.substr(q));
}

// One test database: the owner's URL (migrate, backup, restore, grant-login) and the
// server's request login (every request). On SQLite both are the file.
class TestDatabase {
 public:
  explicit TestDatabase(Backend backend) : backend_(backend) {
    if (backend == Backend::kSqlite) {
      owner_url_ =
          "sqlite:" +
          (std::filesystem::temp_directory_path() / (UniqueName("pp_store_") + ".db")).string();
      service_url_ = owner_url_;
      Migrate();
      return;
    }
    if (PgAdminUrl().empty()) {
      ADD_FAILURE() << "PP_TEST_PG_URL is not set: start a cluster with scripts/lib/pg_cluster.sh";
      return;
    }
    name_ = UniqueName("pp_t_");
    {
      pqxx::connection c(PgAdminUrl());
      pqxx::nontransaction tx(c);
      tx.exec("CREATE DATABASE " + name_);
    }
    owner_url_ = PgUrl(name_);
    if (!Migrate()) return;
    service_url_ = GrantLogin(Role::kService, 0, "svc_" + name_);
  }
  ~TestDatabase() { Drop(); }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  bool ok() const { return !service_url_.empty(); }
  Backend backend() const { return backend_; }
  const std::string& owner_url() const { return owner_url_; }
  const std::string& service_url() const { return service_url_; }
  const std::string& name() const { return name_; }

  // A login made by Store::GrantLogin; returns its URL (with its password). PostgreSQL only.
  std::string GrantLogin(Role role, int64_t id, const std::string& login) {
    const std::string password = "pw-" + UniqueName("") + "-secret";
    auto owner = OpenStore(owner_url_);
    if (!owner.ok()) {
      ADD_FAILURE() << owner.status().ToString();
      return "";
    }
    const Status s = (*owner)->GrantLogin({role, id, login, password});
    if (!s.ok()) {
      ADD_FAILURE() << s.ToString();
      return "";
    }
    logins_.push_back(login);
    return PgUrl(name_, login, password);
  }

  // A login made elsewhere (the CLI), dropped with the database.
  void Track(const std::string& login) { logins_.push_back(login); }

  void Drop() {
    if (backend_ == Backend::kSqlite) {
      if (owner_url_.empty()) return;
      for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(owner_url_.substr(7) + suffix);
      }
      owner_url_.clear();
      return;
    }
    if (name_.empty()) return;
    // An autovacuum worker (a superuser process this role may not terminate) can hold the new
    // database for a moment; a database left behind in the throw-away cluster harms nothing.
    for (int attempt = 0; attempt < 20; ++attempt) {
      try {
        pqxx::connection c(PgAdminUrl());
        pqxx::nontransaction tx(c);
        tx.exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
        for (const std::string& login : logins_) tx.exec("DROP ROLE IF EXISTS " + login);
        name_.clear();
        return;
      } catch (const std::exception&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
    std::fprintf(stderr, "note: test database %s left behind\n", name_.c_str());
  }

 private:
  bool Migrate() {
    auto owner = OpenStore(owner_url_);
    if (!owner.ok()) {
      ADD_FAILURE() << owner.status().ToString();
      return false;
    }
    const Status s = (*owner)->Migrate();
    EXPECT_TRUE(s.ok()) << s.ToString();
    return s.ok();
  }

  Backend backend_;
  std::string owner_url_, service_url_, name_;
  std::vector<std::string> logins_;
};

inline std::unique_ptr<Store> Open(const std::string& url, StoreOptions options = {}) {
  auto store = OpenStore(url, std::move(options));
  if (!store.ok()) {
    ADD_FAILURE() << store.status().ToString();
    return nullptr;
  }
  return std::move(store).value();
}

inline std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

}  // namespace phantompool::store::testing
