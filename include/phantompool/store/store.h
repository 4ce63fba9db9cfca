// Store: everything PhantomPool knows, behind one interface with two back ends.
//
// `sqlite:PATH` (the embedded default) or `postgresql://...`. Every request names the
// Principal it acts for; reads are scoped to it, and anything it may not do comes back as
// PermissionDenied. Each call is one transaction: it happens entirely or not at all, and
// every state change a subscriber may see writes its audit entry and outbox event in that
// same transaction. No exception leaves this interface; constraint violations come back as
// a Status naming the table and field ("encrypted_orders.nonce").
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/store/principal.h"
#include "phantompool/store/records.h"
#include "phantompool/store/session_records.h"

namespace phantompool::store {

// The time source: microseconds since the Unix epoch. Tests move it to expire orders.
using Clock = std::function<int64_t()>;
int64_t SystemClockMicros();

enum class Backend : uint8_t { kSqlite, kPostgres };

struct StoreOptions {
  Clock clock = SystemClockMicros;
  int pool_size = 8;  // connections kept open (PostgreSQL) or reader handles (SQLite)
};

struct SessionCreated {
  int64_t session_id = 0;
  int64_t session_number = 0;
  std::vector<int64_t> order_ids;  // the frozen batch, ascending
};

struct AuditVerifyReport {
  bool ok = true;
  int64_t entries = 0;          // how many were walked
  int64_t first_broken_id = 0;  // 0 when ok
  std::string problem;          // what is wrong with that entry
};

struct RestoreOptions {
  bool force = false;  // replace a non-empty target
};

class Store {
 public:
  virtual ~Store() = default;
  virtual Backend backend() const = 0;

  // Schema: applies every migration not yet recorded in schema_migrations (owner only).
  virtual Status Migrate() = 0;
  virtual Result<int> SchemaVersion() = 0;

  // Users and balances.
  virtual Result<int64_t> CreateUser(const Principal& p, const NewUser& user) = 0;
  virtual Result<User> GetUser(const Principal& p, int64_t user_id) = 0;
  virtual Status SetKycStatus(const Principal& p, int64_t user_id, KycStatus status) = 0;
  virtual Result<Balance> Deposit(const Principal& p, int64_t user_id, std::string_view token,
                                  uint64_t amount) = 0;
  // Refused (InsufficientFunds) past the plaintext balance; the caller has checked the
  // trader's proof that the withdrawal leaves the open obligations covered.
  virtual Result<Balance> Withdraw(const Principal& p, int64_t user_id, std::string_view token,
                                   uint64_t amount) = 0;
  virtual Result<std::vector<Balance>> GetBalances(const Principal& p, int64_t user_id) = 0;

  // Pairs and market data (public).
  virtual Result<std::vector<TradingPair>> ListPairs(const Principal& p) = 0;
  virtual Result<std::vector<MarketOverviewRow>> MarketOverview(const Principal& p) = 0;
  virtual Status UpdateMarketStats(const Principal& p, int64_t pair_id, uint64_t last_price,
                                   uint64_t volume) = 0;

  // Orders.
  virtual Result<int64_t> SubmitOrder(const Principal& p, const NewOrder& order) = 0;
  virtual Result<Order> GetOrder(const Principal& p, int64_t order_id) = 0;
  virtual Result<std::vector<Order>> ListOrders(const Principal& p, const OrderQuery& q) = 0;
  virtual Status CancelOrder(const Principal& p, int64_t user_id, int64_t order_id) = 0;
  // Expires every open GTT order whose time has passed; returns how many.
  virtual Result<int64_t> CleanupExpiredOrders(const Principal& p) = 0;

  // Matching sessions.
  virtual Result<SessionCreated> CreateMatchingSession(const Principal& p, int64_t pair_id,
                                                       const Bytes& vrf_seed,
                                                       const std::vector<int64_t>& executors) = 0;
  virtual Result<MatchingSession> GetSession(const Principal& p, int64_t session_id) = 0;
  virtual Status SettleSession(const Principal& p, const Settlement& s) = 0;
  virtual Result<std::vector<Trade>> ListTrades(const Principal& p, int64_t user_id) = 0;

  // Executors and threshold operations.
  virtual Result<int64_t> RegisterExecutor(const Principal& p, const NewExecutorNode& n) = 0;
  virtual Result<ExecutorNode> GetExecutor(const Principal& p, int64_t node_id) = 0;
  virtual Status Heartbeat(const Principal& p, std::string_view status) = 0;
  virtual Result<int64_t> CreateThresholdOperation(const Principal& p, int64_t session_id,
                                                   std::string_view operation_type,
                                                   int32_t required_shares,
                                                   int32_t total_shares) = 0;
  virtual Result<int64_t> SubmitExecutorResponse(const Principal& p, int64_t operation_id,
                                                 const Bytes& share, const Bytes& proof,
                                                 const Bytes& signature) = 0;
  virtual Status RecordResponseValidity(const Principal& p, int64_t response_id, bool valid,
                                        std::string_view reason) = 0;
  virtual Result<std::vector<ExecutorResponse>> ListResponses(const Principal& p,
                                                              int64_t operation_id) = 0;
  virtual Result<int64_t> RecordProof(const Principal& p, std::string_view proof_type,
                                      std::optional<int64_t> order_id,
                                      std::optional<int64_t> session_id, const Bytes& proof,
                                      std::string_view public_inputs_json) = 0;

  // Metrics and health.
  virtual Status RecordMetric(const Principal& p, const MetricSample& m) = 0;
  virtual Status UpdateSystemHealth(const Principal& p, const HealthUpdate& h) = 0;
  virtual Result<std::vector<SystemHealthRow>> SystemHealthOverview(const Principal& p) = 0;
  virtual Result<UserTradingStats> GetUserTradingStats(const Principal& p, int64_t user_id) = 0;

  // Integrity: the hash-chained audit log and the event outbox.
  virtual Result<std::vector<AuditEntry>> ReadAudit(const Principal& p, int64_t after_id,
                                                    int32_t limit) = 0;
  // Walks the whole chain (auditor or service) and reports the first broken link.
  virtual Result<AuditVerifyReport> VerifyAudit(const Principal& p) = 0;
  // Events with id > after_id that the principal may see (a trader: public and its own).
  virtual Result<std::vector<OutboxEvent>> ReadEvents(const Principal& p, int64_t after_id,
                                                      int32_t limit) = 0;
  // Blocks until an event with id > after_id exists or `timeout` passes; returns whether
  // one exists. PostgreSQL wakes on LISTEN/NOTIFY, SQLite on its own commits.
  virtual Result<bool> WaitForEvents(int64_t after_id, std::chrono::milliseconds timeout) = 0;

  // Backup (a consistent snapshot of every table) and restore (operator commands: the URL's
  // own credentials, no principal). See docs/store.md for the format.
  virtual Status Backup(std::ostream& out) = 0;
  virtual Status Restore(std::istream& in, const RestoreOptions& options) = 0;
};

// Opens `sqlite:PATH` or `postgresql://...`. Does not migrate.
Result<std::unique_ptr<Store>> OpenStore(std::string_view url, StoreOptions options = {});

}  // namespace phantompool::store
