// StoreCore: executor nodes, threshold operations and their responses, stored proofs.
#include <nlohmann/json.hpp>

#include "store_core.h"
#include "validation.h"

namespace phantompool::store::internal {

using nlohmann::json;

Result<int64_t> StoreCore::RegisterExecutor(const Principal& p, const NewExecutorNode& n) {
  int64_t id = 0;
  PP_RETURN_IF_ERROR(Write(p, [&](SqlTx& tx, Journal& j) {
    RequireRole(p, {Role::kService}, "executor_nodes");
    if (n.node_index < 1 || n.node_index > 255) {
      Fail(Status::InvalidArgument("executor_nodes.node_index", "must be 1..255"));
    }
    ValidateBytes(n.share_public_key, 32, 32, "executor_nodes.share_public_key");
    ValidateBytes(n.signing_key, 32, 32, "executor_nodes.signing_key");
    const std::string& url = n.endpoint_url;
    if (url.size() > 2048 || !(url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0)) {
      Fail(Status::InvalidArgument("executor_nodes.endpoint_url", "must be an http(s) URL"));
    }
    const int64_t now = Now();
    SqlResult r = tx.Query(
        "INSERT INTO executor_nodes (node_index, share_public_key, signing_key, endpoint_url, "
        "status, created_at, updated_at) VALUES ($1, $2, $3, $4, 'offline', $5, $5) RETURNING id",
        {SqlValue::Int(n.node_index), SqlValue::Blob(n.share_public_key),
         SqlValue::Blob(n.signing_key), SqlValue::Text(url), SqlValue::Int(now)},
        "executor_nodes");
    id = r.Row(0).Int(0);
    j.Add(Journal::Audit{"executor_registered", "admin", "medium", std::nullopt, std::nullopt,
                         std::nullopt,
                         json{{"executor_id", id}, {"node_index", n.node_index}}.dump()});
  }));
  return id;
}

Result<ExecutorNode> StoreCore::GetExecutor(const Principal& p, int64_t node_id) {
  ExecutorNode n;
  PP_RETURN_IF_ERROR(Read(p, [&](SqlTx& tx) {
    RequireRole(p, {Role::kExecutor, Role::kAuditor, Role::kService}, "executor_nodes");
    SqlResult r = tx.Query(
        "SELECT id, node_index, share_public_key, signing_key, endpoint_url, status, "
        "last_heartbeat, "
        "total_requests, successful_requests, error_count, reputation FROM executor_nodes WHERE id "
        "= $1",
        {SqlValue::Int(node_id)}, "executor_nodes");
    if (r.empty())
      Fail(Status::NotFound("executor_nodes.id", "no executor " + std::to_string(node_id)));
    const SqlRow row = r.Row(0);
    n.id = row.Int(0);
    n.node_index = static_cast<int32_t>(row.Int(1));
    n.share_public_key = row.Blob(2);
    n.signing_key = row.Blob(3);
    n.endpoint_url = row.Text(4);
    n.status = row.Text(5);
    n.last_heartbeat = row.OptInt(6);
    n.total_requests = row.Int(7);
    n.successful_requests = row.Int(8);
    n.error_count = row.Int(9);
    n.reputation = static_cast<int32_t>(row.Int(10));
  }));
  return n;
}

Status StoreCore::Heartbeat(const Principal& p, std::string_view status) {
  return RunTx(&p, Access::kWrite, [&](SqlTx& tx) {
    RequireRole(p, {Role::kExecutor}, "executor_nodes.last_heartbeat");
    if (status != "online" && status != "offline" && status != "degraded" &&
        status != "maintenance") {
      Fail(Status::InvalidArgument("executor_nodes.status",
                                   "must be one of: online, offline, degraded, maintenance"));
    }
    const int64_t now = Now();
    SqlResult r = tx.Query(
        "UPDATE executor_nodes SET status = $1, last_heartbeat = $2, updated_at = $2 WHERE id = $3",
        {SqlValue::Text(status), SqlValue::Int(now), SqlValue::Int(p.user_id)}, "executor_nodes");
    if (r.affected != 1)
      Fail(Status::NotFound("executor_nodes.id", "no executor " + std::to_string(p.user_id)));
  });
}

Result<int64_t> StoreCore::CreateThresholdOperation(const Principal& p, int64_t session_id,
                                                    std::string_view type, int32_t required,
                                                    int32_t total) {
  int64_t id = 0;
  PP_RETURN_IF_ERROR(Write(p, [&](SqlTx& tx, Journal& j) {
    RequireRole(p, {Role::kService}, "threshold_operations");
    if (type != "partial_decrypt" && type != "vrf") {
      Fail(Status::InvalidArgument("threshold_operations.operation_type",
                                   "must be partial_decrypt or vrf"));
    }
    if (required < 1 || total < required || total > 255) {
      Fail(Status::InvalidArgument("threshold_operations.required_shares",
                                   "need 1 <= required <= total <= 255"));
    }
    SqlResult s = tx.Query("SELECT status FROM matching_sessions WHERE id = $1",
                           {SqlValue::Int(session_id)}, "matching_sessions");
    if (s.empty())
      Fail(Status::NotFound("matching_sessions.id", "no session " + std::to_string(session_id)));
    if (s.Row(0).Text(0) != "frozen") {
      Fail(
          Status::FailedPrecondition("matching_sessions.status", "session is " + s.Row(0).Text(0)));
    }
    SqlResult r = tx.Query(
        "INSERT INTO threshold_operations (matching_session_id, operation_type, required_shares, "
        "total_shares, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        {SqlValue::Int(session_id), SqlValue::Text(type), SqlValue::Int(required),
         SqlValue::Int(total), SqlValue::Int(Now())},
        "threshold_operations");
    id = r.Row(0).Int(0);
    j.Add(Journal::Audit{
        "threshold_operation_created", "execution", "low", std::nullopt, std::nullopt, session_id,
        json{{"operation_id", id}, {"type", type}, {"required", required}}.dump()});
  }));
  return id;
}

Result<int64_t> StoreCore::SubmitExecutorResponse(const Principal& p, int64_t operation_id,
                                                  const Bytes& share, const Bytes& proof,
                                                  const Bytes& signature) {
  int64_t id = 0;
  PP_RETURN_IF_ERROR(Write(p, [&](SqlTx& tx, Journal& j) {
    RequireRole(p, {Role::kExecutor}, "executor_responses");
    ValidateBytes(share, 1, 1 << 22, "executor_responses.share");
    ValidateBytes(proof, 1, 1 << 22, "executor_responses.proof");
    ValidateBytes(signature, 64, 64, "executor_responses.signature");
    SqlResult op =
        tx.Query("SELECT matching_session_id, status FROM threshold_operations WHERE id = $1",
                 {SqlValue::Int(operation_id)}, "threshold_operations");
    if (op.empty())
      Fail(Status::NotFound("threshold_operations.id",
                            "no operation " + std::to_string(operation_id)));
    if (op.Row(0).Text(1) == "completed" || op.Row(0).Text(1) == "failed") {
      Fail(Status::FailedPrecondition("threshold_operations.status",
                                      "operation is " + op.Row(0).Text(1)));
    }
    SqlResult r = tx.Query(
        "INSERT INTO executor_responses (threshold_operation_id, executor_node_id, share, proof, "
        "signature, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        {SqlValue::Int(operation_id), SqlValue::Int(p.user_id), SqlValue::Blob(share),
         SqlValue::Blob(proof), SqlValue::Blob(signature), SqlValue::Int(Now())},
        "executor_responses");
    id = r.Row(0).Int(0);
    j.Add(Journal::Audit{
        "executor_response", "execution", "low", std::nullopt, std::nullopt, op.Row(0).Int(0),
        json{{"operation_id", operation_id}, {"executor_id", p.user_id}, {"response_id", id}}
            .dump()});
  }));
  return id;
}

Status StoreCore::RecordResponseValidity(const Principal& p, int64_t response_id, bool valid,
                                         std::string_view reason) {
  return Write(p, [&](SqlTx& tx, Journal& j) {
    RequireRole(p, {Role::kService}, "executor_responses.is_valid");
    if (reason.size() > 1024)
      Fail(Status::InvalidArgument("executor_responses.reason", "longer than 1024"));
    SqlResult r = tx.Query(
        "UPDATE executor_responses SET is_valid = $1, reason = $2 WHERE id = $3 AND is_valid IS "
        "NULL "
        "RETURNING threshold_operation_id, executor_node_id",
        {SqlValue::Bool(valid), reason.empty() ? SqlValue::Null() : SqlValue::Text(reason),
         SqlValue::Int(response_id)},
        "executor_responses");
    if (r.empty())
      Fail(Status::NotFound("executor_responses.id",
                            "no unchecked response " + std::to_string(response_id)));
    const int64_t op = r.Row(0).Int(0);
    tx.Query(
        "UPDATE threshold_operations SET shares_received = shares_received + 1, "
        "valid_shares = valid_shares + $1, status = CASE WHEN valid_shares + $1 >= required_shares "
        "THEN 'ready' ELSE status END WHERE id = $2",
        {SqlValue::Int(valid ? 1 : 0), SqlValue::Int(op)}, "threshold_operations");
    j.Add(Journal::Audit{valid ? "executor_share_valid" : "executor_share_invalid", "security",
                         valid ? "low" : "high", std::nullopt, std::nullopt, std::nullopt,
                         json{{"response_id", response_id},
                              {"executor_id", r.Row(0).Int(1)},
                              {"reason", std::string(reason)}}
                             .dump()});
  });
}

Result<std::vector<ExecutorResponse>> StoreCore::ListResponses(const Principal& p,
                                                               int64_t operation_id) {
  std::vector<ExecutorResponse> out;
  PP_RETURN_IF_ERROR(Read(p, [&](SqlTx& tx) {
    RequireRole(p, {Role::kExecutor, Role::kAuditor, Role::kService}, "executor_responses");
    std::string sql =
        "SELECT id, threshold_operation_id, executor_node_id, share, proof, signature, is_valid, "
        "reason "
        "FROM executor_responses WHERE threshold_operation_id = $1";
    Params params{SqlValue::Int(operation_id)};
    if (p.role == Role::kExecutor) {  // an executor sees its own responses only
      sql += " AND executor_node_id = $2";
      params.push_back(SqlValue::Int(p.user_id));
    }
    SqlResult r = tx.Query(sql + " ORDER BY id", params, "executor_responses");
    for (size_t i = 0; i < r.size(); ++i) {
      const SqlRow row = r.Row(i);
      ExecutorResponse e;
      e.id = row.Int(0);
      e.threshold_operation_id = row.Int(1);
      e.executor_node_id = row.Int(2);
      e.share = row.Blob(3);
      e.proof = row.Blob(4);
      e.signature = row.Blob(5);
      if (!row.IsNull(6)) e.is_valid = row.Bool(6);
      e.reason = row.OptText(7);
      out.push_back(std::move(e));
    }
  }));
  return out;
}

Result<int64_t> StoreCore::RecordProof(const Principal& p, std::string_view type,
                                       std::optional<int64_t> order_id,
                                       std::optional<int64_t> session_id, const Bytes& proof,
                                       std::string_view inputs) {
  int64_t id = 0;
  PP_RETURN_IF_ERROR(RunTx(&p, Access::kWrite, [&](SqlTx& tx) {
    RequireRole(p, {Role::kService}, "cryptographic_proofs");
    static constexpr std::string_view kTypes[] = {"range",    "solvency",         "equality",
                                                  "vrf",      "decryption_share", "dleq",
                                                  "matching", "settlement"};
    bool known = false;
    for (auto t : kTypes) known = known || t == type;
    if (!known)
      Fail(Status::InvalidArgument("cryptographic_proofs.proof_type", "unknown proof type"));
    ValidateBytes(proof, 1, 1 << 22, "cryptographic_proofs.proof_data");
    ValidateJson(inputs, "cryptographic_proofs.public_inputs", true);
    std::optional<int64_t> user;
    if (order_id) {
      SqlResult o = tx.Query("SELECT user_id FROM encrypted_orders WHERE id = $1",
                             {SqlValue::Int(*order_id)}, "encrypted_orders");
      if (o.empty()) Fail(Status::NotFound("cryptographic_proofs.order_id", "no such order"));
      user = o.Row(0).Int(0);
    }
    SqlResult r = tx.Query(
        "INSERT INTO cryptographic_proofs (proof_type, order_id, matching_session_id, user_id, "
        "proof_data, public_inputs, is_verified, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
        "$8) "
        "RETURNING id",
        {SqlValue::Text(type), SqlValue::Opt(order_id), SqlValue::Opt(session_id),
         SqlValue::Opt(user), SqlValue::Blob(proof), SqlValue::Text(inputs), SqlValue::Bool(true),
         SqlValue::Int(Now())},
        "cryptographic_proofs");
    id = r.Row(0).Int(0);
  }));
  return id;
}

}  // namespace phantompool::store::internal
