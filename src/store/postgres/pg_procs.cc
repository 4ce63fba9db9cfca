// PgStore's procedures: each one call of a SECURITY DEFINER function (migrations 003, 004).
#include <nlohmann/json.hpp>

#include "pg_store.h"
#include "phantompool/common/hex.h"

namespace phantompool::store::internal {
namespace {

using nlohmann::json;

std::string Hex(const Commitment& c) {
  return ToHex(c);
}

}  // namespace

int64_t PgStore::ProcChangeBalance(SqlTx& tx, int64_t user, const std::string& token, int64_t delta,
                                   const BalanceRow& before, const Commitment& new_bc,
                                   const Commitment& new_avail) {
  return tx
      .Query("SELECT change_balance($1, $2, $3, $4, $5, $6, $7)",
             {SqlValue::Int(user), SqlValue::Text(token), SqlValue::Int(delta),
              before.exists ? SqlValue::Blob(before.balance_commitment) : SqlValue::Null(),
              SqlValue::Blob(new_bc), SqlValue::Blob(new_avail), SqlValue::Int(Now())},
             "user_balances")
      .Row(0)
      .Int(0);
}

int64_t PgStore::ProcSubmitOrder(SqlTx& tx, const NewOrder& o, const LockedUpdate& u) {
  return tx
      .Query(
          "SELECT submit_encrypted_order($1, $2, $3, $4, $5, $6, $7::smallint, $8, $9, $10, $11, "
          "$12, "
          "$13, $14, $15, $16, $17)",
          {SqlValue::Int(o.user_id), SqlValue::Int(o.trading_pair_id),
           SqlValue::Text(Name(o.order_type)), SqlValue::Text(Name(o.side)),
           SqlValue::Text(Name(o.validity)), SqlValue::Opt(o.expires_at),
           SqlValue::Int(o.format_version), SqlValue::Blob(o.ciphertexts),
           SqlValue::Blob(o.commitments), SqlValue::Blob(o.proof_bundle),
           SqlValue::Blob(o.signature), SqlValue::Blob(o.nonce),
           SqlValue::Blob(o.obligation_commitment), SqlValue::Blob(u.expected_locked),
           SqlValue::Blob(u.new_locked), SqlValue::Blob(u.new_available), SqlValue::Int(Now())},
          "encrypted_orders")
      .Row(0)
      .Int(0);
}

void PgStore::ProcCancelOrder(SqlTx& tx, int64_t user, int64_t order, const LockedUpdate& u) {
  tx.Query("SELECT cancel_encrypted_order($1, $2, $3, $4, $5, $6)",
           {SqlValue::Int(user), SqlValue::Int(order), SqlValue::Blob(u.expected_locked),
            SqlValue::Blob(u.new_locked), SqlValue::Blob(u.new_available), SqlValue::Int(Now())},
           "encrypted_orders");
}

void PgStore::ProcCleanupExpired(SqlTx& tx, const std::vector<int64_t>& orders,
                                 const std::vector<LockedUpdate>& updates) {
  std::string ids = "{";
  for (size_t i = 0; i < orders.size(); ++i) {
    if (i) ids += ',';
    ids += std::to_string(orders[i]);
  }
  ids += "}";
  json balances = json::array();
  for (const LockedUpdate& u : updates) {
    balances.push_back({{"user_id", u.user_id},
                        {"token", u.token},
                        {"expected_locked", Hex(u.expected_locked)},
                        {"new_locked", Hex(u.new_locked)},
                        {"new_available", Hex(u.new_available)},
                        {"count", -u.obligations_delta}});
  }
  tx.Query("SELECT cleanup_expired_orders($1, $2::bigint[], $3::jsonb)",
           {SqlValue::Int(Now()), SqlValue::Text(ids), SqlValue::Text(balances.dump())},
           "encrypted_orders");
}

int64_t PgStore::ProcCreateSession(SqlTx& tx, int64_t pair, const Bytes& seed,
                                   const std::string& executors_json) {
  return tx
      .Query("SELECT create_matching_session($1, $2, $3::jsonb, $4)",
             {SqlValue::Int(pair), SqlValue::Blob(seed), SqlValue::Text(executors_json),
              SqlValue::Int(Now())},
             "matching_sessions")
      .Row(0)
      .Int(0);
}

void PgStore::ProcSettle(SqlTx& tx, const Settlement& s,
                         const std::vector<BalanceApply>& balances) {
  json trades = json::array(), fills = json::array(), bal = json::array();
  for (const TradeInput& t : s.trades) {
    trades.push_back({{"buy_order_id", t.buy_order_id},
                      {"sell_order_id", t.sell_order_id},
                      {"amount", t.amount},
                      {"price", t.price},
                      {"total_value", t.total_value},
                      {"buyer_fee", t.buyer_fee},
                      {"seller_fee", t.seller_fee}});
  }
  for (const FillInput& f : s.fills) {
    fills.push_back(
        {{"order_id", f.order_id},
         {"filled_amount", f.filled_amount},
         {"remaining_amount", f.remaining_amount},
         {"min_fill_amount", f.min_fill_amount ? json(*f.min_fill_amount) : json(nullptr)},
         {"remaining_commitment", f.remaining_obligation_commitment
                                      ? json(Hex(*f.remaining_obligation_commitment))
                                      : json(nullptr)}});
  }
  for (const BalanceApply& b : balances) {
    bal.push_back({{"user_id", b.locked.user_id},
                   {"token", b.locked.token},
                   {"delta", b.delta},
                   {"expected_locked", Hex(b.locked.expected_locked)},
                   {"new_locked", Hex(b.locked.new_locked)},
                   {"new_available", Hex(b.locked.new_available)},
                   {"new_balance_commitment", Hex(b.new_balance_commitment)},
                   {"obligations_delta", b.locked.obligations_delta}});
  }
  tx.Query(
      "SELECT settle_matching_session($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb, $9)",
      {SqlValue::Int(s.session_id), SqlValue::Int(static_cast<int64_t>(s.clearing_price)),
       SqlValue::Blob(s.vrf_output), SqlValue::Blob(s.vrf_proof), SqlValue::Int(s.fee_user_id),
       SqlValue::Text(trades.dump()), SqlValue::Text(fills.dump()), SqlValue::Text(bal.dump()),
       SqlValue::Int(Now())},
      "matching_sessions");
}

void PgStore::ProcUpdateMarketStats(SqlTx& tx, int64_t pair, uint64_t price, uint64_t volume) {
  tx.Query("SELECT update_market_stats($1, $2, $3, $4)",
           {SqlValue::Int(pair), SqlValue::Int(static_cast<int64_t>(price)),
            SqlValue::Int(static_cast<int64_t>(volume)), SqlValue::Int(Now())},
           "market_stats");
}

void PgStore::ProcRecordMetric(SqlTx& tx, const MetricSample& m) {
  tx.Query("SELECT record_metric($1, $2, $3, $4, $5, $6, $7, $8)",
           {SqlValue::Text(m.name), SqlValue::Real(m.value), SqlValue::Text(m.unit),
            SqlValue::Text(m.component), SqlValue::Opt(m.trading_pair_id),
            SqlValue::Int(m.period_start), SqlValue::Int(m.period_end), SqlValue::Int(Now())},
           "system_metrics");
}

void PgStore::ProcUpdateSystemHealth(SqlTx& tx, const HealthUpdate& h) {
  tx.Query("SELECT update_system_health($1, $2, $3, $4, $5, $6, $7::jsonb, $8)",
           {SqlValue::Text(h.component), SqlValue::Text(h.status), SqlValue::Int(h.health_score),
            SqlValue::Opt(h.response_time_ms),
            h.throughput ? SqlValue::Real(*h.throughput) : SqlValue::Null(),
            h.error_rate ? SqlValue::Real(*h.error_rate) : SqlValue::Null(),
            SqlValue::Text(h.details_json), SqlValue::Int(Now())},
           "system_health");
}

}  // namespace phantompool::store::internal
