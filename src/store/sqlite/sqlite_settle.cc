// The SQLite twin of settle_matching_session (migrations/postgres/004_settlement.sql): the
// writes of a plan the store has checked (settlement_plan.cc), with the same compare-and-set
// on every balance row.
#include "sqlite/sqlite_procs.h"

namespace phantompool::store::internal {

Status SqliteProcedures::Settle(SqlTx& tx, const Settlement& in, const SettlementPlan& plan,
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
             vrf_output = $4, vrf_proof = $5, settled_at = $6
       WHERE id = $7 AND status = 'frozen')sql",
               {SqlValue::Amount(plan.clearing_price), SqlValue::Amount(plan.volume),
                SqlValue::Amount(plan.quote_volume), SqlValue::Blob(in.vrf_output),
                SqlValue::Blob(in.vrf_proof), SqlValue::Int(now), SqlValue::Int(plan.session_id)},
               "matching_sessions"));
  if (s.affected != 1) return Status::FailedPrecondition("matching_sessions.status", "not frozen");
  return tx
      .Query(R"sql(
      UPDATE threshold_operations SET status = 'completed', completed_at = $1
       WHERE matching_session_id = $2 AND status IN ('pending', 'ready'))sql",
             {SqlValue::Int(now), SqlValue::Int(plan.session_id)}, "threshold_operations")
      .status();
}

}  // namespace phantompool::store::internal
