// The PostgreSQL server a store benchmark runs against, and fresh databases on it with the
// logins a deployment has (the owner migrates; the server's request login serves).
//
// PP_BENCH_PG_URL or PP_TEST_PG_URL names a server whose login may create databases and
// roles; without either, a throw-away cluster is started through scripts/lib/pg_cluster.sh
// (found from this file's path) and stopped at the end.
#pragma once

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "phantompool/store/store.h"

namespace phantompool::bench {

inline std::string Shell(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  std::array<char, 512> buf;
  while (fgets(buf.data(), buf.size(), p)) out += buf.data();
  pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

[[noreturn]] inline void Die(const std::string& why) {
  std::fprintf(stderr, "bench_store: %s\n", why.c_str());
  std::exit(1);
}

class PgServer {
 public:
  static PgServer& Get() {
    static PgServer server;
    return server;
  }
  ~PgServer() {
    for (const auto& [db, login] : made_) {
      try {
        pqxx::connection c(admin_url_);
        pqxx::nontransaction tx(c);
        tx.exec("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        if (!login.empty()) tx.exec("DROP ROLE IF EXISTS " + login);
      } catch (const std::exception&) {
      }
    }
    if (!cluster_dir_.empty()) {
      Shell("bash -c 'source \"" + script_ + "\" && PG_CLUSTER_DIR=\"" + cluster_dir_ +
            "\" pg_cluster_stop'");
    }
  }

  // The URL of database `db` as `login` (with `password`), or as the admin login.
  std::string Url(const std::string& db, const std::string& login = "",
                  const std::string& password = "") const {
    const size_t scheme = admin_url_.find("://") + 3;
    const size_t slash = admin_url_.find('/', scheme);
    const size_t q = admin_url_.find('?', slash);
    std::string authority = admin_url_.substr(scheme, slash - scheme);
    if (!login.empty()) authority = login + ":" + password + "@";
    return admin_url_.substr(0, scheme) + authority + "/" + db +
           (q == std::string::npos ? "" : admin_url_.substr(q));
  }

  std::string FreshDatabase(const std::string& login = "") {
    const std::string name = "pp_bench_" + std::to_string(getpid()) + "_" + std::to_string(n_++);
    pqxx::connection c(admin_url_);
    pqxx::nontransaction tx(c);
    tx.exec("CREATE DATABASE " + name);
    made_.emplace_back(name, login);
    return name;
  }

  // A migrated PhantomPool database; returns the request login's URL.
  std::string StoreDatabase() {
    const std::string login = "bench_svc_" + std::to_string(getpid()) + "_" + std::to_string(n_);
    const std::string db = FreshDatabase(login);
    auto owner = store::OpenStore(Url(db));
    if (!owner.ok() || !(*owner)->Migrate().ok()) Die("cannot migrate " + db);
    const std::string password = "bench-password-" + std::to_string(getpid());
    const Status s = (*owner)->GrantLogin({store::Role::kService, 0, login, password});
    if (!s.ok()) Die("cannot grant the request login: " + s.ToString());
    return Url(db, login, password);
  }

 private:
  PgServer() {
    for (const char* var : {"PP_BENCH_PG_URL", "PP_TEST_PG_URL"}) {
      if (const char* v = std::getenv(var); v && *v) {
        admin_url_ = v;
        return;
      }
    }
    script_ = (std::filesystem::path(__FILE__).parent_path() / "../../scripts/lib/pg_cluster.sh")
                  .string();
    const std::string out =
        Shell("bash -c 'source \"" + script_ +
              "\" && pg_cluster_start >/dev/null && echo \"$PG_CLUSTER_DIR $PP_TEST_PG_URL\"'");
    const size_t sp = out.find(' ');
    if (sp == std::string::npos) Die("could not start PostgreSQL (" + out + ")");
    cluster_dir_ = out.substr(0, sp);
    admin_url_ = out.substr(sp + 1);
  }

  std::string admin_url_, cluster_dir_, script_;
  std::vector<std::pair<std::string, std::string>> made_;
  int n_ = 0;
};

}  // namespace phantompool::bench
