#include "sqlite/sqlite_db.h"

#include "migrations.h"

namespace phantompool::store::internal {

SqliteDb::SqliteDb(std::string path, int pool_size)
    : path_(std::move(path)), pool_(pool_size, [this] { return SqliteConn::Open(path_); }) {}

Result<std::unique_ptr<Db>> SqliteDb::Open(const std::string& path, int pool_size) {
  if (path.empty()) return Status::InvalidArgument("db", "sqlite: needs a file path");
  std::unique_ptr<SqliteDb> db(new SqliteDb(path, pool_size));
  // Open one connection now so that a bad path fails here, not at the first request.
  PP_RETURN_IF_ERROR(db->Run(nullptr, Access::kRead, [](SqlTx& tx) {
    return tx.Query("SELECT 1 AS one", {}, "").status();
  }));
  return std::unique_ptr<Db>(std::move(db));
}

Status SqliteDb::Run(const Principal* /*p*/, Access access, const TxFn& fn) {
  PP_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  PP_RETURN_IF_ERROR(conn->Exec(access == Access::kWrite ? "BEGIN IMMEDIATE" : "BEGIN"));
  SqliteTx tx(*conn);
  Status s = fn(tx);
  if (s.ok()) s = conn->Exec("COMMIT");
  if (!s.ok()) {
    if (!sqlite3_get_autocommit(conn->db())) {
      sqlite3_exec(conn->db(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
    if (!sqlite3_get_autocommit(conn->db())) conn.MarkBroken();
  }
  return s;
}

Status SqliteDb::Migrate(int64_t now) {
  return Run(nullptr, Access::kWrite,
             [&](SqlTx& tx) { return ApplyMigrations(tx, SqliteMigrations(), now); });
}

Result<int> SqliteDb::SchemaVersion() {
  int v = 0;
  PP_RETURN_IF_ERROR(Run(nullptr, Access::kRead, [&](SqlTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(v, RecordedSchemaVersion(tx));
    return Status::Ok();
  }));
  return v;
}

Status SqliteDb::GrantLogin(const LoginGrant&, int64_t) {
  return Status::FailedPrecondition("db", "SQLite has no logins: the file's permissions decide");
}

void SqliteDb::EventsCommitted(int64_t last_id) {
  std::lock_guard<std::mutex> lock(events_mu_);
  if (last_id > last_event_) last_event_ = last_id;
  events_cv_.notify_all();
}

Result<bool> SqliteDb::WaitForEvents(int64_t after_id, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    // Another process may write the same file: look in the database, then sleep until a
    // commit of this process or a short poll interval, whichever comes first.
    int64_t newest = 0;
    PP_RETURN_IF_ERROR(Run(nullptr, Access::kRead, [&](SqlTx& tx) -> Status {
      PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query("SELECT outbox_seq FROM chain_head WHERE id = 1",
                                                {}, "chain_head"));
      RowReader row(r, 0);
      newest = row.Int("outbox_seq");
      return row.status();
    }));
    if (newest > after_id) return true;
    std::unique_lock<std::mutex> lock(events_mu_);
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    const auto wake = std::min(deadline, now + std::chrono::milliseconds(200));
    events_cv_.wait_until(lock, wake, [&] { return last_event_ > after_id; });
    if (last_event_ > after_id) return true;
  }
}

}  // namespace phantompool::store::internal
