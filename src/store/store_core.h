// StoreCore: the Store logic both back ends share.
//
// Every public call becomes one transaction through RunTx (the back end's: BEGIN IMMEDIATE
// on SQLite; BEGIN + SET LOCAL ROLE/user on PostgreSQL). Inside it StoreCore checks the
// principal, validates input strictly, reads what it needs, does the commitment arithmetic,
// calls the back end's procedure for the state change (a SECURITY DEFINER function on
// PostgreSQL, the same statements in C++ on SQLite) and appends the journal (audit entries
// and outbox events). Access checks here are the whole enforcement on SQLite and a second
// line behind row-level security on PostgreSQL.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "journal.h"
#include "phantompool/store/store.h"
#include "sql.h"

namespace phantompool::store::internal {

// A balance row's compare-and-set of its locked obligations.
struct LockedUpdate {
  int64_t user_id = 0;
  std::string token;
  Commitment expected_locked{}, new_locked{}, new_available{};
  int64_t obligations_delta = 0;
};

// One (user, token) row touched by a settlement.
struct BalanceApply {
  LockedUpdate locked;
  int64_t delta = 0;  // plaintext balance change
  Commitment new_balance_commitment{};
};

struct BalanceRow {
  bool exists = false;
  uint64_t balance = 0;
  Commitment balance_commitment{}, locked{}, available{};
  int64_t open_obligations = 0;
};

class StoreCore : public Store {
 public:
  explicit StoreCore(StoreOptions options) : options_(std::move(options)) {}

  Result<int64_t> CreateUser(const Principal& p, const NewUser& user) override;
  Result<User> GetUser(const Principal& p, int64_t user_id) override;
  Status SetKycStatus(const Principal& p, int64_t user_id, KycStatus status) override;
  Result<Balance> Deposit(const Principal& p, int64_t user_id, std::string_view token,
                          uint64_t amount) override;
  Result<Balance> Withdraw(const Principal& p, int64_t user_id, std::string_view token,
                           uint64_t amount) override;
  Result<std::vector<Balance>> GetBalances(const Principal& p, int64_t user_id) override;
  Result<std::vector<TradingPair>> ListPairs(const Principal& p) override;
  Result<std::vector<MarketOverviewRow>> MarketOverview(const Principal& p) override;
  Status UpdateMarketStats(const Principal& p, int64_t pair_id, uint64_t last_price,
                           uint64_t volume) override;

  Result<int64_t> SubmitOrder(const Principal& p, const NewOrder& order) override;
  Result<Order> GetOrder(const Principal& p, int64_t order_id) override;
  Result<std::vector<Order>> ListOrders(const Principal& p, const OrderQuery& q) override;
  Status CancelOrder(const Principal& p, int64_t user_id, int64_t order_id) override;
  Result<int64_t> CleanupExpiredOrders(const Principal& p) override;

  Result<SessionCreated> CreateMatchingSession(const Principal& p, int64_t pair_id,
                                               const Bytes& vrf_seed,
                                               const std::vector<int64_t>& executors) override;
  Result<MatchingSession> GetSession(const Principal& p, int64_t session_id) override;
  Status SettleSession(const Principal& p, const Settlement& s) override;
  Result<std::vector<Trade>> ListTrades(const Principal& p, int64_t user_id) override;

  Result<int64_t> RegisterExecutor(const Principal& p, const NewExecutorNode& n) override;
  Result<ExecutorNode> GetExecutor(const Principal& p, int64_t node_id) override;
  Status Heartbeat(const Principal& p, std::string_view status) override;
  Result<int64_t> CreateThresholdOperation(const Principal& p, int64_t session_id,
                                           std::string_view operation_type, int32_t required_shares,
                                           int32_t total_shares) override;
  Result<int64_t> SubmitExecutorResponse(const Principal& p, int64_t operation_id,
                                         const Bytes& share, const Bytes& proof,
                                         const Bytes& signature) override;
  Status RecordResponseValidity(const Principal& p, int64_t response_id, bool valid,
                                std::string_view reason) override;
  Result<std::vector<ExecutorResponse>> ListResponses(const Principal& p,
                                                      int64_t operation_id) override;
  Result<int64_t> RecordProof(const Principal& p, std::string_view proof_type,
                              std::optional<int64_t> order_id, std::optional<int64_t> session_id,
                              const Bytes& proof, std::string_view public_inputs_json) override;

  Status RecordMetric(const Principal& p, const MetricSample& m) override;
  Status UpdateSystemHealth(const Principal& p, const HealthUpdate& h) override;
  Result<std::vector<SystemHealthRow>> SystemHealthOverview(const Principal& p) override;
  Result<UserTradingStats> GetUserTradingStats(const Principal& p, int64_t user_id) override;

  Result<std::vector<AuditEntry>> ReadAudit(const Principal& p, int64_t after_id,
                                            int32_t limit) override;
  Result<AuditVerifyReport> VerifyAudit(const Principal& p) override;
  Result<std::vector<OutboxEvent>> ReadEvents(const Principal& p, int64_t after_id,
                                              int32_t limit) override;

  Status Backup(std::ostream& out) override;
  Status Restore(std::istream& in, const RestoreOptions& options) override;

 protected:
  enum class Access { kRead, kWrite, kSnapshot };
  // One transaction acting as `p` (nullptr: the owner, for migrations, backup and restore).
  // Catches StoreError and every library exception and returns it as a Status.
  virtual Status RunTx(const Principal* p, Access access,
                       const std::function<void(SqlTx&)>& fn) = 0;
  // Called after a transaction that appended outbox events committed.
  virtual void EventsCommitted(int64_t /*last_id*/) {}

  // Procedures: the state changes behind the money functions (see migrations 003/004).
  virtual int64_t ProcChangeBalance(SqlTx& tx, int64_t user, const std::string& token,
                                    int64_t delta, const BalanceRow& before,
                                    const Commitment& new_bc, const Commitment& new_avail) = 0;
  virtual int64_t ProcSubmitOrder(SqlTx& tx, const NewOrder& o, const LockedUpdate& u) = 0;
  virtual void ProcCancelOrder(SqlTx& tx, int64_t user, int64_t order, const LockedUpdate& u) = 0;
  virtual void ProcCleanupExpired(SqlTx& tx, const std::vector<int64_t>& orders,
                                  const std::vector<LockedUpdate>& updates) = 0;
  virtual int64_t ProcCreateSession(SqlTx& tx, int64_t pair, const Bytes& seed,
                                    const std::string& executors_json) = 0;
  virtual void ProcSettle(SqlTx& tx, const Settlement& s,
                          const std::vector<BalanceApply>& balances) = 0;
  virtual void ProcUpdateMarketStats(SqlTx& tx, int64_t pair, uint64_t price, uint64_t volume) = 0;
  virtual void ProcRecordMetric(SqlTx& tx, const MetricSample& m) = 0;
  virtual void ProcUpdateSystemHealth(SqlTx& tx, const HealthUpdate& h) = 0;

  int64_t Now() const { return options_.clock(); }
  Result<Balance> ChangeBalance(const Principal& p, int64_t user_id, std::string_view token,
                                uint64_t amount, bool deposit);
  // Runs fn as p, then flushes its journal in the same transaction.
  Status Write(const Principal& p, const std::function<void(SqlTx&, Journal&)>& fn);
  Status Read(const Principal& p, const std::function<void(SqlTx&)>& fn) {
    return RunTx(&p, Access::kRead, fn);
  }
  // Reads (and on PostgreSQL locks) a balance row.
  static BalanceRow LockBalance(SqlTx& tx, int64_t user, const std::string& token);
  TradingPair LoadPair(SqlTx& tx, int64_t pair_id);

  StoreOptions options_;

 private:
  // Group commit of submissions (store_submit.cc).
  struct PendingSubmit {
    const NewOrder* order = nullptr;
    Status status;
    int64_t id = 0;
    bool done = false;
  };
  void SubmitBatch(const Principal& p, const std::vector<PendingSubmit*>& batch);
  void SubmitOne(SqlTx& tx, Journal& j, const NewOrder& o, int64_t& id);
  std::mutex submit_mu_;
  std::condition_variable submit_cv_;
  std::deque<PendingSubmit*> submit_queue_;
  int submit_leaders_ = 0;  // batches in flight; at most 2

  std::mutex pairs_mu_;
  std::map<int64_t, TradingPair> pairs_;  // immutable columns only (is_active is re-read)
};

// Access checks shared by every call; each throws PermissionDenied.
void RequireRole(const Principal& p, std::initializer_list<Role> roles, std::string_view what);
// A trader may only name itself; other allowed roles may name anyone.
void RequireSelfOr(const Principal& p, int64_t user_id, std::initializer_list<Role> others,
                   std::string_view what);

}  // namespace phantompool::store::internal
