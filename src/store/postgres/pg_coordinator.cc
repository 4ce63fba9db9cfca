// The coordinator's writes on PostgreSQL: calls of record_session_draw and
// record_session_openings (migration 005), which re-check their own invariants.
#include <nlohmann/json.hpp>

#include "json_text.h"
#include "phantompool/common/hex.h"
#include "postgres/pg_procs.h"

namespace phantompool::store::internal {

using nlohmann::json;

Status PgProcedures::RecordSessionDraw(SqlTx& tx, const SessionDraw& d, int64_t now) {
  return tx
      .Query(
          "SELECT record_session_draw($1, $2, $3, $4, $5, $6) AS done",
          {SqlValue::Int(d.session_id), SqlValue::Blob(d.batch_digest), SqlValue::Blob(d.vrf_seed),
           SqlValue::Blob(d.previous_vrf_output), SqlValue::Int(d.key_epoch), SqlValue::Int(now)},
          "matching_sessions")
      .status();
}

Status PgProcedures::RecordOpenings(SqlTx& tx, int64_t session_id,
                                    std::span<const OrderOpening> opened,
                                    std::span<const ExcludedOrder> excluded,
                                    std::span<const AvailableUpdate> updates, int64_t now) {
  json o = json::array(), e = json::array(), b = json::array();
  for (const OrderOpening& x : opened) {
    o.push_back({{"order_id", x.order_id},
                 {"size", x.size},
                 {"limit_price", x.limit_price ? json(*x.limit_price) : json(nullptr)},
                 {"min_fill", x.min_fill},
                 {"opening", ToHex(x.opening)}});
  }
  for (const ExcludedOrder& x : excluded) {
    e.push_back({{"order_id", x.order_id},
                 {"reason", x.reason},
                 {"shared_point", x.shared_point ? json(ToHex(*x.shared_point)) : json(nullptr)}});
  }
  for (const AvailableUpdate& u : updates) {
    b.push_back({{"user_id", u.user_id},
                 {"token", u.token},
                 {"expected_available", ToHex(u.expected_available)},
                 {"new_available", ToHex(u.new_available)},
                 {"count", u.count}});
  }
  return tx
      .Query("SELECT record_session_openings($1, $2::json, $3::json, $4::json, $5) AS done",
             {SqlValue::Int(session_id), SqlValue::Text(JsonText(o)), SqlValue::Text(JsonText(e)),
              SqlValue::Text(JsonText(b)), SqlValue::Int(now)},
             "order_openings")
      .status();
}

}  // namespace phantompool::store::internal
