// PgStore: the PostgreSQL back end (libpqxx 6.4). Every request is
//   BEGIN; SET LOCAL ROLE pp_<role>; SET LOCAL phantompool.user_id = '<id>'; ...; COMMIT
// so row-level security and the grants of migration 002 bound it whatever the C++ does;
// money moves only through the SECURITY DEFINER functions of migrations 003 and 004.
#pragma once

#include <memory>
#include <pqxx/pqxx>
#include <string>

#include "../conn_pool.h"
#include "../store_core.h"

namespace phantompool::store::internal {

// Maps a libpqxx / PostgreSQL error to a Status naming the table and field.
Status PgErrorStatus(const std::exception& e, std::string_view table);

class PgTx final : public SqlTx {
 public:
  explicit PgTx(pqxx::transaction_base& tx) : tx_(tx) {}
  Backend backend() const override { return Backend::kPostgres; }
  SqlResult Query(std::string_view sql, const Params& params, std::string_view table) override;
  void Script(std::string_view sql) override;

 private:
  pqxx::transaction_base& tx_;
};

class PgStore final : public StoreCore {
 public:
  static Result<std::unique_ptr<Store>> Open(const std::string& url, StoreOptions options);

  Backend backend() const override { return Backend::kPostgres; }
  Status Migrate() override;
  Result<int> SchemaVersion() override;
  Result<bool> WaitForEvents(int64_t after_id, std::chrono::milliseconds timeout) override;

  // Tests only: runs `sql` inside a request transaction of `p` (role and user set), with no
  // C++ check in front, to show what row-level security alone allows.
  Result<int64_t> RawCountAs(const Principal& p, const std::string& sql);

 protected:
  Status RunTx(const Principal* p, Access access, const std::function<void(SqlTx&)>& fn) override;

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
  PgStore(std::string url, StoreOptions options);
  std::string url_;
  ConnPool<pqxx::connection> pool_;
};

}  // namespace phantompool::store::internal
