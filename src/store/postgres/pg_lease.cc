// The pair lease on PostgreSQL: a session advisory lock taken on a connection the lease owns,
// so every server of the cluster sees it and it dies with the process (docs/executor.md,
// "One coordinator per pair").
#include "postgres/pg_conn.h"
#include "postgres/pg_db.h"

namespace phantompool::store::internal {
namespace {

// The advisory-lock key space of pair leases (pg_try_advisory_lock(int, int)): "PPcl".
constexpr int32_t kLeaseSpace = 0x5050636c;

class PgLease final : public PairLease {
 public:
  PgLease(std::unique_ptr<PgConn> conn, int64_t pair_id)
      : conn_(std::move(conn)), pair_id_(pair_id) {}
  // Closing the connection releases the lock.
  ~PgLease() override = default;
  int64_t pair_id() const override { return pair_id_; }
  Status Check() override {
    if (!conn_->healthy()) {
      return Status::Unavailable("trading_pairs.id", "the lease's connection is lost");
    }
    return conn_->Exec("SELECT 1", "trading_pairs");
  }

 private:
  std::unique_ptr<PgConn> conn_;
  int64_t pair_id_;
};

}  // namespace

Result<std::unique_ptr<PairLease>> PgDb::TryLeasePair(int64_t pair_id) {
  if (pair_id < 1 || pair_id > INT32_MAX) {
    return Status::InvalidArgument("trading_pairs.id", "out of range");
  }
  PP_ASSIGN_OR_RETURN(std::unique_ptr<PgConn> conn, PgConn::Open(url_));
  PP_ASSIGN_OR_RETURN(
      SqlResult r,
      conn->Pipeline({{"SELECT CASE WHEN pg_try_advisory_lock($1::int, $2::int) THEN 1 ELSE 0 END "
                       "AS held",
                       {SqlValue::Int(kLeaseSpace), SqlValue::Int(pair_id)}}},
                     0, "trading_pairs"));
  RowReader row(r, 0);
  const bool held = row.Int("held") == 1;
  PP_RETURN_IF_ERROR(row.status());
  if (!held) {
    return Status::Conflict("trading_pairs.id", "pair " + std::to_string(pair_id) +
                                                    " is leased by another coordinator");
  }
  return std::unique_ptr<PairLease>(new PgLease(std::move(conn), pair_id));
}

}  // namespace phantompool::store::internal
