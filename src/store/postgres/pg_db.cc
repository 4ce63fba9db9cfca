#include "postgres/pg_db.h"

#include <poll.h>

#include <thread>

#include "migrations.h"

namespace phantompool::store::internal {

PgDb::PgDb(std::string url, int pool_size)
    : url_(std::move(url)), pool_(pool_size, [this] { return PgConn::Open(url_); }) {}

Result<std::unique_ptr<Db>> PgDb::Open(const std::string& url, int pool_size) {
  std::unique_ptr<PgDb> db(new PgDb(url, pool_size));
  PP_RETURN_IF_ERROR(db->DetectOwner());
  return std::unique_ptr<Db>(std::move(db));
}

Status PgDb::DetectOwner() {
  return RunOnce({"BEGIN READ ONLY"}, [&](SqlTx& tx) -> Status {
    // Before the first migration nothing is owned yet: whoever migrates becomes the owner.
    PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(R"sql(
        SELECT coalesce((SELECT c.relowner = (SELECT oid FROM pg_roles WHERE rolname = session_user)
                           FROM pg_class c
                          WHERE c.relname = 'chain_head' AND c.relnamespace = 'public'::regnamespace),
                        true)
               OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) AS owner)sql",
                                              {}, "pg_class"));
    RowReader row(r, 0);
    owner_ = row.Bool("owner");
    return row.status();
  });
}

Status PgDb::RunOnce(const std::vector<std::string>& opening, const TxFn& fn) {
  PP_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  PgTx tx(*conn, opening);
  Status status = fn(tx);
  if (status.ok() && tx.begun() && !tx.committed()) status = conn->Exec("COMMIT", "transaction");
  // After a failed statement, or a failed COMMIT, the transaction may still be open.
  if (!status.ok() && conn->in_transaction() && !conn->Exec("ROLLBACK").ok()) conn.MarkBroken();
  if (!conn->healthy()) conn.MarkBroken();
  return status;
}

Status PgDb::Run(const Principal* p, Access access, const TxFn& fn) {
  std::vector<std::string> opening{
      access == Access::kSnapshot ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN"};
  if (p == nullptr) {
    if (!owner_) {
      return Status::PermissionDenied(
          "db", "migrate, backup, restore and grant-login need the schema owner's login");
    }
  } else if (owner_) {
    // The owner may read as an auditor (its own operator tools: audit verify); nothing else.
    if (p->role != Role::kAuditor || access == Access::kWrite) {
      return Status::PermissionDenied(
          "db",
          "requests must not run as the schema owner; use a login made by "
          "`phantompool db grant-login --role service`");
    }
    if (access == Access::kRead) opening[0] += " READ ONLY";
  } else {
    // Sent with the transaction's first statement (PgTx): no round trip of their own.
    opening.push_back("SET LOCAL ROLE pp_" + std::string(RoleName(p->role)));
    opening.push_back("SELECT set_config('phantompool.user_id', '" + std::to_string(p->user_id) +
                      "', true)");
  }
  for (int attempt = 0;; ++attempt) {
    Status status = RunOnce(opening, fn);
    // Deadlocks and serialization failures are retried; the transaction had no effect.
    if (status.code() != StatusCode::kConflict || attempt >= 4 ||
        status.field().find('.') != std::string::npos) {
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2 << attempt));
  }
}

Status PgDb::Migrate(int64_t now) {
  PP_RETURN_IF_ERROR(Run(nullptr, Access::kWrite, [&](SqlTx& tx) -> Status {
    PP_RETURN_IF_ERROR(tx.Query("SELECT pg_advisory_xact_lock(7355608)", {}, "").status());
    return ApplyMigrations(tx, PostgresMigrations(), now);
  }));
  return DetectOwner();
}

Result<int> PgDb::SchemaVersion() {
  int v = 0;
  PP_RETURN_IF_ERROR(RunOnce({"BEGIN READ ONLY"}, [&](SqlTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(v, RecordedSchemaVersion(tx));
    return Status::Ok();
  }));
  return v;
}

Result<std::unique_ptr<PgConn>> PgDb::OpenListener() {
  PP_ASSIGN_OR_RETURN(std::unique_ptr<PgConn> listen, PgConn::Open(url_));
  // The request login has no rights of its own (NOINHERIT): it reads as the service.
  PP_RETURN_IF_ERROR(listen->Exec(
      owner_ ? "LISTEN pp_outbox" : "SET ROLE pp_service; LISTEN pp_outbox", "event_outbox"));
  return listen;
}

Result<bool> PgDb::WaitForEvents(int64_t after_id, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(listen_mu_, std::try_to_lock);
  if (!lock.owns_lock()) {
    PP_ASSIGN_OR_RETURN(std::unique_ptr<PgConn> own, OpenListener());
    return WaitOn(*own, after_id, timeout);
  }
  if (!listen_ || !listen_->healthy()) {
    listen_.reset();
    PP_ASSIGN_OR_RETURN(listen_, OpenListener());
  }
  Result<bool> r = WaitOn(*listen_, after_id, timeout);
  if (!r.ok()) listen_.reset();  // opened afresh by the next wait
  return r;
}

Result<bool> PgDb::WaitOn(PgConn& listen, int64_t after_id, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    // Notifications of earlier commits are covered by the check below: drop them. LISTEN
    // was in place before it, so no commit can slip between the check and the wait.
    if (!PQconsumeInput(listen.raw()))
      return Status::Unavailable("db", "PostgreSQL connection lost");
    while (PGnotify* n = PQnotifies(listen.raw())) PQfreemem(n);
    PP_ASSIGN_OR_RETURN(
        SqlResult r,
        listen.Pipeline({{"SELECT outbox_seq FROM chain_head WHERE id = 1", {}}}, 0, "chain_head"));
    RowReader row(r, 0);
    const int64_t newest = row.Int("outbox_seq");
    PP_RETURN_IF_ERROR(row.status());
    if (newest > after_id) return true;
    // A notification read together with the answer sits in libpq's queue, not on the
    // socket: check again at once rather than sleep on it.
    if (!PQconsumeInput(listen.raw()))
      return Status::Unavailable("db", "PostgreSQL connection lost");
    if (PGnotify* n = PQnotifies(listen.raw())) {
      PQfreemem(n);
      continue;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd fd{PQsocket(listen.raw()), POLLIN, 0};
    if (poll(&fd, 1, static_cast<int>(std::min<int64_t>(left.count(), INT32_MAX))) < 0) {
      return Status::IoError("event_outbox", "poll failed");
    }
  }
}

}  // namespace phantompool::store::internal
