// The SQLite twins of create_matching_session, fail_matching_session (migration 003) and
// settle_matching_session (004, with the price rule of 008): freezing a batch, failing it, and the
// writes of a settlement plan the store has checked (settlement_plan.cc), with the same
// compare-and-set on every balance row.
#include <nlohmann/json.hpp>

#include "json_text.h"
#include "sqlite/sqlite_procs.h"

namespace phantompool::store::internal {

using nlohmann::json;

Result<int64_t> SqliteProcedures::CreateSession(SqlTx& tx, int64_t pair_id, const Bytes& vrf_seed,
                                                std::span<const int64_t> executors, int64_t now) {
  PP_ASSIGN_OR_RETURN(
      SqlResult pr,
      tx.Query("SELECT batch_max_orders FROM trading_pairs WHERE id = $1 AND is_active = 1",
               {SqlValue::Int(pair_id)}, "trading_pairs"));
  if (pr.empty()) return Status::NotFound("trading_pairs.id", "no active trading pair");
  RowReader pair(pr, 0);
  const int64_t max_orders = pair.Int("batch_max_orders");
  PP_RETURN_IF_ERROR(pair.status());
  for (int64_t e : executors) {
    PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query("SELECT 1 AS known FROM executor_nodes WHERE id = $1",
                                              {SqlValue::Int(e)}, "executor_nodes"));
    if (r.empty()) {
      return Status::NotFound("matching_sessions.executor_assignments",
                              "names an unknown executor");
    }
  }
  PP_ASSIGN_OR_RETURN(
      SqlResult n,
      tx.Query("SELECT coalesce(max(session_number), 0) + 1 AS next FROM matching_sessions WHERE "
               "trading_pair_id = $1",
               {SqlValue::Int(pair_id)}, "matching_sessions"));
  RowReader next(n, 0);
  const int64_t number = next.Int("next");
  PP_RETURN_IF_ERROR(next.status());
  PP_ASSIGN_OR_RETURN(
      SqlResult ins,
      tx.Query(
          R"sql(
      INSERT INTO matching_sessions (trading_pair_id, session_number, status, vrf_seed,
                                     executor_assignments, created_at)
      VALUES ($1, $2, 'frozen', $3, $4, $5) RETURNING id)sql",
          {SqlValue::Int(pair_id), SqlValue::Int(number), SqlValue::Blob(vrf_seed),
           SqlValue::Text(JsonText(json(std::vector<int64_t>(executors.begin(), executors.end())))),
           SqlValue::Int(now)},
          "matching_sessions"));
  RowReader idr(ins, 0);
  const int64_t id = idr.Int("id");
  PP_RETURN_IF_ERROR(idr.status());
  PP_RETURN_IF_ERROR(tx.Query(R"sql(
      UPDATE encrypted_orders SET status = 'matching', matching_session_id = $1, updated_at = $2
       WHERE id IN (SELECT id FROM encrypted_orders WHERE trading_pair_id = $3
                      AND status IN ('active', 'partially_filled') ORDER BY id LIMIT $4))sql",
                              {SqlValue::Int(id), SqlValue::Int(now), SqlValue::Int(pair_id),
                               SqlValue::Int(max_orders)},
                              "encrypted_orders")
                         .status());
  PP_ASSIGN_OR_RETURN(SqlResult counts, tx.Query(R"sql(
      SELECT coalesce(sum(side = 'buy'), 0) AS buys, coalesce(sum(side = 'sell'), 0) AS sells
        FROM encrypted_orders WHERE matching_session_id = $1)sql",
                                                 {SqlValue::Int(id)}, "encrypted_orders"));
  RowReader c(counts, 0);
  const int64_t buys = c.Int("buys"), sells = c.Int("sells");
  PP_RETURN_IF_ERROR(c.status());
  if (buys + sells == 0) {
    return Status::FailedPrecondition("encrypted_orders", "no orders waiting in this pair");
  }
  PP_RETURN_IF_ERROR(tx.Query("UPDATE matching_sessions SET buy_orders_count = $1, "
                              "sell_orders_count = $2 WHERE id = $3",
                              {SqlValue::Int(buys), SqlValue::Int(sells), SqlValue::Int(id)},
                              "matching_sessions")
                         .status());
  return id;
}

Status SqliteProcedures::FailSession(SqlTx& tx, int64_t session_id, std::string_view reason,
                                     int64_t now) {
  PP_RETURN_IF_ERROR(tx.Query(R"sql(
      UPDATE encrypted_orders
         SET status = CASE WHEN coalesce(filled_amount, 0) > 0 THEN 'partially_filled'
                           ELSE 'active' END,
             matching_session_id = NULL, updated_at = $1
       WHERE matching_session_id = $2 AND status = 'matching')sql",
                              {SqlValue::Int(now), SqlValue::Int(session_id)}, "encrypted_orders")
                         .status());
  PP_RETURN_IF_ERROR(tx.Query(R"sql(
      UPDATE threshold_operations SET status = 'failed', completed_at = $1
       WHERE matching_session_id = $2 AND status IN ('pending', 'ready'))sql",
                              {SqlValue::Int(now), SqlValue::Int(session_id)},
                              "threshold_operations")
                         .status());
  PP_ASSIGN_OR_RETURN(
      SqlResult r, tx.Query(R"sql(
      UPDATE matching_sessions SET status = 'failed', failure_reason = $1, failed_at = $2
       WHERE id = $3 AND status = 'frozen')sql",
                            {SqlValue::Text(reason), SqlValue::Int(now), SqlValue::Int(session_id)},
                            "matching_sessions"));
  if (r.affected != 1) return Status::FailedPrecondition("matching_sessions.status", "not frozen");
  return Status::Ok();
}

Status SqliteProcedures::Settle(SqlTx& tx, const Settlement& in, const SettlementPlan& plan,
                                int64_t now) {
  for (const PlannedFill& f : plan.fills) {
    PP_ASSIGN_OR_RETURN(
        SqlResult r,
        tx.Query(R"sql(
        UPDATE encrypted_orders
           SET filled_amount = $1, remaining_amount = $2, min_fill_amount = $3, status = $4,
               obligation_commitment = coalesce($5, obligation_commitment),
               matching_session_id = CASE WHEN $5 IS NULL THEN matching_session_id END,
               updated_at = $6
         WHERE id = $7 AND matching_session_id = $8 AND status = 'matching')sql",
                 {SqlValue::Amount(f.filled_total), SqlValue::Amount(f.remaining),
                  SqlValue::Amount(f.min_fill), SqlValue::Text(Name(f.status)),
                  f.new_obligation ? SqlValue::Blob(*f.new_obligation) : SqlValue::Null(),
                  SqlValue::Int(now), SqlValue::Int(f.order_id), SqlValue::Int(plan.session_id)},
                 "encrypted_orders"));
    if (r.affected != 1) {
      return Status::Conflict("encrypted_orders.status", "order left the session meanwhile");
    }
  }
  for (const PlannedTrade& t : plan.trades) {
    PP_RETURN_IF_ERROR(
        tx.Query(
              R"sql(
        INSERT INTO trades (matching_session_id, trading_pair_id, buy_order_id, sell_order_id,
                            buyer_id, seller_id, amount, price, total_value, buyer_fee,
                            seller_fee, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12))sql",
              {SqlValue::Int(plan.session_id), SqlValue::Int(plan.trading_pair_id),
               SqlValue::Int(t.buy_order_id), SqlValue::Int(t.sell_order_id),
               SqlValue::Int(t.buyer_id), SqlValue::Int(t.seller_id), SqlValue::Amount(t.amount),
               SqlValue::Amount(plan.clearing_price), SqlValue::Amount(t.total_value),
               SqlValue::Amount(t.buyer_fee), SqlValue::Amount(t.seller_fee), SqlValue::Int(now)},
              "trades")
            .status());
  }
  PP_ASSIGN_OR_RETURN(
      SqlResult s,
      tx.Query(R"sql(
      UPDATE matching_sessions
         SET status = 'settled', clearing_price = $1, total_volume = $2, total_quote_volume = $3,
             vrf_output = $4, vrf_proof = $5, settled_at = $6, price_rule = $8
       WHERE id = $7 AND status = 'frozen')sql",
               {SqlValue::Amount(plan.clearing_price), SqlValue::Amount(plan.volume),
                SqlValue::Amount(plan.quote_volume), SqlValue::Blob(in.vrf_output),
                SqlValue::Blob(in.vrf_proof), SqlValue::Int(now), SqlValue::Int(plan.session_id),
                SqlValue::Text(auction::PriceRuleName(in.price_rule))},
               "matching_sessions"));
  if (s.affected != 1) return Status::FailedPrecondition("matching_sessions.status", "not frozen");
  return tx
      .Query(R"sql(
      UPDATE threshold_operations SET status = 'completed', completed_at = $1
       WHERE matching_session_id = $2 AND status IN ('pending', 'ready'))sql",
             {SqlValue::Int(now), SqlValue::Int(plan.session_id)}, "threshold_operations")
      .status();
}

Status SqliteProcedures::SettleBalances(SqlTx& tx, int64_t /*session_id*/,
                                        std::span<const BalanceApply> balances, int64_t now) {
  for (const BalanceApply& b : balances) {
    PP_ASSIGN_OR_RETURN(
        SqlResult r, tx.Query(R"sql(
        UPDATE user_balances
           SET balance = balance + $1, balance_commitment = $2, available_commitment = $3,
               open_obligations = open_obligations + $4, updated_at = $5
         WHERE user_id = $6 AND token = $7 AND available_commitment = $8)sql",
                              {SqlValue::Int(b.delta), SqlValue::Blob(b.new_balance_commitment),
                               SqlValue::Blob(b.new_available), SqlValue::Int(b.obligations_delta),
                               SqlValue::Int(now), SqlValue::Int(b.user_id),
                               SqlValue::Text(b.token), SqlValue::Blob(b.expected_available)},
                              "user_balances"));
    if (r.affected != 1) {
      return Status::Conflict("user_balances.available_commitment",
                              "changed since the store read it");
    }
  }
  return Status::Ok();
}

}  // namespace phantompool::store::internal
