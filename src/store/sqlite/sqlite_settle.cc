// The SQLite twin of settle_matching_session (migrations/postgres/004_settlement.sql): the
// writes of a settlement that StoreCore has already checked and computed, in one
// transaction, with the same compare-and-set on every locked commitment.
#include <map>

#include "../commitments.h"
#include "sqlite_store.h"

namespace phantompool::store::internal {

void RefreshCounts(SqlTx& tx, int64_t pair, int64_t now);  // sqlite_procs.cc

void SqliteStore::ProcSettle(SqlTx& tx, const Settlement& s,
                             const std::vector<BalanceApply>& balances) {
  const int64_t now = Now();
  const Commitment zero = IdentityCommitment();
  for (const BalanceApply& b : balances) {
    tx.Query(
        "INSERT INTO user_balances (user_id, token, balance, balance_commitment, "
        "locked_commitment, "
        "available_commitment, created_at, updated_at) VALUES ($1, $2, 0, $3, $3, $3, $4, $4) "
        "ON CONFLICT (user_id, token) DO NOTHING",
        {SqlValue::Int(b.locked.user_id), SqlValue::Text(b.locked.token), SqlValue::Blob(zero),
         SqlValue::Int(now)},
        "user_balances");
    SqlResult r = tx.Query(
        "UPDATE user_balances SET balance = balance + $1, balance_commitment = $2, "
        "locked_commitment = $3, "
        "available_commitment = $4, open_obligations = open_obligations + $5, updated_at = $6 "
        "WHERE user_id = $7 AND token = $8 AND locked_commitment = $9",
        {SqlValue::Int(b.delta), SqlValue::Blob(b.new_balance_commitment),
         SqlValue::Blob(b.locked.new_locked), SqlValue::Blob(b.locked.new_available),
         SqlValue::Int(b.locked.obligations_delta), SqlValue::Int(now),
         SqlValue::Int(b.locked.user_id), SqlValue::Text(b.locked.token),
         SqlValue::Blob(b.locked.expected_locked)},
        "user_balances");
    if (r.affected != 1)
      Fail(Status::Conflict("user_balances.locked_commitment", "changed since the store read it"));
  }
  for (const FillInput& f : s.fills) {
    SqlResult r = tx.Query(
        "UPDATE encrypted_orders SET filled_amount = $1, remaining_amount = $2, min_fill_amount = "
        "$3, "
        "status = CASE WHEN $2 = 0 THEN 'filled' WHEN validity = 'ioc' THEN 'cancelled' "
        "WHEN $1 > 0 THEN 'partially_filled' ELSE 'active' END, "
        "obligation_commitment = coalesce($4, obligation_commitment), "
        "matching_session_id = CASE WHEN $4 IS NULL THEN matching_session_id END, updated_at = $5 "
        "WHERE id = $6 AND matching_session_id = $7 RETURNING id",
        {SqlValue::Int(static_cast<int64_t>(f.filled_amount)),
         SqlValue::Int(static_cast<int64_t>(f.remaining_amount)), SqlValue::Opt(f.min_fill_amount),
         f.remaining_obligation_commitment ? SqlValue::Blob(*f.remaining_obligation_commitment)
                                           : SqlValue::Null(),
         SqlValue::Int(now), SqlValue::Int(f.order_id), SqlValue::Int(s.session_id)},
        "encrypted_orders");
    if (r.empty())
      Fail(Status::InvalidArgument("settlement.fills", "order is not in this session"));
  }
  uint64_t volume = 0, quote = 0;
  for (const TradeInput& t : s.trades) {
    tx.Query(
        "INSERT INTO trades (matching_session_id, trading_pair_id, buy_order_id, sell_order_id, "
        "buyer_id, "
        "seller_id, amount, price, total_value, buyer_fee, seller_fee, protocol_fee, "
        "settlement_status, "
        "created_at, settled_at) SELECT $1, b.trading_pair_id, b.id, s.id, b.user_id, s.user_id, "
        "$2, $3, $4, "
        "$5, $6, $5 + $6, 'settled', $7, $7 FROM encrypted_orders b, encrypted_orders s "
        "WHERE b.id = $8 AND s.id = $9",
        {SqlValue::Int(s.session_id), SqlValue::Int(static_cast<int64_t>(t.amount)),
         SqlValue::Int(static_cast<int64_t>(t.price)),
         SqlValue::Int(static_cast<int64_t>(t.total_value)),
         SqlValue::Int(static_cast<int64_t>(t.buyer_fee)),
         SqlValue::Int(static_cast<int64_t>(t.seller_fee)), SqlValue::Int(now),
         SqlValue::Int(t.buy_order_id), SqlValue::Int(t.sell_order_id)},
        "trades");
    volume += t.amount;
    quote += t.total_value;
  }
  SqlResult sess = tx.Query(
      "UPDATE matching_sessions SET status = 'settled', clearing_price = $1, total_volume = $2, "
      "total_quote_volume = $3, vrf_output = $4, vrf_proof = $5, settled_at = $6 WHERE id = $7 "
      "RETURNING trading_pair_id",
      {SqlValue::Int(static_cast<int64_t>(s.clearing_price)),
       SqlValue::Int(static_cast<int64_t>(volume)),
       SqlValue::Amount(quote, "matching_sessions.total_quote_volume"),
       SqlValue::Blob(s.vrf_output), SqlValue::Blob(s.vrf_proof), SqlValue::Int(now),
       SqlValue::Int(s.session_id)},
      "matching_sessions");
  const int64_t pair = sess.Row(0).Int(0);
  RefreshCounts(tx, pair, now);
  if (volume > 0) ProcUpdateMarketStats(tx, pair, s.clearing_price, volume);
}

}  // namespace phantompool::store::internal
