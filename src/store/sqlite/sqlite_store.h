// SqliteStore: the embedded back end. One file in WAL mode, foreign keys on; writers take
// the database lock up front (BEGIN IMMEDIATE), so a read-then-write transaction can never
// be overtaken; the access rules are the C++ checks in StoreCore.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "../conn_pool.h"
#include "../store_core.h"
#include "sqlite_db.h"

namespace phantompool::store::internal {

class SqliteStore final : public StoreCore {
 public:
  static Result<std::unique_ptr<Store>> Open(const std::string& path, StoreOptions options);

  Backend backend() const override { return Backend::kSqlite; }
  Status Migrate() override;
  Result<int> SchemaVersion() override;
  Result<bool> WaitForEvents(int64_t after_id, std::chrono::milliseconds timeout) override;

 protected:
  Status RunTx(const Principal* p, Access access, const std::function<void(SqlTx&)>& fn) override;
  void EventsCommitted(int64_t last_id) override;

  int64_t ProcChangeBalance(SqlTx& tx, int64_t user, const std::string& token, int64_t delta,
                            const BalanceRow& before, const Commitment& new_bc,
                            const Commitment& new_avail) override;
  int64_t ProcSubmitOrder(SqlTx& tx, const NewOrder& o, const LockedUpdate& u) override;
  void ProcCancelOrder(SqlTx& tx, int64_t user, int64_t order, const LockedUpdate& u) override;
  void ProcCleanupExpired(SqlTx& tx, const std::vector<int64_t>& orders,
                          const std::vector<LockedUpdate>& updates) override;
  int64_t ProcCreateSession(SqlTx& tx, int64_t pair, const Bytes& seed,
                            const std::string& executors_json) override;
  void ProcSettle(SqlTx& tx, const Settlement& s, const std::vector<BalanceApply>& b) override;
  void ProcUpdateMarketStats(SqlTx& tx, int64_t pair, uint64_t price, uint64_t volume) override;
  void ProcRecordMetric(SqlTx& tx, const MetricSample& m) override;
  void ProcUpdateSystemHealth(SqlTx& tx, const HealthUpdate& h) override;

 private:
  SqliteStore(std::string path, StoreOptions options);

  std::string path_;
  ConnPool<SqliteConn> pool_;
  std::mutex events_mu_;
  std::condition_variable events_cv_;
  int64_t last_event_ = 0;
};

}  // namespace phantompool::store::internal
