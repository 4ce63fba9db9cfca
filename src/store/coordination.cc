#include "coordination.h"

#include <map>
#include <nlohmann/json.hpp>

#include "access.h"
#include "commitments.h"
#include "json_text.h"
#include "phantompool/common/hex.h"
#include "validation.h"

namespace phantompool::store::internal {
namespace {

using nlohmann::json;

Status CheckRecord(const QuorumResponseRecord& r, size_t i) {
  const std::string field = "quorum_responses[" + std::to_string(i) + "]";
  if (r.node_index < 1 || r.node_index > 255) {
    return Status::InvalidArgument(field + ".node_index", "must be 1..255");
  }
  if (r.latency_ms < 0) return Status::InvalidArgument(field + ".latency_ms", "negative");
  // A valid response not asked in this attempt is one received in an earlier attempt of
  // the same session, checked again and reused.
  if (r.valid && !r.response) {
    return Status::InvalidArgument(field + ".is_valid", "a valid response must have been received");
  }
  if (r.combined && !r.valid) {
    return Status::InvalidArgument(field + ".combined", "only valid responses are combined");
  }
  if (r.valid != r.reason.empty()) {
    return Status::InvalidArgument(field + ".reason", "required exactly when not valid");
  }
  PP_RETURN_IF_ERROR(ValidateText(r.reason, 0, 4096, field + ".reason"));
  if (r.response) {
    PP_RETURN_IF_ERROR(ValidateBytes(*r.response, 1, 64u << 20, field + ".response"));
  }
  return Status::Ok();
}

Status CheckOpening(const OrderOpening& o, size_t i) {
  const std::string field = "order_openings[" + std::to_string(i) + "]";
  if (o.size == 0 || o.size > kMaxAmount) {
    return Status::InvalidArgument(field + ".size", "must be 1..2^63-1");
  }
  if (o.min_fill > o.size) return Status::InvalidArgument(field + ".min_fill", "above the size");
  if (o.limit_price && (*o.limit_price == 0 || *o.limit_price > kMaxAmount)) {
    return Status::InvalidArgument(field + ".limit_price", "must be 1..2^63-1");
  }
  return ValidateBytes(o.opening, 1, 65536, field + ".opening");
}

ExecutorNode ReadNode(RowReader& row) {
  ExecutorNode n;
  n.id = row.Int("id");
  n.node_index = static_cast<int32_t>(row.Int("node_index"));
  n.share_public_key = row.Blob("share_public_key");
  n.signing_key = row.Blob("signing_key");
  n.endpoint_url = row.Text("endpoint_url");
  n.status = row.Enum<ExecutorStatus>("status", ParseExecutorStatus);
  n.last_heartbeat = row.OptInt("last_heartbeat");
  n.key_epoch = static_cast<uint32_t>(row.OptInt("key_epoch").value_or(0));
  // Counts are non-negative by construction (count(*)); Amount refuses anything else.
  const uint64_t valid = row.Amount("valid"), invalid = row.Amount("invalid");
  const uint64_t unchecked = row.Amount("unchecked"), missed = row.Amount("missed");
  n.valid_responses = static_cast<int64_t>(valid);
  n.invalid_responses = static_cast<int64_t>(invalid);
  n.unchecked_responses = static_cast<int64_t>(unchecked);
  n.missed_responses = static_cast<int64_t>(missed);
  n.reputation = ExecutorReputation(valid, invalid, missed);
  return n;
}

}  // namespace

Result<int32_t> Coordination::RecordAttempt(const Principal& p, int64_t session_id,
                                            const std::vector<QuorumResponseRecord>& records) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kService}, "quorum_responses"));
  if (records.empty() || records.size() > 255) {
    return Status::InvalidArgument("quorum_responses", "must name 1..255 executors");
  }
  for (size_t i = 0; i < records.size(); ++i) PP_RETURN_IF_ERROR(CheckRecord(records[i], i));
  int32_t attempt = 0;
  PP_RETURN_IF_ERROR(ctx_.Write(p, [&](SqlTx& tx, Journal& j, int64_t now) -> Status {
    PP_ASSIGN_OR_RETURN(SqlResult s, tx.Query("SELECT status FROM matching_sessions WHERE id = $1",
                                              {SqlValue::Int(session_id)}, "matching_sessions"));
    if (s.empty()) return Status::NotFound("matching_sessions.id", "no such session");
    RowReader srow(s, 0);
    const std::string status = srow.Text("status");
    PP_RETURN_IF_ERROR(srow.status());
    if (status != "frozen") {
      return Status::FailedPrecondition("matching_sessions.status", "session is " + status);
    }
    PP_ASSIGN_OR_RETURN(SqlResult a, tx.Query(R"sql(
        SELECT coalesce(max(attempt), 0) + 1 AS next FROM quorum_responses
         WHERE matching_session_id = $1)sql",
                                              {SqlValue::Int(session_id)}, "quorum_responses"));
    RowReader arow(a, 0);
    attempt = static_cast<int32_t>(arow.Int("next"));
    PP_RETURN_IF_ERROR(arow.status());
    int valid = 0, invalid = 0;
    for (const QuorumResponseRecord& r : records) {
      PP_ASSIGN_OR_RETURN(SqlResult n,
                          tx.Query("SELECT id FROM executor_nodes WHERE node_index = $1",
                                   {SqlValue::Int(r.node_index)}, "executor_nodes"));
      std::optional<int64_t> node;
      if (!n.empty()) {
        RowReader nrow(n, 0);
        node = nrow.Int("id");
        PP_RETURN_IF_ERROR(nrow.status());
      }
      PP_RETURN_IF_ERROR(
          tx.Query(
                R"sql(
          INSERT INTO quorum_responses (matching_session_id, attempt, node_index,
                                        executor_node_id, asked, is_valid, combined, reason,
                                        latency_ms, response, created_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11))sql",
                {SqlValue::Int(session_id), SqlValue::Int(attempt), SqlValue::Int(r.node_index),
                 SqlValue::Opt(node), SqlValue::Bool(r.asked), SqlValue::Bool(r.valid),
                 SqlValue::Bool(r.combined),
                 r.reason.empty() ? SqlValue::Null() : SqlValue::Text(r.reason),
                 SqlValue::Int(r.latency_ms),
                 r.response ? SqlValue::Blob(*r.response) : SqlValue::Null(), SqlValue::Int(now)},
                "quorum_responses")
              .status());
      if (r.asked) (r.valid ? valid : invalid) += 1;
      if (r.asked && !r.valid) {
        j.Add(Journal::Audit{
            r.response ? "executor_response_invalid" : "executor_unavailable", "security",
            r.response ? "high" : "medium", std::nullopt, std::nullopt, session_id,
            JsonText(
                json{{"node_index", r.node_index}, {"attempt", attempt}, {"reason", r.reason}})});
      }
    }
    j.Add(Journal::Audit{"quorum_attempt", "execution", "low", std::nullopt, std::nullopt,
                         session_id,
                         JsonText(json{{"session_id", session_id},
                                       {"attempt", attempt},
                                       {"valid", valid},
                                       {"invalid", invalid}})});
    return Status::Ok();
  }));
  return attempt;
}

namespace {

constexpr std::string_view kResponseColumns = R"sql(
    id, matching_session_id, attempt, node_index, executor_node_id, asked, is_valid, combined,
    reason, latency_ms, response, created_at)sql";

Result<std::vector<StoredQuorumResponse>> ReadResponses(const SqlResult& r) {
  std::vector<StoredQuorumResponse> out;
  for (size_t i = 0; i < r.size(); ++i) {
    RowReader row(r, i);
    StoredQuorumResponse s;
    s.id = row.Int("id");
    s.session_id = row.Int("matching_session_id");
    s.attempt = static_cast<int32_t>(row.Int("attempt"));
    s.executor_node_id = row.OptInt("executor_node_id");
    s.record.node_index = static_cast<int32_t>(row.Int("node_index"));
    s.record.asked = row.Bool("asked");
    s.record.valid = row.Bool("is_valid");
    s.record.combined = row.Bool("combined");
    s.record.reason = row.OptText("reason").value_or("");
    s.record.latency_ms = row.Int("latency_ms");
    if (!row.IsNull("response")) s.record.response = row.Blob("response");
    s.created_at = row.Int("created_at");
    PP_RETURN_IF_ERROR(row.status());
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

Result<std::vector<StoredQuorumResponse>> Coordination::Responses(const Principal& p,
                                                                  int64_t session_id) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kAuditor, Role::kService}, "quorum_responses"));
  std::vector<StoredQuorumResponse> out;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(SqlResult r,
                        tx.Query("SELECT " + std::string(kResponseColumns) +
                                     " FROM quorum_responses WHERE matching_session_id = $1"
                                     " ORDER BY attempt, node_index",
                                 {SqlValue::Int(session_id)}, "quorum_responses"));
    PP_ASSIGN_OR_RETURN(out, ReadResponses(r));
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<StoredQuorumResponse>> Coordination::RecentInvalid(const Principal& p,
                                                                      int64_t limit) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kAuditor, Role::kService}, "quorum_responses"));
  if (limit < 1 || limit > 1000) return Status::InvalidArgument("limit", "must be 1..1000");
  std::vector<StoredQuorumResponse> out;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    // An answer that came back and did not verify: a lie, not a miss (no response).
    PP_ASSIGN_OR_RETURN(
        SqlResult r,
        tx.Query("SELECT " + std::string(kResponseColumns) +
                     " FROM quorum_responses WHERE asked AND NOT is_valid AND response IS NOT NULL"
                     " ORDER BY id DESC LIMIT $1",
                 {SqlValue::Int(limit)}, "quorum_responses"));
    PP_ASSIGN_OR_RETURN(out, ReadResponses(r));
    return Status::Ok();
  }));
  return out;
}

Status Coordination::RecordOpenings(const Principal& p, int64_t session_id,
                                    const std::vector<OrderOpening>& opened,
                                    const std::vector<ExcludedOrder>& excluded) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kService}, "order_openings"));
  for (size_t i = 0; i < opened.size(); ++i) PP_RETURN_IF_ERROR(CheckOpening(opened[i], i));
  for (size_t i = 0; i < excluded.size(); ++i) {
    const std::string field = "excluded_orders[" + std::to_string(i) + "]";
    PP_RETURN_IF_ERROR(ValidateText(excluded[i].reason, 1, 1024, field + ".reason"));
    if (excluded[i].shared_point) {
      PP_RETURN_IF_ERROR(ValidateBytes(*excluded[i].shared_point, 32, 32, field + ".shared_point"));
    }
  }
  return ctx_.Write(p, [&](SqlTx& tx, Journal& j, int64_t now) -> Status {
    // The excluded orders' obligations, per (owner, token): the lock order.
    std::map<std::pair<int64_t, std::string>, crypto::Point> released;
    std::map<std::pair<int64_t, std::string>, int64_t> counts;
    int64_t pair_id = 0;
    for (const ExcludedOrder& e : excluded) {
      PP_ASSIGN_OR_RETURN(
          SqlResult r,
          tx.Query(R"sql(
          SELECT user_id, trading_pair_id, obligation_token, obligation_commitment
            FROM encrypted_orders
           WHERE id = $1 AND matching_session_id = $2 AND status = 'matching')sql",
                   {SqlValue::Int(e.order_id), SqlValue::Int(session_id)}, "encrypted_orders"));
      if (r.empty()) {
        return Status::FailedPrecondition(
            "excluded_orders.order_id",
            "order " + std::to_string(e.order_id) + " is not an order of this frozen session");
      }
      RowReader row(r, 0);
      const int64_t user = row.Int("user_id");
      pair_id = row.Int("trading_pair_id");
      const std::string token = row.Text("obligation_token");
      const Commitment c = row.Commit("obligation_commitment");
      PP_RETURN_IF_ERROR(row.status());
      PP_ASSIGN_OR_RETURN(crypto::Point o,
                          DecodeStored(c, "encrypted_orders.obligation_commitment"));
      released[{user, token}] += o;
      counts[{user, token}] += 1;
      const json data{{"order_id", e.order_id},
                      {"status", "cancelled"},
                      {"session_id", session_id},
                      {"reason", e.reason}};
      j.Add(Journal::Audit{"order_excluded", "execution", "medium", user, e.order_id, session_id,
                           JsonText(data)});
      j.Add(Journal::Event{"order", "order_cancelled", user, pair_id, JsonText(data)});
    }
    std::vector<std::pair<int64_t, std::string>> keys;
    for (const auto& [key, _] : released) keys.push_back(key);
    std::vector<AvailableUpdate> updates;
    if (!keys.empty()) {
      PP_ASSIGN_OR_RETURN(std::vector<BalanceRow> rows,
                          ctx_.procs().LockBalances(tx, keys, false, now));
      if (rows.size() != keys.size()) {
        return Status::Corruption("user_balances", "open order without a balance row");
      }
      for (const BalanceRow& b : rows) {
        const std::pair<int64_t, std::string> key{b.user_id, b.token};
        PP_ASSIGN_OR_RETURN(crypto::Point a,
                            DecodeStored(b.available, "user_balances.available_commitment"));
        updates.push_back(AvailableUpdate{b.user_id, b.token, b.available,
                                          EncodePoint(a + released.at(key)), counts.at(key)});
      }
    }
    PP_RETURN_IF_ERROR(ctx_.procs().RecordOpenings(tx, session_id, opened, excluded, updates, now));
    j.Add(Journal::Audit{"session_opened", "execution", "low", std::nullopt, std::nullopt,
                         session_id,
                         JsonText(json{{"session_id", session_id},
                                       {"opened", opened.size()},
                                       {"excluded", excluded.size()}})});
    return Status::Ok();
  });
}

Result<std::vector<OrderOpening>> Coordination::Openings(const Principal& p, int64_t session_id) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kAuditor, Role::kService}, "order_openings"));
  std::vector<OrderOpening> out;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    out.clear();
    PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(R"sql(
        SELECT oo.order_id, oo.matching_session_id, oo.size, oo.limit_price, oo.min_fill,
               oo.opening
          FROM order_openings oo
          JOIN session_orders so ON so.order_id = oo.order_id
         WHERE so.matching_session_id = $1 ORDER BY oo.order_id)sql",
                                              {SqlValue::Int(session_id)}, "order_openings"));
    for (size_t i = 0; i < r.size(); ++i) {
      RowReader row(r, i);
      OrderOpening o;
      o.order_id = row.Int("order_id");
      o.session_id = row.Int("matching_session_id");
      o.size = row.Amount("size");
      o.limit_price = row.OptAmount("limit_price");
      o.min_fill = row.Amount("min_fill");
      o.opening = row.Blob("opening");
      PP_RETURN_IF_ERROR(row.status());
      out.push_back(std::move(o));
    }
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<ExcludedOrder>> Coordination::Excluded(const Principal& p, int64_t session_id) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kAuditor, Role::kService}, "excluded_orders"));
  std::vector<ExcludedOrder> out;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    out.clear();
    PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(R"sql(
        SELECT order_id, matching_session_id, reason, shared_point FROM excluded_orders
         WHERE matching_session_id = $1 ORDER BY order_id)sql",
                                              {SqlValue::Int(session_id)}, "excluded_orders"));
    for (size_t i = 0; i < r.size(); ++i) {
      RowReader row(r, i);
      ExcludedOrder e;
      e.order_id = row.Int("order_id");
      e.session_id = row.Int("matching_session_id");
      e.reason = row.Text("reason");
      if (!row.IsNull("shared_point")) e.shared_point = row.Blob("shared_point");
      PP_RETURN_IF_ERROR(row.status());
      out.push_back(std::move(e));
    }
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<ExecutorNode>> ReadExecutorNodes(SqlTx& tx, std::optional<int64_t> node_id,
                                                    bool with_record) {
  // Responses the executor sent: through the store (executor_responses) or to the
  // coordinator (quorum_responses: valid or not when one came back, missed when none did).
  constexpr const char* kRecord = R"sql(
         (SELECT count(*) FROM executor_responses e
           WHERE e.executor_node_id = n.id AND e.is_valid) +
         (SELECT count(*) FROM quorum_responses q
           WHERE q.executor_node_id = n.id AND q.asked AND q.is_valid) AS valid,
         (SELECT count(*) FROM executor_responses e
           WHERE e.executor_node_id = n.id AND NOT e.is_valid) +
         (SELECT count(*) FROM quorum_responses q
           WHERE q.executor_node_id = n.id AND q.asked AND NOT q.is_valid
             AND q.response IS NOT NULL) AS invalid,
         (SELECT count(*) FROM quorum_responses q
           WHERE q.executor_node_id = n.id AND q.asked AND NOT q.is_valid
             AND q.response IS NULL) AS missed,
         (SELECT count(*) FROM executor_responses e
           WHERE e.executor_node_id = n.id AND e.is_valid IS NULL) AS unchecked)sql";
  constexpr const char* kNoRecord = " 0 AS valid, 0 AS invalid, 0 AS missed, 0 AS unchecked";
  std::string sql = R"sql(
      SELECT n.id, n.node_index, n.share_public_key, n.signing_key, n.endpoint_url, n.status,
             n.last_heartbeat, n.key_epoch,)sql";
  sql += with_record ? kRecord : kNoRecord;
  sql += " FROM executor_nodes n";
  Params params;
  if (node_id) {
    sql += " WHERE n.id = $1";
    params.push_back(SqlValue::Int(*node_id));
  }
  PP_ASSIGN_OR_RETURN(SqlResult r,
                      tx.Query(sql + " ORDER BY n.node_index", params, "executor_nodes"));
  std::vector<ExecutorNode> out;
  out.reserve(r.size());
  for (size_t i = 0; i < r.size(); ++i) {
    RowReader row(r, i);
    ExecutorNode n = ReadNode(row);
    PP_RETURN_IF_ERROR(row.status());
    out.push_back(std::move(n));
  }
  return out;
}

Result<std::vector<ExecutorNode>> Coordination::ListExecutors(const Principal& p) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kAuditor, Role::kService}, "executor_nodes"));
  std::vector<ExecutorNode> out;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(out, ReadExecutorNodes(tx, std::nullopt, true));
    return Status::Ok();
  }));
  return out;
}

Status Coordination::RecordKeySet(const Principal& p, const KeySetRecord& k,
                                  const std::vector<NewExecutorNode>& executors) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kService}, "key_sets"));
  if (k.key_epoch == 0) return Status::InvalidArgument("key_sets.key_epoch", "must be positive");
  if (k.threshold < 1 || k.participants < k.threshold || k.participants > 255) {
    return Status::InvalidArgument("key_sets.threshold", "need 1 <= t <= n <= 255");
  }
  PP_RETURN_IF_ERROR(ValidateBytes(k.joint_public_key, 32, 32, "key_sets.joint_public_key"));
  PP_RETURN_IF_ERROR(ValidateBytes(k.public_key_set, 1, 65536, "key_sets.public_key_set"));
  if (executors.size() != static_cast<size_t>(k.participants)) {
    return Status::InvalidArgument("executor_nodes", "one executor per participant");
  }
  for (size_t i = 0; i < executors.size(); ++i) {
    const NewExecutorNode& n = executors[i];
    const std::string field = "executor_nodes[" + std::to_string(i) + "]";
    if (n.node_index < 1 || n.node_index > 255) {
      return Status::InvalidArgument(field + ".node_index", "must be 1..255");
    }
    PP_RETURN_IF_ERROR(ValidateBytes(n.share_public_key, 32, 32, field + ".share_public_key"));
    PP_RETURN_IF_ERROR(ValidateBytes(n.signing_key, 32, 32, field + ".signing_key"));
    const std::string& url = n.endpoint_url;
    if (url.size() > 2048 || !(url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0)) {
      return Status::InvalidArgument(field + ".endpoint_url", "must be an http(s) URL");
    }
  }
  return ctx_.Write(p, [&](SqlTx& tx, Journal& j, int64_t now) -> Status {
    PP_ASSIGN_OR_RETURN(SqlResult e, tx.Query("SELECT key_epoch FROM key_sets WHERE key_epoch = $1",
                                              {SqlValue::Int(k.key_epoch)}, "key_sets"));
    if (!e.empty()) {
      return Status::AlreadyExists("key_sets.key_epoch",
                                   "key epoch " + std::to_string(k.key_epoch) + " is recorded");
    }
    PP_RETURN_IF_ERROR(tx.Query(R"sql(
        INSERT INTO key_sets (key_epoch, threshold, participants, joint_public_key,
                              public_key_set, created_at)
        VALUES ($1, $2, $3, $4, $5, $6))sql",
                                {SqlValue::Int(k.key_epoch), SqlValue::Int(k.threshold),
                                 SqlValue::Int(k.participants), SqlValue::Blob(k.joint_public_key),
                                 SqlValue::Blob(k.public_key_set), SqlValue::Int(now)},
                                "key_sets")
                           .status());
    for (const NewExecutorNode& n : executors) {
      PP_ASSIGN_OR_RETURN(
          SqlResult u, tx.Query(R"sql(
          UPDATE executor_nodes SET share_public_key = $1, signing_key = $2, endpoint_url = $3,
                 key_epoch = $4, updated_at = $5
           WHERE node_index = $6)sql",
                                {SqlValue::Blob(n.share_public_key), SqlValue::Blob(n.signing_key),
                                 SqlValue::Text(n.endpoint_url), SqlValue::Int(k.key_epoch),
                                 SqlValue::Int(now), SqlValue::Int(n.node_index)},
                                "executor_nodes"));
      if (u.affected == 0) {
        PP_RETURN_IF_ERROR(
            tx.Query(R"sql(
            INSERT INTO executor_nodes (node_index, share_public_key, signing_key, endpoint_url,
                                        status, key_epoch, created_at, updated_at)
            VALUES ($1, $2, $3, $4, 'offline', $5, $6, $6))sql",
                     {SqlValue::Int(n.node_index), SqlValue::Blob(n.share_public_key),
                      SqlValue::Blob(n.signing_key), SqlValue::Text(n.endpoint_url),
                      SqlValue::Int(k.key_epoch), SqlValue::Int(now)},
                     "executor_nodes")
                .status());
      }
    }
    j.Add(Journal::Audit{"key_set_recorded", "admin", "high", std::nullopt, std::nullopt,
                         std::nullopt,
                         JsonText(json{{"key_epoch", k.key_epoch},
                                       {"threshold", k.threshold},
                                       {"participants", k.participants},
                                       {"joint_public_key", ToHex(k.joint_public_key)}})});
    return Status::Ok();
  });
}

Result<std::optional<KeySetRecord>> Coordination::CurrentKeySet(const Principal& p) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kAuditor, Role::kService}, "key_sets"));
  std::optional<KeySetRecord> out;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    out.reset();
    PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(R"sql(
        SELECT key_epoch, threshold, participants, joint_public_key, public_key_set, created_at
          FROM key_sets ORDER BY key_epoch DESC LIMIT 1)sql",
                                              {}, "key_sets"));
    if (r.empty()) return Status::Ok();
    RowReader row(r, 0);
    KeySetRecord k;
    k.key_epoch = static_cast<uint32_t>(row.Int("key_epoch"));
    k.threshold = static_cast<int32_t>(row.Int("threshold"));
    k.participants = static_cast<int32_t>(row.Int("participants"));
    k.joint_public_key = row.Blob("joint_public_key");
    k.public_key_set = row.Blob("public_key_set");
    k.created_at = row.Int("created_at");
    PP_RETURN_IF_ERROR(row.status());
    out = std::move(k);
    return Status::Ok();
  }));
  return out;
}

}  // namespace phantompool::store::internal
