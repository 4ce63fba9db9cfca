// StoreCore: reading and verifying the audit chain, reading the outbox.
#include "store_core.h"

namespace phantompool::store::internal {
namespace {

constexpr int32_t kVerifyPage = 2000;

std::vector<AuditEntry> ReadAuditPage(SqlTx& tx, int64_t after_id, int32_t limit) {
  SqlResult r = tx.Query(
      "SELECT id, event_type, event_category, user_id, order_id, matching_session_id, event_data, "
      "risk_level, created_at, prev_hash, entry_hash FROM audit_log WHERE id > $1 ORDER BY id "
      "LIMIT $2",
      {SqlValue::Int(after_id), SqlValue::Int(limit)}, "audit_log");
  std::vector<AuditEntry> out;
  out.reserve(r.size());
  for (size_t i = 0; i < r.size(); ++i) {
    const SqlRow row = r.Row(i);
    AuditEntry e;
    e.id = row.Int(0);
    e.event_type = row.Text(1);
    e.event_category = row.Text(2);
    e.user_id = row.OptInt(3);
    e.order_id = row.OptInt(4);
    e.matching_session_id = row.OptInt(5);
    e.event_data = row.Text(6);
    e.risk_level = row.Text(7);
    e.created_at = row.Int(8);
    e.prev_hash = row.Blob(9);
    e.entry_hash = row.Blob(10);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

Result<std::vector<AuditEntry>> StoreCore::ReadAudit(const Principal& p, int64_t after_id,
                                                     int32_t limit) {
  std::vector<AuditEntry> out;
  PP_RETURN_IF_ERROR(Read(p, [&](SqlTx& tx) {
    RequireRole(p, {Role::kAuditor, Role::kService}, "audit_log");
    if (limit < 1 || limit > 10000) Fail(Status::InvalidArgument("limit", "must be 1..10000"));
    out = ReadAuditPage(tx, after_id, limit);
  }));
  return out;
}

Result<AuditVerifyReport> StoreCore::VerifyAudit(const Principal& p) {
  ChainVerifier verifier;
  // One snapshot for the whole walk, so concurrent appends cannot look like a break.
  PP_RETURN_IF_ERROR(RunTx(&p, Access::kSnapshot, [&](SqlTx& tx) {
    RequireRole(p, {Role::kAuditor, Role::kService}, "audit_log");
    int64_t after = 0;
    for (;;) {
      // Rows come in id order; a gap or a duplicate shows up as a break in the sequence.
      std::vector<AuditEntry> page = ReadAuditPage(tx, after, kVerifyPage);
      for (const AuditEntry& e : page) {
        if (!verifier.Feed(e)) return;
        after = e.id;
      }
      if (page.size() < static_cast<size_t>(kVerifyPage)) break;
    }
    SqlResult h =
        tx.Query("SELECT audit_seq, audit_hash FROM chain_head WHERE id = 1", {}, "chain_head");
    if (h.empty()) Fail(Status::Corruption("chain_head", "missing"));
    verifier.Finish(h.Row(0).Int(0), h.Row(0).Blob(1));
  }));
  return verifier.report();
}

Result<std::vector<OutboxEvent>> StoreCore::ReadEvents(const Principal& p, int64_t after_id,
                                                       int32_t limit) {
  std::vector<OutboxEvent> out;
  PP_RETURN_IF_ERROR(Read(p, [&](SqlTx& tx) {
    if (limit < 1 || limit > 10000) Fail(Status::InvalidArgument("limit", "must be 1..10000"));
    std::string sql =
        "SELECT id, topic, event_type, user_id, trading_pair_id, payload, created_at FROM "
        "event_outbox "
        "WHERE id > $1";
    Params params{SqlValue::Int(after_id), SqlValue::Int(limit)};
    switch (p.role) {
      case Role::kTrader:  // public events and its own
        sql += " AND (user_id IS NULL OR user_id = $3)";
        params.push_back(SqlValue::Int(p.user_id));
        break;
      case Role::kExecutor:
        Fail(Status::PermissionDenied("event_outbox", "executor may not do this"));
      case Role::kAuditor:
      case Role::kService:
        break;
    }
    SqlResult r = tx.Query(sql + " ORDER BY id LIMIT $2", params, "event_outbox");
    for (size_t i = 0; i < r.size(); ++i) {
      const SqlRow row = r.Row(i);
      OutboxEvent e;
      e.id = row.Int(0);
      e.topic = row.Text(1);
      e.event_type = row.Text(2);
      e.user_id = row.OptInt(3);
      e.trading_pair_id = row.OptInt(4);
      e.payload = row.Text(5);
      e.created_at = row.Int(6);
      out.push_back(std::move(e));
    }
  }));
  return out;
}

}  // namespace phantompool::store::internal
