// SqliteDb: the embedded back end. One file in WAL mode, foreign keys on; writers take the
// database lock up front (BEGIN IMMEDIATE), so a read-then-write transaction can never be
// overtaken; the access rules are the components' checks (src/store/access.h).
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "db/conn_pool.h"
#include "db/db.h"
#include "sqlite/sqlite_conn.h"
#include "sqlite/sqlite_procs.h"

namespace phantompool::store::internal {

class SqliteDb final : public Db {
 public:
  static Result<std::unique_ptr<Db>> Open(const std::string& path, int pool_size);

  Backend kind() const override { return Backend::kSqlite; }
  Status Run(const Principal* p, Access access, const TxFn& fn) override;
  Procedures& procs() override { return procs_; }
  void EventsCommitted(int64_t last_id) override;
  Result<bool> WaitForEvents(int64_t after_id, std::chrono::milliseconds timeout) override;
  Result<std::unique_ptr<PairLease>> TryLeasePair(int64_t pair_id) override;
  Status Migrate(int64_t now) override;
  Result<int> SchemaVersion() override;
  Status GrantLogin(const LoginGrant& grant, int64_t now) override;

 private:
  SqliteDb(std::string path, int pool_size);

  std::string path_;
  ConnPool<SqliteConn> pool_;
  SqliteProcedures procs_;
  std::mutex events_mu_;
  std::condition_variable events_cv_;
  int64_t last_event_ = 0;
};

}  // namespace phantompool::store::internal
