// The SQLite twins of submit_encrypted_orders, cancel_encrypted_order and
// cleanup_expired_orders (migrations/postgres/003_functions.sql): the same checks in the same
// order, the same compare-and-set on the available commitment, the same journal entries.
#include <nlohmann/json.hpp>

#include "json_text.h"
#include "sqlite/sqlite_procs.h"

namespace phantompool::store::internal {

using nlohmann::json;

Result<std::vector<SubmitOutcome>> SqliteProcedures::SubmitOrders(
    SqlTx& tx, std::span<const PreparedOrder> orders, Journal& journal, int64_t now) {
  std::vector<SubmitOutcome> out;
  for (const PreparedOrder& o : orders) {
    SubmitOutcome& result = out.emplace_back();
    // The checks of pp_try_submit_order (migration 003), in its order.
    PP_ASSIGN_OR_RETURN(SqlResult u,
                        tx.Query("SELECT is_active, kyc_status FROM users WHERE id = $1",
                                 {SqlValue::Int(o.user_id)}, "users"));
    if (u.empty()) {
      result.status = Status::NotFound("users.id", "no user " + std::to_string(o.user_id));
      continue;
    }
    RowReader user(u, 0);
    const bool active = user.Bool("is_active");
    const std::string kyc = user.Text("kyc_status");
    PP_RETURN_IF_ERROR(user.status());
    if (!active) {
      result.status = Status::FailedPrecondition("users.is_active", "user is not active");
      continue;
    }
    if (kyc != "verified") {
      result.status = Status::FailedPrecondition("users.kyc_status", "KYC is " + kyc);
      continue;
    }
    PP_ASSIGN_OR_RETURN(SqlResult pr,
                        tx.Query("SELECT is_active FROM trading_pairs WHERE id = $1",
                                 {SqlValue::Int(o.trading_pair_id)}, "trading_pairs"));
    if (pr.empty()) {
      result.status = Status::NotFound("trading_pairs.id", "no trading pair");
      continue;
    }
    RowReader pair(pr, 0);
    const bool pair_active = pair.Bool("is_active");
    PP_RETURN_IF_ERROR(pair.status());
    if (!pair_active) {
      result.status = Status::FailedPrecondition("trading_pairs.is_active", "pair is not active");
      continue;
    }
    if (o.expires_at && *o.expires_at <= now) {
      result.status =
          Status::InvalidArgument("encrypted_orders.expires_at", "must lie in the future");
      continue;
    }
    PP_ASSIGN_OR_RETURN(
        SqlResult dup,
        tx.Query("SELECT 1 AS used FROM encrypted_orders WHERE user_id = $1 AND nonce = $2",
                 {SqlValue::Int(o.user_id), SqlValue::Blob(o.nonce)}, "encrypted_orders"));
    if (!dup.empty()) {
      result.status = Status::AlreadyExists("encrypted_orders.nonce", "nonce already used");
      continue;
    }
    PP_ASSIGN_OR_RETURN(
        SqlResult cas,
        tx.Query(R"sql(
        UPDATE user_balances SET available_commitment = $1,
               open_obligations = open_obligations + 1, updated_at = $2
         WHERE user_id = $3 AND token = $4 AND available_commitment = $5)sql",
                 {SqlValue::Blob(o.new_available), SqlValue::Int(now), SqlValue::Int(o.user_id),
                  SqlValue::Text(o.obligation_token), SqlValue::Blob(o.expected_available)},
                 "user_balances"));
    if (cas.affected != 1) {
      PP_ASSIGN_OR_RETURN(
          SqlResult row,
          tx.Query("SELECT 1 AS present FROM user_balances WHERE user_id = $1 AND token = $2",
                   {SqlValue::Int(o.user_id), SqlValue::Text(o.obligation_token)},
                   "user_balances"));
      result.status =
          row.empty()
              ? Status::InsufficientFunds("user_balances.balance",
                                          "no balance in " + o.obligation_token)
              : Status::Conflict(
                    "user_balances.available_commitment",
                    "changed since the solvency proof was made; prove against the current one");
      continue;
    }
    PP_ASSIGN_OR_RETURN(
        SqlResult ins,
        tx.Query(
            R"sql(
        INSERT INTO encrypted_orders (user_id, trading_pair_id, order_type, side, validity,
                                      expires_at, nonce, encrypted_order, obligation_token,
                                      obligation_commitment, status, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'active', $11, $11) RETURNING id)sql",
            {SqlValue::Int(o.user_id), SqlValue::Int(o.trading_pair_id),
             SqlValue::Text(order::OrderTypeName(o.type)), SqlValue::Text(order::SideName(o.side)),
             SqlValue::Text(order::ValidityName(o.validity)), SqlValue::Opt(o.expires_at),
             SqlValue::Blob(o.nonce), SqlValue::Blob(o.encrypted_order),
             SqlValue::Text(o.obligation_token), SqlValue::Blob(o.obligation), SqlValue::Int(now)},
            "encrypted_orders"));
    RowReader id(ins, 0);
    result.order_id = id.Int("id");
    PP_RETURN_IF_ERROR(id.status());
    const std::string data = JsonText(json{{"order_id", result.order_id},
                                           {"trading_pair_id", o.trading_pair_id},
                                           {"side", order::SideName(o.side)},
                                           {"order_type", order::OrderTypeName(o.type)},
                                           {"validity", order::ValidityName(o.validity)}});
    journal.Add(Journal::Audit{"order_submitted", "order", "low", o.user_id, result.order_id,
                               std::nullopt, data});
    journal.Add(Journal::Event{"order", "order_accepted", o.user_id, o.trading_pair_id, data});
  }
  return out;
}

Status SqliteProcedures::CancelOrder(SqlTx& tx, int64_t user_id, int64_t order_id,
                                     const Commitment& expected_available,
                                     const Commitment& new_available, int64_t now) {
  PP_ASSIGN_OR_RETURN(
      SqlResult r, tx.Query(R"sql(
      SELECT obligation_token FROM encrypted_orders
       WHERE id = $1 AND user_id = $2 AND status IN ('active', 'partially_filled'))sql",
                            {SqlValue::Int(order_id), SqlValue::Int(user_id)}, "encrypted_orders"));
  if (r.empty())
    return Status::FailedPrecondition("encrypted_orders.status", "order is not waiting");
  RowReader row(r, 0);
  const std::string token = row.Text("obligation_token");
  PP_RETURN_IF_ERROR(row.status());
  PP_RETURN_IF_ERROR(CasAvailable(tx, user_id, token, expected_available, new_available, -1, now));
  return tx
      .Query("UPDATE encrypted_orders SET status = 'cancelled', updated_at = $1 WHERE id = $2",
             {SqlValue::Int(now), SqlValue::Int(order_id)}, "encrypted_orders")
      .status();
}

Status SqliteProcedures::ExpireOrders(SqlTx& tx, std::span<const int64_t> order_ids,
                                      std::span<const AvailableUpdate> updates, int64_t now) {
  for (const AvailableUpdate& u : updates) {
    PP_RETURN_IF_ERROR(
        CasAvailable(tx, u.user_id, u.token, u.expected_available, u.new_available, -u.count, now));
  }
  for (int64_t id : order_ids) {
    PP_ASSIGN_OR_RETURN(SqlResult r,
                        tx.Query(R"sql(
        UPDATE encrypted_orders SET status = 'expired', updated_at = $1
         WHERE id = $2 AND status IN ('active', 'partially_filled') AND expires_at <= $1)sql",
                                 {SqlValue::Int(now), SqlValue::Int(id)}, "encrypted_orders"));
    if (r.affected != 1) {
      return Status::Conflict("encrypted_orders.expires_at", "expired set changed");
    }
  }
  return Status::Ok();
}

}  // namespace phantompool::store::internal
