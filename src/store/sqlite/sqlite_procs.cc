// The SQLite procedures of the journal, balances, executors, metrics and health (the
// orders' are in sqlite_orders.cc, the sessions' in sqlite_sessions.cc).
#include "sqlite/sqlite_procs.h"

#include <nlohmann/json.hpp>

#include "commitments.h"
#include "json_text.h"

namespace phantompool::store::internal {
namespace {

using nlohmann::json;

Status Conflict(std::string_view why) {
  return Status::Conflict("user_balances.available_commitment", std::string(why));
}

}  // namespace

Status CasAvailable(SqlTx& tx, int64_t user_id, const std::string& token,
                    const Commitment& expected, const Commitment& updated,
                    int64_t obligations_delta, int64_t now) {
  PP_ASSIGN_OR_RETURN(
      SqlResult r,
      tx.Query(R"sql(
      UPDATE user_balances SET available_commitment = $1,
             open_obligations = open_obligations + $2, updated_at = $3
       WHERE user_id = $4 AND token = $5 AND available_commitment = $6)sql",
               {SqlValue::Blob(updated), SqlValue::Int(obligations_delta), SqlValue::Int(now),
                SqlValue::Int(user_id), SqlValue::Text(token), SqlValue::Blob(expected)},
               "user_balances"));
  if (r.affected != 1) return Conflict("changed since the store read it");
  return Status::Ok();
}

Result<int64_t> SqliteProcedures::AppendJournal(SqlTx& tx, const Journal& journal, int64_t now) {
  PP_ASSIGN_OR_RETURN(
      SqlResult head,
      tx.Query("SELECT audit_seq, audit_hash, outbox_seq FROM chain_head WHERE id = 1", {},
               "chain_head"));
  if (head.empty()) return Status::Corruption("chain_head", "missing");
  RowReader h(head, 0);
  int64_t seq = h.Int("audit_seq");
  Bytes hash = h.Blob("audit_hash");
  int64_t outbox = h.Int("outbox_seq");
  PP_RETURN_IF_ERROR(h.status());
  for (const Journal::Audit& a : journal.audits()) {
    AuditEntry e;
    e.id = ++seq;
    e.event_type = a.event_type;
    e.event_category = a.category;
    e.risk_level = a.risk_level;
    e.user_id = a.user_id;
    e.order_id = a.order_id;
    e.matching_session_id = a.session_id;
    e.event_data = a.data_json;
    e.created_at = now;
    e.prev_hash = hash;
    e.entry_hash = AuditEntryHash(e);
    PP_RETURN_IF_ERROR(
        tx.Query(R"sql(
        INSERT INTO audit_log (id, event_type, event_category, user_id, order_id,
                               matching_session_id, event_data, risk_level, created_at,
                               prev_hash, entry_hash)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11))sql",
                 {SqlValue::Int(e.id), SqlValue::Text(e.event_type),
                  SqlValue::Text(e.event_category), SqlValue::Opt(e.user_id),
                  SqlValue::Opt(e.order_id), SqlValue::Opt(e.matching_session_id),
                  SqlValue::Text(e.event_data), SqlValue::Text(e.risk_level), SqlValue::Int(now),
                  SqlValue::Blob(e.prev_hash), SqlValue::Blob(e.entry_hash)},
                 "audit_log")
            .status());
    hash = e.entry_hash;
  }
  for (const Journal::Event& ev : journal.events()) {
    PP_RETURN_IF_ERROR(
        tx.Query(R"sql(
        INSERT INTO event_outbox (id, topic, event_type, user_id, trading_pair_id, payload,
                                  created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7))sql",
                 {SqlValue::Int(++outbox), SqlValue::Text(ev.topic), SqlValue::Text(ev.event_type),
                  SqlValue::Opt(ev.user_id), SqlValue::Opt(ev.pair_id),
                  SqlValue::Text(ev.payload_json), SqlValue::Int(now)},
                 "event_outbox")
            .status());
  }
  PP_RETURN_IF_ERROR(
      tx.Query(
            "UPDATE chain_head SET audit_seq = $1, audit_hash = $2, outbox_seq = $3 WHERE id = 1",
            {SqlValue::Int(seq), SqlValue::Blob(hash), SqlValue::Int(outbox)}, "chain_head")
          .status());
  return journal.events().empty() ? 0 : outbox;
}

Result<std::vector<BalanceRow>> SqliteProcedures::LockBalances(
    SqlTx& tx, std::span<const std::pair<int64_t, std::string>> keys, bool create, int64_t now) {
  // BEGIN IMMEDIATE already holds the database's write lock: reading is locking.
  std::vector<BalanceRow> out;
  for (const auto& [user, token] : keys) {
    if (create) {
      PP_RETURN_IF_ERROR(tx.Query(R"sql(
          INSERT INTO user_balances (user_id, token, balance, balance_commitment,
                                     available_commitment, created_at, updated_at)
          VALUES ($1, $2, 0, zeroblob(32), zeroblob(32), $3, $3)
          ON CONFLICT (user_id, token) DO NOTHING)sql",
                                  {SqlValue::Int(user), SqlValue::Text(token), SqlValue::Int(now)},
                                  "user_balances")
                             .status());
    }
    PP_ASSIGN_OR_RETURN(SqlResult r,
                        tx.Query(R"sql(
        SELECT user_id, token, balance, balance_commitment, available_commitment,
               open_obligations, updated_at
          FROM user_balances WHERE user_id = $1 AND token = $2)sql",
                                 {SqlValue::Int(user), SqlValue::Text(token)}, "user_balances"));
    if (r.empty()) continue;
    RowReader row(r, 0);
    BalanceRow b;
    b.user_id = row.Int("user_id");
    b.token = row.Text("token");
    b.balance = row.Amount("balance");
    b.balance_commitment = row.Commit("balance_commitment");
    b.available = row.Commit("available_commitment");
    b.open_obligations = row.Int("open_obligations");
    b.updated_at = row.Int("updated_at");
    PP_RETURN_IF_ERROR(row.status());
    out.push_back(std::move(b));
  }
  return out;
}

Result<TransferOutcome> SqliteProcedures::ChangeBalance(SqlTx& tx, const TransferChange& c,
                                                        int64_t now) {
  PP_ASSIGN_OR_RETURN(
      SqlResult r,
      tx.Query(R"sql(
      UPDATE user_balances
         SET balance = balance + $1, balance_commitment = $2, available_commitment = $3,
             updated_at = $4
       WHERE user_id = $5 AND token = $6 AND available_commitment = $7
      RETURNING balance)sql",
               {SqlValue::Int(c.kind == TransferKind::kDeposit ? static_cast<int64_t>(c.amount)
                                                               : -static_cast<int64_t>(c.amount)),
                SqlValue::Blob(c.new_balance_commitment), SqlValue::Blob(c.new_available),
                SqlValue::Int(now), SqlValue::Int(c.user_id), SqlValue::Text(c.token),
                SqlValue::Blob(c.expected_available)},
               "user_balances"));
  if (r.empty()) return Conflict("changed since the store read it");
  RowReader row(r, 0);
  TransferOutcome out;
  out.balance_after = row.Amount("balance");
  PP_RETURN_IF_ERROR(row.status());
  PP_ASSIGN_OR_RETURN(
      SqlResult t,
      tx.Query(R"sql(
      INSERT INTO balance_transfers (user_id, token, kind, amount, reference, balance_after,
                                     created_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id)sql",
               {SqlValue::Int(c.user_id), SqlValue::Text(c.token), SqlValue::Text(Name(c.kind)),
                SqlValue::Amount(c.amount), SqlValue::Text(c.reference),
                SqlValue::Amount(out.balance_after), SqlValue::Int(now)},
               "balance_transfers"));
  RowReader trow(t, 0);
  out.id = trow.Int("id");
  out.created_at = now;
  PP_RETURN_IF_ERROR(trow.status());
  return out;
}

Result<int64_t> SqliteProcedures::SubmitExecutorResponse(SqlTx& tx, int64_t executor_id,
                                                         int64_t operation_id, const Bytes& share,
                                                         const Bytes& proof, const Bytes& signature,
                                                         Journal& journal, int64_t now) {
  PP_ASSIGN_OR_RETURN(SqlResult op,
                      tx.Query(R"sql(
      SELECT o.status, o.matching_session_id, s.executor_assignments
        FROM threshold_operations o JOIN matching_sessions s ON s.id = o.matching_session_id
       WHERE o.id = $1)sql",
                               {SqlValue::Int(operation_id)}, "threshold_operations"));
  if (op.empty()) return Status::NotFound("threshold_operations.id", "no such operation");
  RowReader row(op, 0);
  const OperationStatus status = row.Enum<OperationStatus>("status", ParseOperationStatus);
  const int64_t session = row.Int("matching_session_id");
  const auto assigned = json::parse(row.Text("executor_assignments"), nullptr, false);
  PP_RETURN_IF_ERROR(row.status());
  bool mine = false;
  if (assigned.is_array()) {
    for (const auto& e : assigned)
      mine = mine || (e.is_number_integer() && e.get<int64_t>() == executor_id);
  }
  if (!mine) {
    return Status::PermissionDenied("threshold_operations.matching_session_id",
                                    "executor not assigned to this session");
  }
  if (status != OperationStatus::kPending && status != OperationStatus::kReady) {
    return Status::FailedPrecondition("threshold_operations.status",
                                      "operation is " + std::string(Name(status)));
  }
  PP_ASSIGN_OR_RETURN(
      SqlResult r,
      tx.Query(R"sql(
      INSERT INTO executor_responses (threshold_operation_id, executor_node_id, share, proof,
                                      signature, created_at)
      VALUES ($1, $2, $3, $4, $5, $6) RETURNING id)sql",
               {SqlValue::Int(operation_id), SqlValue::Int(executor_id), SqlValue::Blob(share),
                SqlValue::Blob(proof), SqlValue::Blob(signature), SqlValue::Int(now)},
               "executor_responses"));
  RowReader idr(r, 0);
  const int64_t id = idr.Int("id");
  PP_RETURN_IF_ERROR(idr.status());
  journal.Add(Journal::Audit{
      "executor_response", "execution", "low", std::nullopt, std::nullopt, session,
      JsonText(json{
          {"executor_id", executor_id}, {"operation_id", operation_id}, {"response_id", id}})});
  return id;
}

Status SqliteProcedures::Heartbeat(SqlTx& tx, int64_t executor_id, ExecutorStatus status,
                                   int64_t now) {
  PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(R"sql(
      UPDATE executor_nodes SET status = $1, last_heartbeat = $2, updated_at = $2
       WHERE id = $3)sql",
                                            {SqlValue::Text(Name(status)), SqlValue::Int(now),
                                             SqlValue::Int(executor_id)},
                                            "executor_nodes"));
  if (r.affected != 1) {
    return Status::NotFound("executor_nodes.id", "no executor " + std::to_string(executor_id));
  }
  return Status::Ok();
}

Status SqliteProcedures::MarkExecutorUnreachable(SqlTx& tx, int64_t executor_id, int64_t now) {
  PP_ASSIGN_OR_RETURN(SqlResult found, tx.Query("SELECT 1 AS one FROM executor_nodes WHERE id = $1",
                                                {SqlValue::Int(executor_id)}, "executor_nodes"));
  if (found.empty()) {
    return Status::NotFound("executor_nodes.id", "no executor " + std::to_string(executor_id));
  }
  return tx
      .Query(R"sql(
      UPDATE executor_nodes SET status = 'offline', updated_at = $1
       WHERE id = $2 AND status NOT IN ('offline', 'maintenance'))sql",
             {SqlValue::Int(now), SqlValue::Int(executor_id)}, "executor_nodes")
      .status();
}

Status SqliteProcedures::RecordMetric(SqlTx& tx, const MetricSample& m, int64_t now) {
  return tx
      .Query(R"sql(
      INSERT INTO system_metrics (metric_name, metric_value, metric_unit, component,
                                  trading_pair_id, period_start, period_end, created_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8))sql",
             {SqlValue::Text(m.name), SqlValue::Real(m.value), SqlValue::Text(m.unit),
              SqlValue::Text(m.component), SqlValue::Opt(m.trading_pair_id),
              SqlValue::Int(m.period_start), SqlValue::Int(m.period_end), SqlValue::Int(now)},
             "system_metrics")
      .status();
}

Status SqliteProcedures::UpdateSystemHealth(SqlTx& tx, const HealthUpdate& h, int64_t now) {
  return tx
      .Query(R"sql(
      INSERT INTO system_health (component, status, health_score, response_time_ms, throughput,
                                 error_rate, details, last_check, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
      ON CONFLICT (component) DO UPDATE SET status = excluded.status,
         health_score = excluded.health_score, response_time_ms = excluded.response_time_ms,
         throughput = excluded.throughput, error_rate = excluded.error_rate,
         details = excluded.details, last_check = $8, updated_at = $8)sql",
             {SqlValue::Text(h.component), SqlValue::Text(Name(h.status)),
              SqlValue::Int(h.health_score), SqlValue::Opt(h.response_time_ms),
              h.throughput ? SqlValue::Real(*h.throughput) : SqlValue::Null(),
              h.error_rate ? SqlValue::Real(*h.error_rate) : SqlValue::Null(),
              SqlValue::Text(h.details_json), SqlValue::Int(now)},
             "system_health")
      .status();
}

}  // namespace phantompool::store::internal