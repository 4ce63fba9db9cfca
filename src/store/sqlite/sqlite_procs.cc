// The SQLite twins of the PostgreSQL functions in migrations/postgres/003 and 004: the same
// checks and the same writes, run by the store inside its BEGIN IMMEDIATE transaction.
// StoreCore has already validated the input and computed every commitment.
#include <map>
#include <set>

#include "../commitments.h"
#include "sqlite_store.h"

namespace phantompool::store::internal {
namespace {

void ApplyLocked(SqlTx& tx, const LockedUpdate& u, int64_t now) {
  SqlResult r = tx.Query(
      "UPDATE user_balances SET locked_commitment = $1, available_commitment = $2, "
      "open_obligations = open_obligations + $3, updated_at = $4 "
      "WHERE user_id = $5 AND token = $6 AND locked_commitment = $7",
      {SqlValue::Blob(u.new_locked), SqlValue::Blob(u.new_available),
       SqlValue::Int(u.obligations_delta), SqlValue::Int(now), SqlValue::Int(u.user_id),
       SqlValue::Text(u.token), SqlValue::Blob(u.expected_locked)},
      "user_balances");
  if (r.affected != 1)
    Fail(Status::Conflict("user_balances.locked_commitment", "changed since the store read it"));
}

}  // namespace

// pp_refresh_counts: the per-pair counters recomputed from the orders (see migration 003).
void RefreshCounts(SqlTx& tx, int64_t pair, int64_t now) {
  tx.Query(
      "UPDATE order_pools SET "
      "open_orders = (SELECT count(*) FROM encrypted_orders o WHERE o.trading_pair_id = $1 "
      "AND o.side = order_pools.side AND o.status IN ('active', 'matching', 'partially_filled')), "
      "waiting_orders = (SELECT count(*) FROM encrypted_orders o WHERE o.trading_pair_id = $1 "
      "AND o.side = order_pools.side AND o.status IN ('active', 'partially_filled') "
      "AND o.matching_session_id IS NULL), updated_at = $2 WHERE trading_pair_id = $1",
      {SqlValue::Int(pair), SqlValue::Int(now)}, "order_pools");
  tx.Query(
      "UPDATE market_stats SET total_orders = (SELECT count(*) FROM encrypted_orders WHERE "
      "trading_pair_id = $1), "
      "active_buy_orders = (SELECT open_orders FROM order_pools WHERE trading_pair_id = $1 AND "
      "side = 'buy'), "
      "active_sell_orders = (SELECT open_orders FROM order_pools WHERE trading_pair_id = $1 AND "
      "side = 'sell'), "
      "updated_at = $2 WHERE trading_pair_id = $1",
      {SqlValue::Int(pair), SqlValue::Int(now)}, "market_stats");
}

namespace {}  // namespace

int64_t SqliteStore::ProcChangeBalance(SqlTx& tx, int64_t user, const std::string& token,
                                       int64_t delta, const BalanceRow& before,
                                       const Commitment& new_bc, const Commitment& new_avail) {
  const int64_t now = Now();
  if (tx.Query("SELECT 1 FROM users WHERE id = $1 AND is_active = 1", {SqlValue::Int(user)},
               "users")
          .empty()) {
    Fail(Status::NotFound("users.id", "no active user " + std::to_string(user)));
  }
  if (!before.exists) {
    tx.Query(
        "INSERT INTO user_balances (user_id, token, balance, balance_commitment, "
        "locked_commitment, "
        "available_commitment, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
        {SqlValue::Int(user), SqlValue::Text(token), SqlValue::Int(delta), SqlValue::Blob(new_bc),
         SqlValue::Blob(IdentityCommitment()), SqlValue::Blob(new_avail), SqlValue::Int(now)},
        "user_balances");
    return delta;
  }
  const int64_t after = static_cast<int64_t>(before.balance) + delta;
  if (after < 0)
    Fail(Status::InsufficientFunds("user_balances.balance", "withdrawal exceeds the balance"));
  SqlResult r = tx.Query(
      "UPDATE user_balances SET balance = $1, balance_commitment = $2, available_commitment = $3, "
      "updated_at = $4 WHERE user_id = $5 AND token = $6 AND balance_commitment = $7",
      {SqlValue::Int(after), SqlValue::Blob(new_bc), SqlValue::Blob(new_avail), SqlValue::Int(now),
       SqlValue::Int(user), SqlValue::Text(token), SqlValue::Blob(before.balance_commitment)},
      "user_balances");
  if (r.affected != 1)
    Fail(Status::Conflict("user_balances.balance_commitment", "changed since the store read it"));
  return after;
}

int64_t SqliteStore::ProcSubmitOrder(SqlTx& tx, const NewOrder& o, const LockedUpdate& u) {
  const int64_t now = Now();
  SqlResult user = tx.Query("SELECT is_active, kyc_status FROM users WHERE id = $1",
                            {SqlValue::Int(o.user_id)}, "users");
  if (user.empty()) Fail(Status::NotFound("users.id", "no user " + std::to_string(o.user_id)));
  if (!user.Row(0).Bool(0))
    Fail(Status::FailedPrecondition("users.is_active", "user is not active"));
  if (user.Row(0).Text(1) != "verified") {
    Fail(Status::FailedPrecondition("users.kyc_status", "KYC is " + user.Row(0).Text(1)));
  }
  SqlResult pair = tx.Query("SELECT is_active FROM trading_pairs WHERE id = $1",
                            {SqlValue::Int(o.trading_pair_id)}, "trading_pairs");
  if (pair.empty()) Fail(Status::NotFound("trading_pairs.id", "no trading pair"));
  if (!pair.Row(0).Bool(0))
    Fail(Status::FailedPrecondition("trading_pairs.is_active", "pair is not active"));
  if (!tx.Query("SELECT 1 FROM encrypted_orders WHERE user_id = $1 AND nonce = $2",
                {SqlValue::Int(o.user_id), SqlValue::Blob(o.nonce)}, "encrypted_orders")
           .empty()) {
    Fail(Status::AlreadyExists("encrypted_orders.nonce", "nonce already used"));
  }
  ApplyLocked(tx, u, now);
  SqlResult r = tx.Query(
      "INSERT INTO encrypted_orders (user_id, trading_pair_id, order_type, side, validity, "
      "expires_at, "
      "format_version, ciphertexts, commitments, proof_bundle, signature, nonce, obligation_token, "
      "obligation_commitment, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
      "$8, $9, "
      "$10, $11, $12, $13, $14, 'active', $15, $15) RETURNING id",
      {SqlValue::Int(o.user_id), SqlValue::Int(o.trading_pair_id),
       SqlValue::Text(Name(o.order_type)), SqlValue::Text(Name(o.side)),
       SqlValue::Text(Name(o.validity)), SqlValue::Opt(o.expires_at),
       SqlValue::Int(o.format_version), SqlValue::Blob(o.ciphertexts),
       SqlValue::Blob(o.commitments), SqlValue::Blob(o.proof_bundle), SqlValue::Blob(o.signature),
       SqlValue::Blob(o.nonce), SqlValue::Text(u.token), SqlValue::Blob(o.obligation_commitment),
       SqlValue::Int(now)},
      "encrypted_orders");
  return r.Row(0).Int(0);
}

void SqliteStore::ProcCancelOrder(SqlTx& tx, int64_t /*user*/, int64_t order,
                                  const LockedUpdate& u) {
  const int64_t now = Now();
  ApplyLocked(tx, u, now);
  SqlResult o = tx.Query(
      "UPDATE encrypted_orders SET status = 'cancelled', updated_at = $1 WHERE id = $2 "
      "RETURNING trading_pair_id",
      {SqlValue::Int(now), SqlValue::Int(order)}, "encrypted_orders");
  RefreshCounts(tx, o.Row(0).Int(0), now);
}

void SqliteStore::ProcCleanupExpired(SqlTx& tx, const std::vector<int64_t>& orders,
                                     const std::vector<LockedUpdate>& updates) {
  const int64_t now = Now();
  for (const LockedUpdate& u : updates) ApplyLocked(tx, u, now);
  std::set<int64_t> pairs;
  for (int64_t id : orders) {
    SqlResult o = tx.Query(
        "UPDATE encrypted_orders SET status = 'expired', updated_at = $1 WHERE id = $2 "
        "RETURNING trading_pair_id",
        {SqlValue::Int(now), SqlValue::Int(id)}, "encrypted_orders");
    pairs.insert(o.Row(0).Int(0));
  }
  for (int64_t pair : pairs) RefreshCounts(tx, pair, now);
}

int64_t SqliteStore::ProcCreateSession(SqlTx& tx, int64_t pair, const Bytes& seed,
                                       const std::string& executors_json) {
  const int64_t now = Now();
  if (tx.Query("SELECT 1 FROM trading_pairs WHERE id = $1 AND is_active = 1", {SqlValue::Int(pair)},
               "trading_pairs")
          .empty()) {
    Fail(Status::NotFound("trading_pairs.id", "no active trading pair " + std::to_string(pair)));
  }
  SqlResult unknown = tx.Query(
      "SELECT count(*) FROM json_each($1) e WHERE e.type <> 'integer' OR "
      "NOT EXISTS (SELECT 1 FROM executor_nodes n WHERE n.id = e.value)",
      {SqlValue::Text(executors_json)}, "executor_nodes");
  if (unknown.Row(0).Int(0) != 0) {
    Fail(Status::NotFound("matching_sessions.executor_assignments", "names an unknown executor"));
  }
  SqlResult counts = tx.Query(
      "SELECT coalesce(sum(side = 'buy'), 0), coalesce(sum(side = 'sell'), 0) FROM "
      "encrypted_orders "
      "WHERE trading_pair_id = $1 AND status IN ('active', 'partially_filled') AND "
      "matching_session_id IS NULL",
      {SqlValue::Int(pair)}, "encrypted_orders");
  const int64_t buys = counts.Row(0).Int(0), sells = counts.Row(0).Int(1);
  if (buys + sells == 0)
    Fail(Status::FailedPrecondition("encrypted_orders", "no orders waiting in this pair"));
  const int64_t number = tx.Query(
                               "SELECT coalesce(max(session_number), 0) + 1 FROM matching_sessions "
                               "WHERE trading_pair_id = $1",
                               {SqlValue::Int(pair)}, "matching_sessions")
                             .Row(0)
                             .Int(0);
  const int64_t id =
      tx.Query(
            "INSERT INTO matching_sessions (trading_pair_id, session_number, status, "
            "buy_orders_count, "
            "sell_orders_count, vrf_seed, executor_assignments, created_at) VALUES ($1, $2, "
            "'frozen', $3, $4, $5, $6, $7) "
            "RETURNING id",
            {SqlValue::Int(pair), SqlValue::Int(number), SqlValue::Int(buys), SqlValue::Int(sells),
             SqlValue::Blob(seed), SqlValue::Text(executors_json), SqlValue::Int(now)},
            "matching_sessions")
          .Row(0)
          .Int(0);
  tx.Query(
      "UPDATE encrypted_orders SET status = 'matching', matching_session_id = $1, updated_at = $2 "
      "WHERE trading_pair_id = $3 AND status IN ('active', 'partially_filled') AND "
      "matching_session_id IS NULL",
      {SqlValue::Int(id), SqlValue::Int(now), SqlValue::Int(pair)}, "encrypted_orders");
  tx.Query("UPDATE order_pools SET last_session_number = $1 WHERE trading_pair_id = $2",
           {SqlValue::Int(number), SqlValue::Int(pair)}, "order_pools");
  RefreshCounts(tx, pair, now);
  tx.Query(
      "UPDATE market_stats SET total_sessions = total_sessions + 1, updated_at = $1 WHERE "
      "trading_pair_id = $2",
      {SqlValue::Int(now), SqlValue::Int(pair)}, "market_stats");
  return id;
}

void SqliteStore::ProcUpdateMarketStats(SqlTx& tx, int64_t pair, uint64_t price, uint64_t volume) {
  SqlResult prev = tx.Query("SELECT last_price FROM market_stats WHERE trading_pair_id = $1",
                            {SqlValue::Int(pair)}, "market_stats");
  if (prev.empty())
    Fail(Status::NotFound("market_stats.trading_pair_id",
                          "no trading pair " + std::to_string(pair)));
  const auto last = prev.Row(0).OptAmount(0);
  const __int128 diff = static_cast<__int128>(price) - static_cast<__int128>(last.value_or(price));
  const int64_t change_bp =
      last ? static_cast<int64_t>(diff * 10000 / static_cast<__int128>(*last)) : 0;
  tx.Query(
      "UPDATE market_stats SET last_price = $1, volume_24h = volume_24h + $2, "
      "high_24h = max(coalesce(high_24h, $1), $1), low_24h = min(coalesce(low_24h, $1), $1), "
      "price_change_bp = $3, updated_at = $4 WHERE trading_pair_id = $5",
      {SqlValue::Int(static_cast<int64_t>(price)), SqlValue::Int(static_cast<int64_t>(volume)),
       SqlValue::Int(change_bp), SqlValue::Int(Now()), SqlValue::Int(pair)},
      "market_stats");
}

void SqliteStore::ProcRecordMetric(SqlTx& tx, const MetricSample& m) {
  tx.Query(
      "INSERT INTO system_metrics (metric_name, metric_value, metric_unit, component, "
      "trading_pair_id, "
      "period_start, period_end, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {SqlValue::Text(m.name), SqlValue::Real(m.value), SqlValue::Text(m.unit),
       SqlValue::Text(m.component), SqlValue::Opt(m.trading_pair_id), SqlValue::Int(m.period_start),
       SqlValue::Int(m.period_end), SqlValue::Int(Now())},
      "system_metrics");
}

void SqliteStore::ProcUpdateSystemHealth(SqlTx& tx, const HealthUpdate& h) {
  const int64_t now = Now();
  tx.Query(
      "INSERT INTO system_health (component, status, health_score, response_time_ms, throughput, "
      "error_rate, "
      "details, last_check, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) "
      "ON CONFLICT (component) DO UPDATE SET status = excluded.status, health_score = "
      "excluded.health_score, "
      "response_time_ms = excluded.response_time_ms, throughput = excluded.throughput, "
      "error_rate = excluded.error_rate, details = excluded.details, last_check = $8, updated_at = "
      "$8",
      {SqlValue::Text(h.component), SqlValue::Text(h.status), SqlValue::Int(h.health_score),
       SqlValue::Opt(h.response_time_ms),
       h.throughput ? SqlValue::Real(*h.throughput) : SqlValue::Null(),
       h.error_rate ? SqlValue::Real(*h.error_rate) : SqlValue::Null(),
       SqlValue::Text(h.details_json), SqlValue::Int(now)},
      "system_health");
}

}  // namespace phantompool::store::internal
