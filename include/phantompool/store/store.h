// Store: everything PhantomPool knows, behind one interface with two back ends.
//
// `sqlite:PATH` (the embedded default) or `postgresql://...`. Every request names the
// Principal it acts for; reads are scoped to it, and anything it may not do comes back as
// PermissionDenied. Each call is one transaction: it happens entirely or not at all, and
// every state change a subscriber may see writes its audit entry and outbox event in that
// same transaction. No exception leaves this interface; constraint violations come back as
// a Status naming the table and field ("encrypted_orders.nonce").
//
// On PostgreSQL the URL's login decides what a Store may do (docs/store.md, "Logins"): the
// schema owner runs the maintenance calls (Migrate, Backup, Restore, GrantLogin) and, read
// only, an auditor's requests; every other request needs the server's request login (made by
// GrantLogin with Role::kService), which owns nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/order/encrypted_order.h"
#include "phantompool/store/audit.h"
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

struct RestoreOptions {
  bool force = false;  // replace a non-empty target
};

// A direct database login (PostgreSQL only). trader and executor name the users.id or
// executor_nodes.id they act as; auditor and service name nobody (id 0). service is the
// server's own request login. The password is sent as a SCRAM-SHA-256 verifier computed
// here, never in the clear.
struct LoginGrant {
  Role role = Role::kTrader;
  int64_t id = 0;
  std::string login;     // [a-z_][a-z0-9_]{0,62}
  std::string password;  // 12..1024 bytes
};

// The right to run a pair's sessions: one coordinator per pair at a time. Released when
// destroyed. On PostgreSQL a session advisory lock held by a connection of its own (so the
// lock dies with the process); on SQLite, which one server embeds, a lock in this process.
class PairLease {
 public:
  virtual ~PairLease() = default;
  virtual int64_t pair_id() const = 0;
  // Still held? (PostgreSQL: the lease's connection is alive.)
  virtual Status Check() = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual Backend backend() const = 0;

  // Maintenance (the owner's login on PostgreSQL). Migrate applies every migration not yet
  // recorded in schema_migrations and seeds the built-in pairs (order::BuiltinPairs()).
  virtual Status Migrate() = 0;
  virtual Result<int> SchemaVersion() = 0;
  virtual Status GrantLogin(const LoginGrant& grant) = 0;

  // Users.
  virtual Result<int64_t> CreateUser(const Principal& p, const NewUser& user) = 0;
  virtual Result<User> GetUser(const Principal& p, int64_t user_id) = 0;
  // Users with id > after_id, ascending, at most `limit` (1..1000): the operator's listing
  // (service or auditor).
  virtual Result<std::vector<User>> ListUsers(const Principal& p, int64_t after_id,
                                              int32_t limit) = 0;
  virtual Status SetKycStatus(const Principal& p, int64_t user_id, KycStatus status) = 0;
  virtual Status SetUserActive(const Principal& p, int64_t user_id, bool active) = 0;
  virtual Result<UserTradingStats> GetUserTradingStats(const Principal& p, int64_t user_id) = 0;

  // Balances. `reference` is the caller's idempotency key (1..128 printable ASCII, unique per
  // user): a retry returns the first call's Transfer and moves nothing. A withdrawal carries
  // the available-balance commitment A its proof (A − amount·G opens to a non-negative
  // value) was verified against, and is refused (Conflict) unless A is still the user's.
  virtual Result<Transfer> Deposit(const Principal& p, int64_t user_id, std::string_view token,
                                   uint64_t amount, std::string_view reference) = 0;
  virtual Result<Transfer> Withdraw(const Principal& p, int64_t user_id, std::string_view token,
                                    uint64_t amount, std::string_view reference,
                                    const Commitment& available) = 0;
  virtual Result<std::vector<Balance>> GetBalances(const Principal& p, int64_t user_id) = 0;

  // Pairs and market data (public).
  virtual Result<std::vector<TradingPair>> ListPairs(const Principal& p) = 0;
  virtual Result<std::vector<MarketOverviewRow>> MarketOverview(const Principal& p) = 0;

  // Orders. SubmitOrder takes the order the server parsed and verified, for the
  // authenticated user `user_id` (order.user_id must name it), and the available-balance
  // commitment A its solvency proof was verified against. The store derives every column
  // from the order, recomputes the obligation commitment (order::ObligationCommitment) and,
  // under the balance row lock, locks it only if A is still the user's (else Conflict).
  // Returns the order's row as it committed, exactly what GetOrder would then read.
  virtual Result<OrderRecord> SubmitOrder(const Principal& p, int64_t user_id,
                                          const order::EncryptedOrder& order,
                                          const Commitment& available) = 0;
  virtual Result<OrderRecord> GetOrder(const Principal& p, int64_t order_id) = 0;
  virtual Result<std::vector<OrderRecord>> ListOrders(const Principal& p, const OrderQuery& q) = 0;
  virtual Status CancelOrder(const Principal& p, int64_t user_id, int64_t order_id) = 0;
  // Expires every waiting GTT order whose time has passed; returns how many.
  virtual Result<int64_t> CleanupExpiredOrders(const Principal& p) = 0;

  // Matching sessions.
  virtual Result<SessionCreated> CreateMatchingSession(const Principal& p, int64_t pair_id,
                                                       const Bytes& vrf_seed,
                                                       const std::vector<int64_t>& executors) = 0;
  virtual Result<MatchingSession> GetSession(const Principal& p, int64_t session_id) = 0;
  // The pair's sessions, newest first: at most `limit` (1..500) with a number below
  // `before_number` (0: from the newest).
  virtual Result<std::vector<MatchingSession>> ListSessions(const Principal& p, int64_t pair_id,
                                                            int64_t before_number,
                                                            int32_t limit) = 0;
  // The orders the session froze (also those that have since moved on: session_orders);
  // an executor sees only sessions it is assigned to.
  virtual Result<std::vector<SessionOrder>> ListSessionOrders(const Principal& p,
                                                              int64_t session_id) = 0;
  virtual Status SettleSession(const Principal& p, const Settlement& s) = 0;
  // Fails a frozen session: its orders go back on the book with their locks intact.
  virtual Status FailSession(const Principal& p, int64_t session_id, std::string_view reason) = 0;
  virtual Result<std::vector<Trade>> ListTrades(const Principal& p, int64_t user_id) = 0;
  // A session's trades and what earlier sessions filled of its orders (auditor, service).
  virtual Result<SessionTrades> ListSessionTrades(const Principal& p, int64_t session_id) = 0;

  // The coordinator's records (service; reads also auditor). See docs/executor.md.
  // Conflict when another holder has the pair (never blocks).
  virtual Result<std::unique_ptr<PairLease>> TryLeasePair(int64_t pair_id) = 0;
  // The pair's newest session with `status` (any status when nullopt), if any.
  virtual Result<std::optional<MatchingSession>> LatestSession(
      const Principal& p, int64_t pair_id, std::optional<SessionStatus> status) = 0;
  // The draw's inputs of a frozen session, replacing the provisional vrf_seed given to
  // CreateMatchingSession. Once: a repeat must name the same values (else Conflict).
  virtual Status RecordSessionDraw(const Principal& p, const SessionDraw& d) = 0;
  // One attempt of a session's quorum round (numbered 1, 2, ... per session): every
  // executor's verdict, in one transaction. Returns the attempt number.
  virtual Result<int32_t> RecordQuorumAttempt(const Principal& p, int64_t session_id,
                                              const std::vector<QuorumResponseRecord>& r) = 0;
  virtual Result<std::vector<StoredQuorumResponse>> ListQuorumResponses(const Principal& p,
                                                                        int64_t session_id) = 0;
  // The latest `limit` (1..1000) answers that came back and did not verify, newest first,
  // across every session and executor.
  virtual Result<std::vector<StoredQuorumResponse>> ListRecentInvalidAnswers(const Principal& p,
                                                                             int64_t limit) = 0;
  // The openings of a frozen session's newly opened orders, and its excluded orders
  // (cancelled alone, their locks released), in one transaction.
  virtual Status RecordSessionOpenings(const Principal& p, int64_t session_id,
                                       const std::vector<OrderOpening>& opened,
                                       const std::vector<ExcludedOrder>& excluded) = 0;
  // The openings of the orders a session froze (from whichever session opened each), also
  // of those that have since moved on.
  virtual Result<std::vector<OrderOpening>> ListSessionOpenings(const Principal& p,
                                                                int64_t session_id) = 0;
  virtual Result<std::vector<ExcludedOrder>> ListExcludedOrders(const Principal& p,
                                                                int64_t session_id) = 0;

  // Executors and threshold operations.
  virtual Result<int64_t> RegisterExecutor(const Principal& p, const NewExecutorNode& n) = 0;
  virtual Result<ExecutorNode> GetExecutor(const Principal& p, int64_t node_id) = 0;
  // Every executor, by node index.
  virtual Result<std::vector<ExecutorNode>> ListExecutors(const Principal& p) = 0;
  // A DKG's outcome: the key set, and each executor (by node_index: inserted, or its keys
  // and endpoint replaced) tagged with the epoch. AlreadyExists if the epoch is recorded.
  virtual Status RecordKeySet(const Principal& p, const KeySetRecord& keys,
                              const std::vector<NewExecutorNode>& executors) = 0;
  // The newest key set, if any.
  virtual Result<std::optional<KeySetRecord>> CurrentKeySet(const Principal& p) = 0;
  virtual Status Heartbeat(const Principal& p, ExecutorStatus status) = 0;
  // The service's verdict that a node did not answer its health check: status offline
  // (unless in maintenance), last_heartbeat kept. Only a heartbeat brings a node back online.
  virtual Status MarkExecutorUnreachable(const Principal& p, int64_t executor_id) = 0;
  virtual Result<int64_t> CreateThresholdOperation(const Principal& p, int64_t session_id,
                                                   OperationType type, int32_t required_shares,
                                                   int32_t total_shares) = 0;
  virtual Result<ThresholdOperation> GetThresholdOperation(const Principal& p,
                                                           int64_t operation_id) = 0;
  virtual Result<int64_t> SubmitExecutorResponse(const Principal& p, int64_t operation_id,
                                                 const Bytes& share, const Bytes& proof,
                                                 const Bytes& signature) = 0;
  virtual Status RecordResponseValidity(const Principal& p, int64_t response_id, bool valid,
                                        std::string_view reason) = 0;
  virtual Result<std::vector<ExecutorResponse>> ListResponses(const Principal& p,
                                                              int64_t operation_id) = 0;
  // Stores a proof the caller has verified (a proof that fails is never stored).
  virtual Result<int64_t> RecordProof(const Principal& p, ProofType type,
                                      std::optional<int64_t> order_id,
                                      std::optional<int64_t> session_id, const Bytes& proof,
                                      std::string_view public_inputs_json) = 0;

  // Metrics and health.
  virtual Status RecordMetric(const Principal& p, const MetricSample& m) = 0;
  // Samples of `name` whose period starts at or after `since`, oldest first.
  virtual Result<std::vector<MetricRow>> ReadMetrics(const Principal& p, std::string_view name,
                                                     int64_t since, int32_t limit) = 0;
  virtual Status UpdateSystemHealth(const Principal& p, const HealthUpdate& h) = 0;
  virtual Result<std::vector<SystemHealthRow>> SystemHealthOverview(const Principal& p) = 0;

  // Integrity: the hash-chained audit log and the event outbox.
  virtual Result<std::vector<AuditEntry>> ReadAudit(const Principal& p, int64_t after_id,
                                                    int32_t limit) = 0;
  // Walks the whole chain (auditor or service) and reports the first broken link and the
  // head; with an anchor, also that the chain still extends it.
  virtual Result<AuditVerifyReport> VerifyAudit(const Principal& p,
                                                const std::optional<AuditAnchor>& anchor) = 0;
  // Events with id > after_id that the principal may see (a trader: public and its own).
  virtual Result<std::vector<OutboxEvent>> ReadEvents(const Principal& p, int64_t after_id,
                                                      int32_t limit) = 0;
  // Blocks until an event with id > after_id exists or `timeout` passes; returns whether
  // one exists. PostgreSQL wakes on LISTEN/NOTIFY, SQLite on its own commits.
  virtual Result<bool> WaitForEvents(int64_t after_id, std::chrono::milliseconds timeout) = 0;

  // Backup (a consistent snapshot of every table) and restore: maintenance calls, the owner's
  // login. See docs/store.md for the format.
  virtual Status Backup(std::ostream& out) = 0;
  virtual Status Restore(std::istream& in, const RestoreOptions& options) = 0;
};

// Opens `sqlite:PATH` or `postgresql://...`. Does not migrate.
Result<std::unique_ptr<Store>> OpenStore(std::string_view url, StoreOptions options = {});

}  // namespace phantompool::store
