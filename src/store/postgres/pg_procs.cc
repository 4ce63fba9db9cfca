#include "postgres/pg_procs.h"

#include <nlohmann/json.hpp>

#include "json_text.h"
#include "phantompool/common/hex.h"
#include "postgres/pg_conn.h"

namespace phantompool::store::internal {
namespace {

using nlohmann::json;

json Opt(const std::optional<int64_t>& v) {
  return v ? json(*v) : json(nullptr);
}

Result<int64_t> SingleInt(const SqlResult& r, const char* column) {
  if (r.empty()) return Status::Internal(r.table, "function returned no row");
  RowReader row(r, 0);
  const int64_t v = row.Int(column);
  PP_RETURN_IF_ERROR(row.status());
  return v;
}

}  // namespace

Result<int64_t> PgProcedures::AppendJournal(SqlTx& tx, const Journal& journal, int64_t now) {
  json audits = json::array(), events = json::array();
  for (const Journal::Audit& a : journal.audits()) {
    audits.push_back({{"event_type", a.event_type},
                      {"event_category", a.category},
                      {"risk_level", a.risk_level},
                      {"user_id", Opt(a.user_id)},
                      {"order_id", Opt(a.order_id)},
                      {"matching_session_id", Opt(a.session_id)},
                      {"event_data", a.data_json}});
  }
  for (const Journal::Event& e : journal.events()) {
    events.push_back({{"topic", e.topic},
                      {"event_type", e.event_type},
                      {"user_id", Opt(e.user_id)},
                      {"trading_pair_id", Opt(e.pair_id)},
                      {"payload", e.payload_json}});
  }
  // Always a transaction's last statement: it goes with the COMMIT (chain_head is locked
  // for the commit only).
  PP_ASSIGN_OR_RETURN(
      SqlResult r, tx.QueryAndCommit("SELECT pp_journal_append($1::json, $2::json, $3) AS last_id",
                                     {SqlValue::Text(JsonText(audits)),
                                      SqlValue::Text(JsonText(events)), SqlValue::Int(now)},
                                     "audit_log"));
  PP_ASSIGN_OR_RETURN(int64_t last, SingleInt(r, "last_id"));
  return journal.events().empty() ? 0 : last;
}

Result<std::vector<BalanceRow>> PgProcedures::LockBalances(
    SqlTx& tx, std::span<const std::pair<int64_t, std::string>> keys, bool create, int64_t now) {
  json k = json::array();
  for (const auto& [user, token] : keys) k.push_back({{"user_id", user}, {"token", token}});
  PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(R"sql(
      SELECT user_id, token, balance, balance_commitment, available_commitment, open_obligations,
             updated_at
        FROM pp_lock_balances($1::json, $2, $3))sql",
                                            {SqlValue::Text(JsonText(k)), SqlValue::Bool(create),
                                             SqlValue::Int(now)},
                                            "user_balances"));
  std::vector<BalanceRow> out(r.size());
  for (size_t i = 0; i < r.size(); ++i) {
    RowReader row(r, i);
    BalanceRow& b = out[i];
    b.user_id = row.Int("user_id");
    b.token = row.Text("token");
    b.balance = row.Amount("balance");
    b.balance_commitment = row.Commit("balance_commitment");
    b.available = row.Commit("available_commitment");
    b.open_obligations = row.Int("open_obligations");
    b.updated_at = row.Int("updated_at");
    PP_RETURN_IF_ERROR(row.status());
  }
  return out;
}

Result<TransferOutcome> PgProcedures::ChangeBalance(SqlTx& tx, const TransferChange& c,
                                                    int64_t now) {
  PP_ASSIGN_OR_RETURN(
      SqlResult r,
      tx.Query(R"sql(
      SELECT transfer_id, balance_after, created_at, replayed
        FROM change_balance($1, $2, $3, $4, $5, $6, $7, $8, $9))sql",
               {SqlValue::Int(c.user_id), SqlValue::Text(c.token), SqlValue::Text(Name(c.kind)),
                SqlValue::Amount(c.amount), SqlValue::Text(c.reference),
                SqlValue::Blob(c.expected_available), SqlValue::Blob(c.new_balance_commitment),
                SqlValue::Blob(c.new_available), SqlValue::Int(now)},
               "user_balances"));
  if (r.empty()) return Status::Internal("user_balances", "change_balance returned no row");
  RowReader row(r, 0);
  TransferOutcome out;
  out.id = row.Int("transfer_id");
  out.balance_after = row.Amount("balance_after");
  out.created_at = row.Int("created_at");
  out.replayed = row.Bool("replayed");
  PP_RETURN_IF_ERROR(row.status());
  return out;
}

Result<std::vector<SubmitOutcome>> PgProcedures::SubmitOrders(SqlTx& tx,
                                                              std::span<const PreparedOrder> orders,
                                                              Journal& /*appended in SQL*/,
                                                              int64_t now) {
  std::vector<std::optional<int64_t>> users, pairs, expires;
  std::vector<std::string> sides, types, validities;
  std::vector<Bytes> nonces, bodies, obligations, expected, next;
  for (const PreparedOrder& o : orders) {
    users.push_back(o.user_id);
    pairs.push_back(o.trading_pair_id);
    expires.push_back(o.expires_at);
    sides.emplace_back(order::SideName(o.side));
    types.emplace_back(order::OrderTypeName(o.type));
    validities.emplace_back(order::ValidityName(o.validity));
    nonces.emplace_back(o.nonce.begin(), o.nonce.end());
    bodies.push_back(o.encrypted_order);
    obligations.emplace_back(o.obligation.begin(), o.obligation.end());
    expected.emplace_back(o.expected_available.begin(), o.expected_available.end());
    next.emplace_back(o.new_available.begin(), o.new_available.end());
  }
  PP_ASSIGN_OR_RETURN(
      SqlResult r,
      tx.QueryAndCommit(  // the batch's last statement: it appends the journal in SQL
          R"sql(
      SELECT n, order_id, code, field, message
        FROM submit_encrypted_orders($1::bigint[], $2::bigint[], $3::text[], $4::text[],
                                     $5::text[], $6::bigint[], $7::bytea[], $8::bytea[],
                                     $9::bytea[], $10::bytea[], $11::bytea[], $12))sql",
          {SqlValue::Blob(PgArray::Int8(users)), SqlValue::Blob(PgArray::Int8(pairs)),
           SqlValue::Blob(PgArray::Text(sides)), SqlValue::Blob(PgArray::Text(types)),
           SqlValue::Blob(PgArray::Text(validities)), SqlValue::Blob(PgArray::Int8(expires)),
           SqlValue::Blob(PgArray::Bytea(nonces)), SqlValue::Blob(PgArray::Bytea(bodies)),
           SqlValue::Blob(PgArray::Bytea(obligations)), SqlValue::Blob(PgArray::Bytea(expected)),
           SqlValue::Blob(PgArray::Bytea(next)), SqlValue::Int(now)},
          "encrypted_orders"));
  if (r.size() != orders.size()) {
    return Status::Internal("encrypted_orders", "one outcome per order expected");
  }
  std::vector<SubmitOutcome> out(r.size());
  for (size_t i = 0; i < r.size(); ++i) {
    RowReader row(r, i);
    const int64_t n = row.Int("n");
    if (row.status().ok() && n != static_cast<int64_t>(i + 1)) row.Corrupt("n", "out of order");
    if (row.IsNull("code")) {
      out[i].order_id = row.Int("order_id");
    } else {
      out[i].status = PpCodeStatus(row.Text("code"), row.Text("field"), row.Text("message"));
    }
    PP_RETURN_IF_ERROR(row.status());
  }
  return out;
}

Status PgProcedures::CancelOrder(SqlTx& tx, int64_t user_id, int64_t order_id,
                                 const Commitment& expected_available,
                                 const Commitment& new_available, int64_t now) {
  return tx
      .Query("SELECT cancel_encrypted_order($1, $2, $3, $4, $5) AS done",
             {SqlValue::Int(user_id), SqlValue::Int(order_id), SqlValue::Blob(expected_available),
              SqlValue::Blob(new_available), SqlValue::Int(now)},
             "encrypted_orders")
      .status();
}

Status PgProcedures::ExpireOrders(SqlTx& tx, std::span<const int64_t> order_ids,
                                  std::span<const AvailableUpdate> updates, int64_t now) {
  std::string ids = "{";
  for (size_t i = 0; i < order_ids.size(); ++i) {
    if (i) ids += ',';
    ids += std::to_string(order_ids[i]);
  }
  ids += "}";
  json balances = json::array();
  for (const AvailableUpdate& u : updates) {
    balances.push_back({{"user_id", u.user_id},
                        {"token", u.token},
                        {"expected_available", ToHex(u.expected_available)},
                        {"new_available", ToHex(u.new_available)},
                        {"count", u.count}});
  }
  return tx
      .Query("SELECT cleanup_expired_orders($1, $2::bigint[], $3::json) AS expired",
             {SqlValue::Int(now), SqlValue::Text(ids), SqlValue::Text(JsonText(balances))},
             "encrypted_orders")
      .status();
}

Result<int64_t> PgProcedures::CreateSession(SqlTx& tx, int64_t pair_id, const Bytes& vrf_seed,
                                            std::span<const int64_t> executors, int64_t now) {
  PP_ASSIGN_OR_RETURN(
      SqlResult r,
      tx.Query(
          "SELECT create_matching_session($1, $2, $3::jsonb, $4) AS id",
          {SqlValue::Int(pair_id), SqlValue::Blob(vrf_seed),
           SqlValue::Text(JsonText(json(std::vector<int64_t>(executors.begin(), executors.end())))),
           SqlValue::Int(now)},
          "matching_sessions"));
  return SingleInt(r, "id");
}

Status PgProcedures::Settle(SqlTx& tx, const Settlement& in, const SettlementPlan& plan,
                            int64_t now) {
  json trades = json::array(), fills = json::array();
  for (const PlannedTrade& t : plan.trades) {
    trades.push_back({{"buy_order_id", t.buy_order_id},
                      {"sell_order_id", t.sell_order_id},
                      {"amount", t.amount}});
  }
  for (const PlannedFill& f : plan.fills) {
    fills.push_back(
        {{"order_id", f.order_id},
         {"size", f.size},
         {"limit_price", f.limit_price ? json(*f.limit_price) : json(nullptr)},
         {"min_fill", f.min_fill},
         {"filled_amount", f.filled},
         {"new_obligation", f.new_obligation ? json(ToHex(*f.new_obligation)) : json(nullptr)}});
  }
  return tx
      .Query(
          R"sql(
      SELECT settle_matching_session($1, $2, $3, $4, $5, $6, $7::json, $8::json, $9) AS done)sql",
          {SqlValue::Int(plan.session_id), SqlValue::Amount(plan.clearing_price),
           SqlValue::Text(auction::PriceRuleName(in.price_rule)), SqlValue::Blob(in.vrf_output),
           SqlValue::Blob(in.vrf_proof), SqlValue::Int(in.fee_user_id),
           SqlValue::Text(JsonText(trades)), SqlValue::Text(JsonText(fills)), SqlValue::Int(now)},
          "matching_sessions")
      .status();
}

Status PgProcedures::SettleBalances(SqlTx& tx, int64_t session_id,
                                    std::span<const BalanceApply> balances, int64_t now) {
  json bal = json::array();
  for (const BalanceApply& b : balances) {
    bal.push_back({{"user_id", b.user_id},
                   {"token", b.token},
                   {"delta", b.delta},
                   {"expected_available", ToHex(b.expected_available)},
                   {"new_available", ToHex(b.new_available)},
                   {"new_balance_commitment", ToHex(b.new_balance_commitment)},
                   {"obligations_delta", b.obligations_delta}});
  }
  return tx
      .Query("SELECT settle_session_balances($1, $2::json, $3) AS done",
             {SqlValue::Int(session_id), SqlValue::Text(JsonText(bal)), SqlValue::Int(now)},
             "user_balances")
      .status();
}

Status PgProcedures::FailSession(SqlTx& tx, int64_t session_id, std::string_view reason,
                                 int64_t now) {
  return tx
      .Query("SELECT fail_matching_session($1, $2, $3) AS orders",
             {SqlValue::Int(session_id), SqlValue::Text(reason), SqlValue::Int(now)},
             "matching_sessions")
      .status();
}

Result<int64_t> PgProcedures::SubmitExecutorResponse(SqlTx& tx, int64_t executor_id,
                                                     int64_t operation_id, const Bytes& share,
                                                     const Bytes& proof, const Bytes& signature,
                                                     Journal& /*journal: appended in SQL*/,
                                                     int64_t now) {
  PP_ASSIGN_OR_RETURN(
      SqlResult r,
      tx.Query("SELECT executor_submit_response($1, $2, $3, $4, $5, $6) AS id",
               {SqlValue::Int(executor_id), SqlValue::Int(operation_id), SqlValue::Blob(share),
                SqlValue::Blob(proof), SqlValue::Blob(signature), SqlValue::Int(now)},
               "executor_responses"));
  return SingleInt(r, "id");
}

Status PgProcedures::Heartbeat(SqlTx& tx, int64_t executor_id, ExecutorStatus status, int64_t now) {
  return tx
      .Query("SELECT executor_heartbeat($1, $2, $3) AS done",
             {SqlValue::Int(executor_id), SqlValue::Text(Name(status)), SqlValue::Int(now)},
             "executor_nodes")
      .status();
}

Status PgProcedures::MarkExecutorUnreachable(SqlTx& tx, int64_t executor_id, int64_t now) {
  return tx
      .Query("SELECT executor_mark_unreachable($1, $2) AS done",
             {SqlValue::Int(executor_id), SqlValue::Int(now)}, "executor_nodes")
      .status();
}

Status PgProcedures::RecordMetric(SqlTx& tx, const MetricSample& m, int64_t now) {
  return tx
      .Query("SELECT record_metric($1, $2, $3, $4, $5, $6, $7, $8) AS id",
             {SqlValue::Text(m.name), SqlValue::Real(m.value), SqlValue::Text(m.unit),
              SqlValue::Text(m.component), SqlValue::Opt(m.trading_pair_id),
              SqlValue::Int(m.period_start), SqlValue::Int(m.period_end), SqlValue::Int(now)},
             "system_metrics")
      .status();
}

Status PgProcedures::UpdateSystemHealth(SqlTx& tx, const HealthUpdate& h, int64_t now) {
  return tx
      .Query("SELECT update_system_health($1, $2, $3, $4, $5, $6, $7::jsonb, $8) AS done",
             {SqlValue::Text(h.component), SqlValue::Text(Name(h.status)),
              SqlValue::Int(h.health_score), SqlValue::Opt(h.response_time_ms),
              h.throughput ? SqlValue::Real(*h.throughput) : SqlValue::Null(),
              h.error_rate ? SqlValue::Real(*h.error_rate) : SqlValue::Null(),
              SqlValue::Text(h.details_json), SqlValue::Int(now)},
             "system_health")
      .status();
}

}  // namespace phantompool::store::internal
