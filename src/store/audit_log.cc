#include "audit_log.h"

#include "access.h"
#include "validation.h"

namespace phantompool::store::internal {
namespace {

constexpr int32_t kVerifyPage = 2000;

Result<std::vector<AuditEntry>> ReadPage(SqlTx& tx, int64_t after_id, int32_t limit) {
  PP_ASSIGN_OR_RETURN(SqlResult r,
                      tx.Query(R"sql(
      SELECT id, event_type, event_category, user_id, order_id, matching_session_id, event_data,
             risk_level, created_at, prev_hash, entry_hash
        FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2)sql",
                               {SqlValue::Int(after_id), SqlValue::Int(limit)}, "audit_log"));
  std::vector<AuditEntry> out;
  out.reserve(r.size());
  for (size_t i = 0; i < r.size(); ++i) {
    RowReader row(r, i);
    AuditEntry e;
    e.id = row.Int("id");
    e.event_type = row.Text("event_type");
    e.event_category = row.Text("event_category");
    e.user_id = row.OptInt("user_id");
    e.order_id = row.OptInt("order_id");
    e.matching_session_id = row.OptInt("matching_session_id");
    e.event_data = row.Text("event_data");
    e.risk_level = row.Text("risk_level");
    e.created_at = row.Int("created_at");
    e.prev_hash = row.Blob("prev_hash");
    e.entry_hash = row.Blob("entry_hash");
    PP_RETURN_IF_ERROR(row.status());
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

Result<std::vector<AuditEntry>> AuditLog::Read(const Principal& p, int64_t after_id,
                                               int32_t limit) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kAuditor, Role::kService}, "audit_log"));
  PP_RETURN_IF_ERROR(ValidateLimit(limit, 10000, "limit"));
  std::vector<AuditEntry> out;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(out, ReadPage(tx, after_id, limit));
    return Status::Ok();
  }));
  return out;
}

Result<AuditVerifyReport> AuditLog::Verify(const Principal& p,
                                           const std::optional<AuditAnchor>& anchor) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kAuditor, Role::kService}, "audit_log"));
  if (anchor && (anchor->entries < 0 || anchor->head_hash.size() != 32)) {
    return Status::InvalidArgument("anchor", "needs entries >= 0 and a 32-byte head hash");
  }
  AuditVerifyReport report;
  // One snapshot for the whole walk, so concurrent appends cannot look like a break.
  PP_RETURN_IF_ERROR(ctx_.db().Run(&p, Access::kSnapshot, [&](SqlTx& tx) -> Status {
    ChainVerifier verifier(anchor);
    int64_t after = 0;
    bool intact = true;
    for (;;) {
      // Rows come in id order; a gap or a duplicate shows up as a break in the sequence.
      PP_ASSIGN_OR_RETURN(std::vector<AuditEntry> page, ReadPage(tx, after, kVerifyPage));
      for (const AuditEntry& e : page) {
        intact = verifier.Feed(e);
        if (!intact) break;
        after = e.id;
      }
      if (!intact || page.size() < static_cast<size_t>(kVerifyPage)) break;
    }
    PP_ASSIGN_OR_RETURN(
        SqlResult h,
        tx.Query("SELECT audit_seq, audit_hash FROM chain_head WHERE id = 1", {}, "chain_head"));
    if (h.empty()) return Status::Corruption("chain_head", "missing");
    RowReader head(h, 0);
    const int64_t seq = head.Int("audit_seq");
    const Bytes hash = head.Blob("audit_hash");
    PP_RETURN_IF_ERROR(head.status());
    verifier.Finish(seq, hash);
    report = verifier.report();
    return Status::Ok();
  }));
  return report;
}

Result<std::vector<OutboxEvent>> AuditLog::Events(const Principal& p, int64_t after_id,
                                                  int32_t limit) {
  PP_RETURN_IF_ERROR(
      RequireRole(p, {Role::kTrader, Role::kAuditor, Role::kService}, "event_outbox"));
  PP_RETURN_IF_ERROR(ValidateLimit(limit, 10000, "limit"));
  std::vector<OutboxEvent> out;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    out.clear();
    std::string sql = R"sql(
        SELECT id, topic, event_type, user_id, trading_pair_id, payload, created_at
          FROM event_outbox WHERE id > $1)sql";
    Params params{SqlValue::Int(after_id), SqlValue::Int(limit)};
    if (p.role == Role::kTrader) {  // public events and its own
      sql += " AND (user_id IS NULL OR user_id = $3)";
      params.push_back(SqlValue::Int(p.user_id));
    }
    PP_ASSIGN_OR_RETURN(SqlResult r,
                        tx.Query(sql + " ORDER BY id LIMIT $2", params, "event_outbox"));
    for (size_t i = 0; i < r.size(); ++i) {
      RowReader row(r, i);
      OutboxEvent e;
      e.id = row.Int("id");
      e.topic = row.Text("topic");
      e.event_type = row.Text("event_type");
      e.user_id = row.OptInt("user_id");
      e.trading_pair_id = row.OptInt("trading_pair_id");
      e.payload = row.Text("payload");
      e.created_at = row.Int("created_at");
      PP_RETURN_IF_ERROR(row.status());
      out.push_back(std::move(e));
    }
    return Status::Ok();
  }));
  return out;
}

}  // namespace phantompool::store::internal
