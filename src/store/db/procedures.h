// Procedures: the state changes that move money, orders and sessions, and the journal
// append, as two implementations of one interface. On PostgreSQL each is one call of a
// SECURITY DEFINER function of migrations 003/004, which re-checks its own invariants (the
// line that holds whatever SQL the service login sends); on SQLite the same writes in C++
// (src/store/sqlite/), the components having checked everything before.
//
// The components compute every commitment (the database cannot do ristretto255) from rows
// they locked in the same transaction, and hand the procedures the expected old value of
// each commitment they replace: every write is a compare-and-set.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "db/sql.h"
#include "journal.h"
#include "settlement_plan.h"

namespace phantompool::store::internal {

// A user_balances row, as LockBalances returns it.
struct BalanceRow {
  int64_t user_id = 0;
  std::string token;
  uint64_t balance = 0;
  Commitment balance_commitment{};
  Commitment available{};
  int64_t open_obligations = 0;
  int64_t updated_at = 0;
};

struct TransferChange {
  int64_t user_id = 0;
  std::string token;
  TransferKind kind = TransferKind::kDeposit;
  uint64_t amount = 0;
  std::string reference;
  Commitment expected_available{};  // the value read under the lock (withdrawal: the proof's A)
  Commitment new_balance_commitment{};
  Commitment new_available{};
};

struct TransferOutcome {
  int64_t id = 0;
  uint64_t balance_after = 0;
  int64_t created_at = 0;
  bool replayed = false;  // the reference was used before; this is that first transfer
};

// An order ready to be written: every column derived from the EncryptedOrder by the store.
struct PreparedOrder {
  int64_t user_id = 0;
  int64_t trading_pair_id = 0;
  order::Side side = order::Side::kBuy;
  order::OrderType type = order::OrderType::kLimit;
  order::Validity validity = order::Validity::kGtc;
  std::optional<int64_t> expires_at;
  order::Nonce nonce{};
  Bytes encrypted_order;
  std::string obligation_token;
  Commitment obligation{};
  Commitment expected_available{};  // A, the proof's
  Commitment new_available{};       // A − obligation
};

// An order's outcome in a batch: its id, or why it was refused (nothing written for it).
struct SubmitOutcome {
  int64_t order_id = 0;
  Status status;
};

// A compare-and-set of a balance row's available commitment that releases `count` orders.
struct AvailableUpdate {
  int64_t user_id = 0;
  std::string token;
  Commitment expected_available{};
  Commitment new_available{};
  int64_t count = 0;
};

// One balance row of a settlement, applied by compare-and-set.
struct BalanceApply {
  int64_t user_id = 0;
  std::string token;
  int64_t delta = 0;
  Commitment expected_available{};
  Commitment new_available{};
  Commitment new_balance_commitment{};
  int64_t obligations_delta = 0;
};

class Procedures {
 public:
  virtual ~Procedures() = default;

  // Appends the journal's audit entries and events after the chain head (locking it) and
  // returns the last outbox id (0 when the journal has no events). It is the transaction's
  // last statement (SqlTx::QueryAndCommit).
  virtual Result<int64_t> AppendJournal(SqlTx& tx, const Journal& journal, int64_t now) = 0;

  // Locks the rows of `keys` in (user_id, token) order; with `create`, missing rows are
  // created first (zero balance). Rows come back in that order; absent ones are skipped.
  virtual Result<std::vector<BalanceRow>> LockBalances(
      SqlTx& tx, std::span<const std::pair<int64_t, std::string>> keys, bool create,
      int64_t now) = 0;

  virtual Result<TransferOutcome> ChangeBalance(SqlTx& tx, const TransferChange& c,
                                                int64_t now) = 0;
  // One outcome per order, in order. Each accepted order's audit entry and event go into
  // `journal`, or are appended by the back end itself (PostgreSQL, in SQL, as the
  // transaction's last statement: nothing may follow it there).
  virtual Result<std::vector<SubmitOutcome>> SubmitOrders(SqlTx& tx,
                                                          std::span<const PreparedOrder> orders,
                                                          Journal& journal, int64_t now) = 0;
  virtual Status CancelOrder(SqlTx& tx, int64_t user_id, int64_t order_id,
                             const Commitment& expected_available, const Commitment& new_available,
                             int64_t now) = 0;
  virtual Status ExpireOrders(SqlTx& tx, std::span<const int64_t> order_ids,
                              std::span<const AvailableUpdate> updates, int64_t now) = 0;
  virtual Result<int64_t> CreateSession(SqlTx& tx, int64_t pair_id, const Bytes& vrf_seed,
                                        std::span<const int64_t> executors, int64_t now) = 0;
  // A settlement is these two steps in one transaction (migration 011): the session's
  // outcome (orders, trades, the session row), then its balance changes, so that the balance
  // rows are locked only for the second, short step.
  virtual Status Settle(SqlTx& tx, const Settlement& in, const SettlementPlan& plan,
                        int64_t now) = 0;
  virtual Status SettleBalances(SqlTx& tx, int64_t session_id,
                                std::span<const BalanceApply> balances, int64_t now) = 0;
  virtual Status FailSession(SqlTx& tx, int64_t session_id, std::string_view reason,
                             int64_t now) = 0;
  // The coordinator's writes (migration 005): the draw of a frozen session (once; a repeat
  // must be identical), and its openings and excluded orders with the balance updates that
  // release the excluded orders' obligations.
  virtual Status RecordSessionDraw(SqlTx& tx, const SessionDraw& d, int64_t now) = 0;
  virtual Status RecordOpenings(SqlTx& tx, int64_t session_id, std::span<const OrderOpening> opened,
                                std::span<const ExcludedOrder> excluded,
                                std::span<const AvailableUpdate> updates, int64_t now) = 0;
  // The executor's writes; `journal` receives the audit entry where the back end does not
  // append it itself (PostgreSQL does, in SQL: an executor may not call the journal).
  virtual Result<int64_t> SubmitExecutorResponse(SqlTx& tx, int64_t executor_id,
                                                 int64_t operation_id, const Bytes& share,
                                                 const Bytes& proof, const Bytes& signature,
                                                 Journal& journal, int64_t now) = 0;
  virtual Status Heartbeat(SqlTx& tx, int64_t executor_id, ExecutorStatus status, int64_t now) = 0;
  // Offline, unless already offline or in maintenance; last_heartbeat is left alone.
  virtual Status MarkExecutorUnreachable(SqlTx& tx, int64_t executor_id, int64_t now) = 0;
  virtual Status RecordMetric(SqlTx& tx, const MetricSample& m, int64_t now) = 0;
  virtual Status UpdateSystemHealth(SqlTx& tx, const HealthUpdate& h, int64_t now) = 0;
};

}  // namespace phantompool::store::internal
