// PgProcedures: each procedure one call of a function of migrations 003/004.
#pragma once

#include "db/procedures.h"

namespace phantompool::store::internal {

class PgProcedures final : public Procedures {
 public:
  Result<int64_t> AppendJournal(SqlTx& tx, const Journal& journal, int64_t now) override;
  Result<std::vector<BalanceRow>> LockBalances(
      SqlTx& tx, std::span<const std::pair<int64_t, std::string>> keys, bool create,
      int64_t now) override;
  Result<TransferOutcome> ChangeBalance(SqlTx& tx, const TransferChange& c, int64_t now) override;
  Result<std::vector<SubmitOutcome>> SubmitOrders(SqlTx& tx, std::span<const PreparedOrder> orders,
                                                  Journal& journal, int64_t now) override;
  Status CancelOrder(SqlTx& tx, int64_t user_id, int64_t order_id,
                     const Commitment& expected_available, const Commitment& new_available,
                     int64_t now) override;
  Status ExpireOrders(SqlTx& tx, std::span<const int64_t> order_ids,
                      std::span<const AvailableUpdate> updates, int64_t now) override;
  Result<int64_t> CreateSession(SqlTx& tx, int64_t pair_id, const Bytes& vrf_seed,
                                std::span<const int64_t> executors, int64_t now) override;
  Status Settle(SqlTx& tx, const Settlement& in, const SettlementPlan& plan, int64_t now) override;
  Status SettleBalances(SqlTx& tx, int64_t session_id, std::span<const BalanceApply> balances,
                        int64_t now) override;
  Status FailSession(SqlTx& tx, int64_t session_id, std::string_view reason, int64_t now) override;
  Status RecordSessionDraw(SqlTx& tx, const SessionDraw& d, int64_t now) override;
  Status RecordOpenings(SqlTx& tx, int64_t session_id, std::span<const OrderOpening> opened,
                        std::span<const ExcludedOrder> excluded,
                        std::span<const AvailableUpdate> updates, int64_t now) override;
  Result<int64_t> SubmitExecutorResponse(SqlTx& tx, int64_t executor_id, int64_t operation_id,
                                         const Bytes& share, const Bytes& proof,
                                         const Bytes& signature, Journal& journal,
                                         int64_t now) override;
  Status Heartbeat(SqlTx& tx, int64_t executor_id, ExecutorStatus status, int64_t now) override;
  Status MarkExecutorUnreachable(SqlTx& tx, int64_t executor_id, int64_t now) override;
  Status RecordMetric(SqlTx& tx, const MetricSample& m, int64_t now) override;
  Status UpdateSystemHealth(SqlTx& tx, const HealthUpdate& h, int64_t now) override;
};

}  // namespace phantompool::store::internal
