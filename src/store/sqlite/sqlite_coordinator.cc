// The SQLite twins of record_session_draw and record_session_openings (migration 005): the
// coordinator's writes to a frozen session, with the same checks.
#include "sqlite/sqlite_procs.h"

namespace phantompool::store::internal {

Status SqliteProcedures::RecordSessionDraw(SqlTx& tx, const SessionDraw& d, int64_t) {
  PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(R"sql(
      SELECT status, batch_digest, vrf_seed, previous_vrf_output, key_epoch
        FROM matching_sessions WHERE id = $1)sql",
                                            {SqlValue::Int(d.session_id)}, "matching_sessions"));
  if (r.empty()) return Status::NotFound("matching_sessions.id", "no such session");
  RowReader row(r, 0);
  const std::string status = row.Text("status");
  const bool recorded = !row.IsNull("batch_digest");
  PP_RETURN_IF_ERROR(row.status());
  if (status != "frozen") {
    return Status::FailedPrecondition("matching_sessions.status", "session is " + status);
  }
  if (recorded) {
    const bool same = row.Blob("batch_digest") == d.batch_digest &&
                      row.Blob("vrf_seed") == d.vrf_seed &&
                      row.Blob("previous_vrf_output") == d.previous_vrf_output &&
                      row.Int("key_epoch") == static_cast<int64_t>(d.key_epoch);
    PP_RETURN_IF_ERROR(row.status());
    if (!same) {
      return Status::Conflict("matching_sessions.batch_digest",
                              "the session's draw is already recorded, differently");
    }
    return Status::Ok();
  }
  return tx
      .Query(R"sql(
      UPDATE matching_sessions SET batch_digest = $1, vrf_seed = $2, previous_vrf_output = $3,
             key_epoch = $4
       WHERE id = $5 AND status = 'frozen')sql",
             {SqlValue::Blob(d.batch_digest), SqlValue::Blob(d.vrf_seed),
              SqlValue::Blob(d.previous_vrf_output), SqlValue::Int(d.key_epoch),
              SqlValue::Int(d.session_id)},
             "matching_sessions")
      .status();
}

Status SqliteProcedures::RecordOpenings(SqlTx& tx, int64_t session_id,
                                        std::span<const OrderOpening> opened,
                                        std::span<const ExcludedOrder> excluded,
                                        std::span<const AvailableUpdate> updates, int64_t now) {
  PP_ASSIGN_OR_RETURN(SqlResult s, tx.Query("SELECT status FROM matching_sessions WHERE id = $1",
                                            {SqlValue::Int(session_id)}, "matching_sessions"));
  if (s.empty()) return Status::NotFound("matching_sessions.id", "no such session");
  RowReader srow(s, 0);
  const std::string status = srow.Text("status");
  PP_RETURN_IF_ERROR(srow.status());
  if (status != "frozen") {
    return Status::FailedPrecondition("matching_sessions.status", "session is " + status);
  }
  auto in_session = [&](int64_t order_id, const char* field) -> Status {
    PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(R"sql(
        SELECT 1 AS ok FROM encrypted_orders
         WHERE id = $1 AND matching_session_id = $2 AND status = 'matching')sql",
                                              {SqlValue::Int(order_id), SqlValue::Int(session_id)},
                                              "encrypted_orders"));
    if (r.empty()) return Status::FailedPrecondition(field, "not an order of this frozen session");
    return Status::Ok();
  };
  for (const OrderOpening& o : opened) {
    PP_RETURN_IF_ERROR(in_session(o.order_id, "order_openings.order_id"));
    PP_RETURN_IF_ERROR(
        tx.Query(R"sql(
        INSERT INTO order_openings (order_id, matching_session_id, size, limit_price, min_fill,
                                    opening, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7))sql",
                 {SqlValue::Int(o.order_id), SqlValue::Int(session_id), SqlValue::Amount(o.size),
                  o.limit_price ? SqlValue::Amount(*o.limit_price) : SqlValue::Null(),
                  SqlValue::Amount(o.min_fill), SqlValue::Blob(o.opening), SqlValue::Int(now)},
                 "order_openings")
            .status());
  }
  for (const AvailableUpdate& u : updates) {
    PP_RETURN_IF_ERROR(
        CasAvailable(tx, u.user_id, u.token, u.expected_available, u.new_available, -u.count, now));
  }
  for (const ExcludedOrder& e : excluded) {
    PP_RETURN_IF_ERROR(in_session(e.order_id, "excluded_orders.order_id"));
    PP_RETURN_IF_ERROR(
        tx.Query("UPDATE encrypted_orders SET status = 'cancelled', updated_at = $1 WHERE id = $2",
                 {SqlValue::Int(now), SqlValue::Int(e.order_id)}, "encrypted_orders")
            .status());
    PP_RETURN_IF_ERROR(
        tx.Query(R"sql(
        INSERT INTO excluded_orders (order_id, matching_session_id, reason, shared_point,
                                     created_at)
        VALUES ($1, $2, $3, $4, $5))sql",
                 {SqlValue::Int(e.order_id), SqlValue::Int(session_id), SqlValue::Text(e.reason),
                  e.shared_point ? SqlValue::Blob(*e.shared_point) : SqlValue::Null(),
                  SqlValue::Int(now)},
                 "excluded_orders")
            .status());
  }
  return Status::Ok();
}

}  // namespace phantompool::store::internal
