#include "executors.h"

#include <nlohmann/json.hpp>

#include "access.h"
#include "coordination.h"
#include "json_text.h"
#include "validation.h"

namespace phantompool::store::internal {
namespace {

using nlohmann::json;

Result<ThresholdOperation> LoadOperation(SqlTx& tx, int64_t operation_id) {
  PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(R"sql(
      SELECT id, matching_session_id, operation_type, required_shares, total_shares,
             shares_received, valid_shares, status
        FROM threshold_operations WHERE id = $1)sql",
                                            {SqlValue::Int(operation_id)}, "threshold_operations"));
  if (r.empty()) {
    return Status::NotFound("threshold_operations.id",
                            "no operation " + std::to_string(operation_id));
  }
  RowReader row(r, 0);
  ThresholdOperation op;
  op.id = row.Int("id");
  op.matching_session_id = row.Int("matching_session_id");
  op.type = row.Enum<OperationType>("operation_type", ParseOperationType);
  op.required_shares = static_cast<int32_t>(row.Int("required_shares"));
  op.total_shares = static_cast<int32_t>(row.Int("total_shares"));
  op.shares_received = static_cast<int32_t>(row.Int("shares_received"));
  op.valid_shares = static_cast<int32_t>(row.Int("valid_shares"));
  op.status = row.Enum<OperationStatus>("status", ParseOperationStatus);
  PP_RETURN_IF_ERROR(row.status());
  return op;
}

// Is `executor_id` assigned to the session?
Result<bool> AssignedTo(SqlTx& tx, int64_t session_id, int64_t executor_id) {
  PP_ASSIGN_OR_RETURN(SqlResult r,
                      tx.Query("SELECT executor_assignments FROM matching_sessions WHERE id = $1",
                               {SqlValue::Int(session_id)}, "matching_sessions"));
  if (r.empty()) return false;
  RowReader row(r, 0);
  const auto ids = json::parse(row.Text("executor_assignments"), nullptr, false);
  PP_RETURN_IF_ERROR(row.status());
  if (!ids.is_array()) return false;
  for (const auto& e : ids) {
    if (e.is_number_integer() && e.get<int64_t>() == executor_id) return true;
  }
  return false;
}

}  // namespace

Result<int64_t> Executors::Register(const Principal& p, const NewExecutorNode& n) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kService}, "executor_nodes"));
  if (n.node_index < 1 || n.node_index > 255) {
    return Status::InvalidArgument("executor_nodes.node_index", "must be 1..255");
  }
  PP_RETURN_IF_ERROR(ValidateBytes(n.share_public_key, 32, 32, "executor_nodes.share_public_key"));
  PP_RETURN_IF_ERROR(ValidateBytes(n.signing_key, 32, 32, "executor_nodes.signing_key"));
  const std::string& url = n.endpoint_url;
  if (url.size() > 2048 || !(url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0)) {
    return Status::InvalidArgument("executor_nodes.endpoint_url", "must be an http(s) URL");
  }
  int64_t id = 0;
  PP_RETURN_IF_ERROR(ctx_.Write(p, [&](SqlTx& tx, Journal& j, int64_t now) -> Status {
    PP_ASSIGN_OR_RETURN(
        SqlResult r,
        tx.Query(R"sql(
        INSERT INTO executor_nodes (node_index, share_public_key, signing_key, endpoint_url,
                                    status, created_at, updated_at)
        VALUES ($1, $2, $3, $4, 'offline', $5, $5) RETURNING id)sql",
                 {SqlValue::Int(n.node_index), SqlValue::Blob(n.share_public_key),
                  SqlValue::Blob(n.signing_key), SqlValue::Text(url), SqlValue::Int(now)},
                 "executor_nodes"));
    RowReader row(r, 0);
    id = row.Int("id");
    PP_RETURN_IF_ERROR(row.status());
    j.Add(Journal::Audit{"executor_registered", "admin", "medium", std::nullopt, std::nullopt,
                         std::nullopt,
                         JsonText(json{{"executor_id", id}, {"node_index", n.node_index}})});
    return Status::Ok();
  }));
  return id;
}

Result<ExecutorNode> Executors::Get(const Principal& p, int64_t node_id) {
  PP_RETURN_IF_ERROR(
      RequireRole(p, {Role::kExecutor, Role::kAuditor, Role::kService}, "executor_nodes"));
  ExecutorNode n;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    // A node's keys, endpoint and status are public to executors; the answer record is the
    // coordinator's verdicts, for the service and auditors.
    PP_ASSIGN_OR_RETURN(auto nodes, ReadExecutorNodes(tx, node_id, p.role != Role::kExecutor));
    if (nodes.empty()) {
      return Status::NotFound("executor_nodes.id", "no executor " + std::to_string(node_id));
    }
    n = std::move(nodes.front());
    return Status::Ok();
  }));
  return n;
}

Status Executors::Heartbeat(const Principal& p, ExecutorStatus status) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kExecutor}, "executor_nodes.last_heartbeat"));
  return ctx_.Write(p, [&](SqlTx& tx, Journal&, int64_t now) -> Status {
    return ctx_.procs().Heartbeat(tx, p.user_id, status, now);
  });
}

Status Executors::MarkUnreachable(const Principal& p, int64_t node_id) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kService}, "executor_nodes.status"));
  return ctx_.Write(p, [&](SqlTx& tx, Journal&, int64_t now) -> Status {
    return ctx_.procs().MarkExecutorUnreachable(tx, node_id, now);
  });
}

Result<int64_t> Executors::CreateOperation(const Principal& p, int64_t session_id,
                                           OperationType type, int32_t required, int32_t total) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kService}, "threshold_operations"));
  if (required < 1 || total < required || total > 255) {
    return Status::InvalidArgument("threshold_operations.required_shares",
                                   "need 1 <= required <= total <= 255");
  }
  int64_t id = 0;
  PP_RETURN_IF_ERROR(ctx_.Write(p, [&](SqlTx& tx, Journal& j, int64_t now) -> Status {
    PP_ASSIGN_OR_RETURN(SqlResult s, tx.Query("SELECT status FROM matching_sessions WHERE id = $1",
                                              {SqlValue::Int(session_id)}, "matching_sessions"));
    if (s.empty()) {
      return Status::NotFound("matching_sessions.id", "no session " + std::to_string(session_id));
    }
    RowReader srow(s, 0);
    const SessionStatus status = srow.Enum<SessionStatus>("status", ParseSessionStatus);
    PP_RETURN_IF_ERROR(srow.status());
    if (status != SessionStatus::kFrozen) {
      return Status::FailedPrecondition("matching_sessions.status",
                                        "session is " + std::string(Name(status)));
    }
    PP_ASSIGN_OR_RETURN(
        SqlResult r, tx.Query(R"sql(
        INSERT INTO threshold_operations (matching_session_id, operation_type, required_shares,
                                          total_shares, created_at)
        VALUES ($1, $2, $3, $4, $5) RETURNING id)sql",
                              {SqlValue::Int(session_id), SqlValue::Text(Name(type)),
                               SqlValue::Int(required), SqlValue::Int(total), SqlValue::Int(now)},
                              "threshold_operations"));
    RowReader row(r, 0);
    id = row.Int("id");
    PP_RETURN_IF_ERROR(row.status());
    j.Add(Journal::Audit{
        "threshold_operation_created", "execution", "low", std::nullopt, std::nullopt, session_id,
        JsonText(json{{"operation_id", id}, {"type", Name(type)}, {"required", required}})});
    return Status::Ok();
  }));
  return id;
}

Result<ThresholdOperation> Executors::GetOperation(const Principal& p, int64_t operation_id) {
  PP_RETURN_IF_ERROR(
      RequireRole(p, {Role::kExecutor, Role::kAuditor, Role::kService}, "threshold_operations"));
  std::optional<ThresholdOperation> out;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(ThresholdOperation op, LoadOperation(tx, operation_id));
    if (p.role == Role::kExecutor) {
      PP_ASSIGN_OR_RETURN(bool assigned, AssignedTo(tx, op.matching_session_id, p.user_id));
      if (!assigned) {
        return Status::NotFound("threshold_operations.id",
                                "no operation " + std::to_string(operation_id));
      }
    }
    out = op;
    return Status::Ok();
  }));
  return *out;
}

Result<int64_t> Executors::SubmitResponse(const Principal& p, int64_t operation_id,
                                          const Bytes& share, const Bytes& proof,
                                          const Bytes& signature) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kExecutor}, "executor_responses"));
  PP_RETURN_IF_ERROR(ValidateBytes(share, 1, 1 << 22, "executor_responses.share"));
  PP_RETURN_IF_ERROR(ValidateBytes(proof, 1, 1 << 22, "executor_responses.proof"));
  PP_RETURN_IF_ERROR(ValidateBytes(signature, 64, 64, "executor_responses.signature"));
  int64_t id = 0;
  PP_RETURN_IF_ERROR(ctx_.Write(p, [&](SqlTx& tx, Journal& j, int64_t now) -> Status {
    PP_ASSIGN_OR_RETURN(id, ctx_.procs().SubmitExecutorResponse(tx, p.user_id, operation_id, share,
                                                                proof, signature, j, now));
    return Status::Ok();
  }));
  return id;
}

Status Executors::RecordValidity(const Principal& p, int64_t response_id, bool valid,
                                 std::string_view reason) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kService}, "executor_responses.is_valid"));
  PP_RETURN_IF_ERROR(ValidateText(reason, 0, 1024, "executor_responses.reason"));
  return ctx_.Write(p, [&](SqlTx& tx, Journal& j, int64_t) -> Status {
    PP_ASSIGN_OR_RETURN(
        SqlResult r,
        tx.Query(R"sql(
        UPDATE executor_responses SET is_valid = $1, reason = $2
         WHERE id = $3 AND is_valid IS NULL
        RETURNING threshold_operation_id, executor_node_id)sql",
                 {SqlValue::Bool(valid), reason.empty() ? SqlValue::Null() : SqlValue::Text(reason),
                  SqlValue::Int(response_id)},
                 "executor_responses"));
    if (r.empty()) {
      return Status::NotFound("executor_responses.id",
                              "no unchecked response " + std::to_string(response_id));
    }
    RowReader row(r, 0);
    const int64_t op = row.Int("threshold_operation_id");
    const int64_t executor = row.Int("executor_node_id");
    PP_RETURN_IF_ERROR(row.status());
    PP_RETURN_IF_ERROR(tx.Query(R"sql(
        UPDATE threshold_operations SET shares_received = shares_received + 1,
               valid_shares = valid_shares + $1,
               status = CASE WHEN status = 'pending' AND valid_shares + $1 >= required_shares
                             THEN 'ready' ELSE status END
         WHERE id = $2)sql",
                                {SqlValue::Int(valid ? 1 : 0), SqlValue::Int(op)},
                                "threshold_operations")
                           .status());
    j.Add(Journal::Audit{valid ? "executor_share_valid" : "executor_share_invalid", "security",
                         valid ? "low" : "high", std::nullopt, std::nullopt, std::nullopt,
                         JsonText(json{{"response_id", response_id},
                                       {"executor_id", executor},
                                       {"reason", std::string(reason)}})});
    return Status::Ok();
  });
}

Result<std::vector<ExecutorResponse>> Executors::Responses(const Principal& p,
                                                           int64_t operation_id) {
  PP_RETURN_IF_ERROR(
      RequireRole(p, {Role::kExecutor, Role::kAuditor, Role::kService}, "executor_responses"));
  std::vector<ExecutorResponse> out;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    out.clear();
    std::string sql = R"sql(
        SELECT id, threshold_operation_id, executor_node_id, share, proof, signature, is_valid,
               reason
          FROM executor_responses WHERE threshold_operation_id = $1)sql";
    Params params{SqlValue::Int(operation_id)};
    if (p.role == Role::kExecutor) {  // an executor sees its own responses only
      sql += " AND executor_node_id = $2";
      params.push_back(SqlValue::Int(p.user_id));
    }
    PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(sql + " ORDER BY id", params, "executor_responses"));
    for (size_t i = 0; i < r.size(); ++i) {
      RowReader row(r, i);
      ExecutorResponse e;
      e.id = row.Int("id");
      e.threshold_operation_id = row.Int("threshold_operation_id");
      e.executor_node_id = row.Int("executor_node_id");
      e.share = row.Blob("share");
      e.proof = row.Blob("proof");
      e.signature = row.Blob("signature");
      if (!row.IsNull("is_valid")) e.is_valid = row.Bool("is_valid");
      e.reason = row.OptText("reason");
      PP_RETURN_IF_ERROR(row.status());
      out.push_back(std::move(e));
    }
    return Status::Ok();
  }));
  return out;
}

Result<int64_t> Executors::RecordProof(const Principal& p, ProofType type,
                                       std::optional<int64_t> order_id,
                                       std::optional<int64_t> session_id, const Bytes& proof,
                                       std::string_view inputs) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kService}, "cryptographic_proofs"));
  PP_RETURN_IF_ERROR(ValidateBytes(proof, 1, 1 << 22, "cryptographic_proofs.proof_data"));
  PP_RETURN_IF_ERROR(ValidateJson(inputs, "cryptographic_proofs.public_inputs", true));
  int64_t id = 0;
  PP_RETURN_IF_ERROR(ctx_.Write(p, [&](SqlTx& tx, Journal&, int64_t now) -> Status {
    std::optional<int64_t> user;
    if (order_id) {
      PP_ASSIGN_OR_RETURN(SqlResult o,
                          tx.Query("SELECT user_id FROM encrypted_orders WHERE id = $1",
                                   {SqlValue::Int(*order_id)}, "encrypted_orders"));
      if (o.empty()) return Status::NotFound("cryptographic_proofs.order_id", "no such order");
      RowReader row(o, 0);
      user = row.Int("user_id");
      PP_RETURN_IF_ERROR(row.status());
    }
    PP_ASSIGN_OR_RETURN(
        SqlResult r, tx.Query(R"sql(
        INSERT INTO cryptographic_proofs (proof_type, order_id, matching_session_id, user_id,
                                          proof_data, public_inputs, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id)sql",
                              {SqlValue::Text(Name(type)), SqlValue::Opt(order_id),
                               SqlValue::Opt(session_id), SqlValue::Opt(user),
                               SqlValue::Blob(proof), SqlValue::Text(inputs), SqlValue::Int(now)},
                              "cryptographic_proofs"));
    RowReader row(r, 0);
    id = row.Int("id");
    return row.status();
  }));
  return id;
}

}  // namespace phantompool::store::internal
