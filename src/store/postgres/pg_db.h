// PgDb: the PostgreSQL back end (libpq).
//
// What a PgDb may do depends on the login of its URL (docs/store.md, "Logins"):
//   * the schema owner (or a superuser): the maintenance path — Migrate, Backup, Restore,
//     GrantLogin — and, read only, an auditor's requests; never any other request, since
//     RESET ROLE would hand a request the owner's rights;
//   * any other login: requests, each
//       BEGIN; SET LOCAL ROLE pp_<role>; SELECT set_config('phantompool.user_id', '<id>', true)
//     in one round trip, so the grants and row-level security of migration 002 bound it
//     whatever the C++ does; no maintenance.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "db/conn_pool.h"
#include "db/db.h"
#include "postgres/pg_conn.h"
#include "postgres/pg_procs.h"

namespace phantompool::store::internal {

class PgDb final : public Db {
 public:
  static Result<std::unique_ptr<Db>> Open(const std::string& url, int pool_size);

  Backend kind() const override { return Backend::kPostgres; }
  Status Run(const Principal* p, Access access, const TxFn& fn) override;
  Procedures& procs() override { return procs_; }
  Result<bool> WaitForEvents(int64_t after_id, std::chrono::milliseconds timeout) override;
  Result<std::unique_ptr<PairLease>> TryLeasePair(int64_t pair_id) override;
  Status Migrate(int64_t now) override;
  Result<int> SchemaVersion() override;
  Status GrantLogin(const LoginGrant& grant, int64_t now) override;

 private:
  PgDb(std::string url, int pool_size);
  // Runs `fn` once on a pooled connection in a transaction opened by `opening` (sent with its
  // first statement); no retry.
  Status RunOnce(const std::vector<std::string>& opening, const TxFn& fn);
  // Is this login the schema's owner (or a superuser)? Asked once, at Open and after Migrate.
  Status DetectOwner();
  // One wait on a connection that is LISTENing on pp_outbox.
  Result<bool> WaitOn(PgConn& listen, int64_t after_id, std::chrono::milliseconds timeout);
  Result<std::unique_ptr<PgConn>> OpenListener();

  std::string url_;
  // The listening connection, kept between waits: the event hub waits again after every
  // commit it hears of, and a connection per wait (a fork and a SCRAM handshake on the
  // server) cost PostgreSQL a fifth of the machine at 130 orders/s. A second concurrent
  // waiter opens its own for that wait.
  std::mutex listen_mu_;
  std::unique_ptr<PgConn> listen_;
  ConnPool<PgConn> pool_;
  PgProcedures procs_;
  bool owner_ = false;
};

}  // namespace phantompool::store::internal
