// StoreImpl: the Store interface, each call forwarded to the component that owns it. The
// components share one StoreContext (back end, clock, pair cache) and nothing else.
#pragma once

#include "audit_log.h"
#include "coordination.h"
#include "executors.h"
#include "ledger.h"
#include "market_data.h"
#include "order_book.h"
#include "order_intake.h"
#include "sessions.h"
#include "users.h"

namespace phantompool::store::internal {

class StoreImpl final : public Store {
 public:
  StoreImpl(std::unique_ptr<Db> db, StoreOptions options);

  Backend backend() const override { return backend_; }

  Status Migrate() override;
  Result<int> SchemaVersion() override;
  Status GrantLogin(const LoginGrant& grant) override;

  Result<int64_t> CreateUser(const Principal& p, const NewUser& u) override {
    return users_.Create(p, u);
  }
  Result<User> GetUser(const Principal& p, int64_t id) override { return users_.Get(p, id); }
  Result<std::vector<User>> ListUsers(const Principal& p, int64_t after_id,
                                      int32_t limit) override {
    return users_.List(p, after_id, limit);
  }
  Status SetKycStatus(const Principal& p, int64_t id, KycStatus s) override {
    return users_.SetKycStatus(p, id, s);
  }
  Status SetUserActive(const Principal& p, int64_t id, bool active) override {
    return users_.SetActive(p, id, active);
  }
  Result<UserTradingStats> GetUserTradingStats(const Principal& p, int64_t id) override {
    return users_.TradingStats(p, id);
  }

  Result<Transfer> Deposit(const Principal& p, int64_t user, std::string_view token,
                           uint64_t amount, std::string_view reference) override {
    return ledger_.Deposit(p, user, token, amount, reference);
  }
  Result<Transfer> Withdraw(const Principal& p, int64_t user, std::string_view token,
                            uint64_t amount, std::string_view reference,
                            const Commitment& available) override {
    return ledger_.Withdraw(p, user, token, amount, reference, available);
  }
  Result<std::vector<Balance>> GetBalances(const Principal& p, int64_t user) override {
    return ledger_.Balances(p, user);
  }

  Result<std::vector<TradingPair>> ListPairs(const Principal& p) override {
    return market_.Pairs(p);
  }
  Result<std::vector<MarketOverviewRow>> MarketOverview(const Principal& p) override {
    return market_.Overview(p);
  }

  Result<OrderRecord> SubmitOrder(const Principal& p, int64_t user, const order::EncryptedOrder& o,
                                  const Commitment& available) override {
    return intake_.Submit(p, user, o, available);
  }
  Result<OrderRecord> GetOrder(const Principal& p, int64_t id) override { return book_.Get(p, id); }
  Result<std::vector<OrderRecord>> ListOrders(const Principal& p, const OrderQuery& q) override {
    return book_.List(p, q);
  }
  Status CancelOrder(const Principal& p, int64_t user, int64_t id) override {
    return book_.Cancel(p, user, id);
  }
  Result<int64_t> CleanupExpiredOrders(const Principal& p) override {
    return book_.CleanupExpired(p);
  }

  Result<SessionCreated> CreateMatchingSession(const Principal& p, int64_t pair, const Bytes& seed,
                                               const std::vector<int64_t>& executors) override {
    return sessions_.Create(p, pair, seed, executors);
  }
  Result<MatchingSession> GetSession(const Principal& p, int64_t id) override {
    return sessions_.Get(p, id);
  }
  Result<std::vector<MatchingSession>> ListSessions(const Principal& p, int64_t pair,
                                                    int64_t before, int32_t limit) override {
    return sessions_.List(p, pair, before, limit);
  }
  Result<std::vector<SessionOrder>> ListSessionOrders(const Principal& p, int64_t id) override {
    return sessions_.Orders(p, id);
  }
  Status SettleSession(const Principal& p, const Settlement& s) override {
    return sessions_.Settle(p, s);
  }
  Status FailSession(const Principal& p, int64_t id, std::string_view reason) override {
    return sessions_.Fail(p, id, reason);
  }
  Result<std::vector<Trade>> ListTrades(const Principal& p, int64_t user) override {
    return sessions_.Trades(p, user);
  }
  Result<SessionTrades> ListSessionTrades(const Principal& p, int64_t session) override {
    return sessions_.SessionTradesOf(p, session);
  }

  Result<std::unique_ptr<PairLease>> TryLeasePair(int64_t pair_id) override {
    return ctx_.db().TryLeasePair(pair_id);
  }
  Result<std::optional<MatchingSession>> LatestSession(
      const Principal& p, int64_t pair, std::optional<SessionStatus> status) override {
    return sessions_.Latest(p, pair, status);
  }
  Status RecordSessionDraw(const Principal& p, const SessionDraw& d) override {
    return sessions_.RecordDraw(p, d);
  }
  Result<int32_t> RecordQuorumAttempt(const Principal& p, int64_t session,
                                      const std::vector<QuorumResponseRecord>& r) override {
    return coordination_.RecordAttempt(p, session, r);
  }
  Result<std::vector<StoredQuorumResponse>> ListQuorumResponses(const Principal& p,
                                                                int64_t session) override {
    return coordination_.Responses(p, session);
  }
  Result<std::vector<StoredQuorumResponse>> ListRecentInvalidAnswers(const Principal& p,
                                                                     int64_t limit) override {
    return coordination_.RecentInvalid(p, limit);
  }
  Status RecordSessionOpenings(const Principal& p, int64_t session,
                               const std::vector<OrderOpening>& opened,
                               const std::vector<ExcludedOrder>& excluded) override {
    return coordination_.RecordOpenings(p, session, opened, excluded);
  }
  Result<std::vector<OrderOpening>> ListSessionOpenings(const Principal& p,
                                                        int64_t session) override {
    return coordination_.Openings(p, session);
  }
  Result<std::vector<ExcludedOrder>> ListExcludedOrders(const Principal& p,
                                                        int64_t session) override {
    return coordination_.Excluded(p, session);
  }

  Result<int64_t> RegisterExecutor(const Principal& p, const NewExecutorNode& n) override {
    return executors_.Register(p, n);
  }
  Result<ExecutorNode> GetExecutor(const Principal& p, int64_t id) override {
    return executors_.Get(p, id);
  }
  Result<std::vector<ExecutorNode>> ListExecutors(const Principal& p) override {
    return coordination_.ListExecutors(p);
  }
  Status RecordKeySet(const Principal& p, const KeySetRecord& keys,
                      const std::vector<NewExecutorNode>& executors) override {
    return coordination_.RecordKeySet(p, keys, executors);
  }
  Result<std::optional<KeySetRecord>> CurrentKeySet(const Principal& p) override {
    return coordination_.CurrentKeySet(p);
  }
  Status Heartbeat(const Principal& p, ExecutorStatus s) override {
    return executors_.Heartbeat(p, s);
  }
  Status MarkExecutorUnreachable(const Principal& p, int64_t executor_id) override {
    return executors_.MarkUnreachable(p, executor_id);
  }
  Result<int64_t> CreateThresholdOperation(const Principal& p, int64_t session, OperationType t,
                                           int32_t required, int32_t total) override {
    return executors_.CreateOperation(p, session, t, required, total);
  }
  Result<ThresholdOperation> GetThresholdOperation(const Principal& p, int64_t id) override {
    return executors_.GetOperation(p, id);
  }
  Result<int64_t> SubmitExecutorResponse(const Principal& p, int64_t op, const Bytes& share,
                                         const Bytes& proof, const Bytes& sig) override {
    return executors_.SubmitResponse(p, op, share, proof, sig);
  }
  Status RecordResponseValidity(const Principal& p, int64_t id, bool valid,
                                std::string_view reason) override {
    return executors_.RecordValidity(p, id, valid, reason);
  }
  Result<std::vector<ExecutorResponse>> ListResponses(const Principal& p, int64_t op) override {
    return executors_.Responses(p, op);
  }
  Result<int64_t> RecordProof(const Principal& p, ProofType t, std::optional<int64_t> order,
                              std::optional<int64_t> session, const Bytes& proof,
                              std::string_view inputs) override {
    return executors_.RecordProof(p, t, order, session, proof, inputs);
  }

  Status RecordMetric(const Principal& p, const MetricSample& m) override {
    return market_.RecordMetric(p, m);
  }
  Result<std::vector<MetricRow>> ReadMetrics(const Principal& p, std::string_view name,
                                             int64_t since, int32_t limit) override {
    return market_.Metrics(p, name, since, limit);
  }
  Status UpdateSystemHealth(const Principal& p, const HealthUpdate& h) override {
    return market_.UpdateHealth(p, h);
  }
  Result<std::vector<SystemHealthRow>> SystemHealthOverview(const Principal& p) override {
    return market_.Health(p);
  }

  Result<std::vector<AuditEntry>> ReadAudit(const Principal& p, int64_t after,
                                            int32_t limit) override {
    return audit_.Read(p, after, limit);
  }
  Result<AuditVerifyReport> VerifyAudit(const Principal& p,
                                        const std::optional<AuditAnchor>& anchor) override {
    return audit_.Verify(p, anchor);
  }
  Result<std::vector<OutboxEvent>> ReadEvents(const Principal& p, int64_t after,
                                              int32_t limit) override {
    return audit_.Events(p, after, limit);
  }
  Result<bool> WaitForEvents(int64_t after, std::chrono::milliseconds timeout) override {
    return ctx_.db().WaitForEvents(after, timeout);
  }

  Status Backup(std::ostream& out) override;
  Status Restore(std::istream& in, const RestoreOptions& options) override;

 private:
  Backend backend_;
  StoreContext ctx_;
  Users users_{ctx_};
  Ledger ledger_{ctx_};
  OrderIntake intake_{ctx_};
  OrderBook book_{ctx_};
  Sessions sessions_{ctx_};
  Executors executors_{ctx_};
  Coordination coordination_{ctx_};
  MarketData market_{ctx_};
  AuditLog audit_{ctx_};
};

}  // namespace phantompool::store::internal
