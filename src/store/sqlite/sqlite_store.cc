#include "sqlite_store.h"

#include "../migrations.h"

namespace phantompool::store::internal {

SqliteStore::SqliteStore(std::string path, StoreOptions options)
    : StoreCore(options),
      path_(std::move(path)),
      pool_(options.pool_size, [this] { return SqliteConn::Open(path_); }) {}

Result<std::unique_ptr<Store>> SqliteStore::Open(const std::string& path, StoreOptions options) {
  if (path.empty()) return Status::InvalidArgument("db", "sqlite: needs a file path");
  std::unique_ptr<SqliteStore> store(new SqliteStore(path, std::move(options)));
  // Open one connection now so that a bad path fails here, not at the first request.
  Status s = store->RunTx(nullptr, Access::kRead, [](SqlTx& tx) { tx.Query("SELECT 1", {}); });
  if (!s.ok()) return s;
  return std::unique_ptr<Store>(std::move(store));
}

Status SqliteStore::RunTx(const Principal* /*p*/, Access access,
                          const std::function<void(SqlTx&)>& fn) {
  try {
    auto conn = pool_.Acquire();
    SqliteTx tx(*conn);
    conn->Exec(access == Access::kWrite ? "BEGIN IMMEDIATE" : "BEGIN");
    try {
      fn(tx);
      conn->Exec("COMMIT");
    } catch (...) {
      sqlite3_exec(conn->db(), "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
    return Status::Ok();
  } catch (const StoreError& e) {
    return e.status();
  } catch (const std::exception& e) {
    return Status::Internal("store", std::string("unexpected: ") + e.what());
  }
}

Status SqliteStore::Migrate() {
  return RunTx(nullptr, Access::kWrite,
               [&](SqlTx& tx) { ApplyMigrations(tx, SqliteMigrations(), Now()); });
}

Result<int> SqliteStore::SchemaVersion() {
  int v = 0;
  PP_RETURN_IF_ERROR(
      RunTx(nullptr, Access::kWrite, [&](SqlTx& tx) { v = RecordedSchemaVersion(tx); }));
  return v;
}

void SqliteStore::EventsCommitted(int64_t last_id) {
  std::lock_guard<std::mutex> lock(events_mu_);
  if (last_id > last_event_) last_event_ = last_id;
  events_cv_.notify_all();
}

Result<bool> SqliteStore::WaitForEvents(int64_t after_id, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    // Another process may write the same file: look in the database, then sleep until a
    // commit of this process or a short poll interval, whichever comes first.
    int64_t newest = 0;
    PP_RETURN_IF_ERROR(RunTx(nullptr, Access::kRead, [&](SqlTx& tx) {
      newest = tx.Query("SELECT outbox_seq FROM chain_head WHERE id = 1", {}, "chain_head")
                   .Row(0)
                   .Int(0);
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
