// StoreCore: orders — submit, read, cancel, expire.
#include <map>
#include <nlohmann/json.hpp>

#include "commitments.h"
#include "store_core.h"
#include "validation.h"

namespace phantompool::store::internal {

using nlohmann::json;

namespace {

constexpr const char* kOrderColumns =
    "id, user_id, trading_pair_id, side, order_type, validity, expires_at, format_version, "
    "ciphertexts, commitments, proof_bundle, signature, nonce, obligation_token, "
    "obligation_commitment, status, min_fill_amount, filled_amount, remaining_amount, "
    "matching_session_id, created_at, updated_at";

template <typename T>
T Must(Result<T> r) {
  if (!r.ok()) Fail(Status::Corruption(r.status().field(), "unknown stored value"));
  return std::move(r).value();
}

Order RowToOrder(const SqlRow& row) {
  Order o;
  o.id = row.Int(0);
  o.user_id = row.Int(1);
  o.trading_pair_id = row.Int(2);
  o.side = Must(ParseSide(row.Text(3), "encrypted_orders.side"));
  o.order_type = Must(ParseOrderType(row.Text(4), "encrypted_orders.order_type"));
  o.validity = Must(ParseValidity(row.Text(5), "encrypted_orders.validity"));
  o.expires_at = row.OptInt(6);
  o.format_version = static_cast<uint16_t>(row.Int(7));
  o.ciphertexts = row.Blob(8);
  o.commitments = row.Blob(9);
  o.proof_bundle = row.Blob(10);
  o.signature = row.Blob(11);
  o.nonce = row.Blob(12);
  o.obligation_token = row.Text(13);
  o.obligation_commitment = row.Commit(14);
  o.status = Must(ParseOrderStatus(row.Text(15), "encrypted_orders.status"));
  o.min_fill_amount = row.OptAmount(16);
  o.filled_amount = row.OptAmount(17);
  o.remaining_amount = row.OptAmount(18);
  o.matching_session_id = row.OptInt(19);
  o.created_at = row.Int(20);
  o.updated_at = row.Int(21);
  return o;
}

}  // namespace

Result<Order> StoreCore::GetOrder(const Principal& p, int64_t order_id) {
  Order out;
  PP_RETURN_IF_ERROR(Read(p, [&](SqlTx& tx) {
    std::string sql =
        std::string("SELECT ") + kOrderColumns + " FROM encrypted_orders WHERE id = $1";
    Params params{SqlValue::Int(order_id)};
    switch (p.role) {
      case Role::kTrader:  // another trader's order does not exist for this one
        sql += " AND user_id = $2";
        params.push_back(SqlValue::Int(p.user_id));
        break;
      case Role::kExecutor:  // executors see frozen batches only
        sql += " AND matching_session_id IS NOT NULL";
        break;
      case Role::kAuditor:
      case Role::kService:
        break;
    }
    SqlResult r = tx.Query(sql, params, "encrypted_orders");
    if (r.empty())
      Fail(Status::NotFound("encrypted_orders.id", "no order " + std::to_string(order_id)));
    out = RowToOrder(r.Row(0));
  }));
  return out;
}

Result<std::vector<Order>> StoreCore::ListOrders(const Principal& p, const OrderQuery& q) {
  std::vector<Order> out;
  PP_RETURN_IF_ERROR(Read(p, [&](SqlTx& tx) {
    RequireSelfOr(p, q.user_id, {Role::kAuditor, Role::kService}, "encrypted_orders");
    if (q.limit < 1 || q.limit > 1000) Fail(Status::InvalidArgument("limit", "must be 1..1000"));
    std::string sql = std::string("SELECT ") + kOrderColumns +
                      " FROM encrypted_orders WHERE user_id = $1 AND id > $2";
    Params params{SqlValue::Int(q.user_id), SqlValue::Int(q.after_id), SqlValue::Int(q.limit)};
    if (q.status) {
      sql += " AND status = $4";
      params.push_back(SqlValue::Text(Name(*q.status)));
    }
    sql += " ORDER BY id LIMIT $3";
    SqlResult r = tx.Query(sql, params, "encrypted_orders");
    for (size_t i = 0; i < r.size(); ++i) out.push_back(RowToOrder(r.Row(i)));
  }));
  return out;
}

Status StoreCore::CancelOrder(const Principal& p, int64_t user_id, int64_t order_id) {
  return Write(p, [&](SqlTx& tx, Journal& j) {
    RequireRole(p, {Role::kService}, "encrypted_orders");
    SqlResult r = tx.Query(
        "SELECT user_id, status, matching_session_id, obligation_token, obligation_commitment, "
        "trading_pair_id FROM encrypted_orders WHERE id = $1" +
            std::string(tx.ForUpdate()),
        {SqlValue::Int(order_id)}, "encrypted_orders");
    if (r.empty() || r.Row(0).Int(0) != user_id) {
      Fail(Status::NotFound("encrypted_orders.id",
                            "no order " + std::to_string(order_id) + " of this user"));
    }
    const SqlRow row = r.Row(0);
    const std::string status = row.Text(1);
    if ((status != "active" && status != "partially_filled") || !row.IsNull(2)) {
      Fail(Status::FailedPrecondition("encrypted_orders.status", "order is " + status));
    }
    const std::string token = row.Text(3);
    const BalanceRow bal = LockBalance(tx, user_id, token);
    if (!bal.exists) Fail(Status::Corruption("user_balances", "open order without a balance row"));
    LockedUpdate u{user_id, token, bal.locked, {}, {}, -1};
    u.new_locked = SubCommitments(bal.locked, row.Commit(4), "obligation_commitment");
    u.new_available = SubCommitments(bal.balance_commitment, u.new_locked, "locked", true);
    ProcCancelOrder(tx, user_id, order_id, u);
    const json data{{"order_id", order_id}, {"status", "cancelled"}};
    j.Add(Journal::Audit{"order_cancelled", "order", "low", user_id, order_id, std::nullopt,
                         data.dump()});
    j.Add(Journal::Event{"order", "order_cancelled", user_id, row.Int(5), data.dump()});
  });
}

Result<int64_t> StoreCore::CleanupExpiredOrders(const Principal& p) {
  int64_t count = 0;
  PP_RETURN_IF_ERROR(Write(p, [&](SqlTx& tx, Journal& j) {
    RequireRole(p, {Role::kService}, "encrypted_orders");
    const int64_t now = Now();
    SqlResult r = tx.Query(
        "SELECT id, user_id, obligation_token, obligation_commitment, trading_pair_id "
        "FROM encrypted_orders WHERE status IN ('active', 'partially_filled') "
        "AND matching_session_id IS NULL AND expires_at IS NOT NULL AND expires_at <= $1 "
        "ORDER BY id" +
            std::string(tx.ForUpdate()),
        {SqlValue::Int(now)}, "encrypted_orders");
    if (r.empty()) return;
    std::vector<int64_t> ids;
    std::map<std::pair<int64_t, std::string>, std::vector<Commitment>> released;
    for (size_t i = 0; i < r.size(); ++i) {
      const SqlRow row = r.Row(i);
      ids.push_back(row.Int(0));
      released[{row.Int(1), row.Text(2)}].push_back(row.Commit(3));
      const json data{{"order_id", row.Int(0)}, {"status", "expired"}};
      j.Add(Journal::Event{"order", "order_expired", row.Int(1), row.Int(4), data.dump()});
    }
    std::vector<LockedUpdate> updates;
    for (const auto& [key, commits] : released) {  // sorted: a fixed lock order
      const BalanceRow bal = LockBalance(tx, key.first, key.second);
      if (!bal.exists)
        Fail(Status::Corruption("user_balances", "open order without a balance row"));
      LockedUpdate u{key.first,  key.second, bal.locked,
                     bal.locked, {},         -static_cast<int64_t>(commits.size())};
      for (const Commitment& c : commits) {
        u.new_locked = SubCommitments(u.new_locked, c, "obligation_commitment");
      }
      u.new_available = SubCommitments(bal.balance_commitment, u.new_locked, "locked", true);
      updates.push_back(std::move(u));
    }
    ProcCleanupExpired(tx, ids, updates);
    count = static_cast<int64_t>(ids.size());
    j.Add(Journal::Audit{"orders_expired", "order", "low", std::nullopt, std::nullopt, std::nullopt,
                         json{{"count", count}, {"order_ids", ids}}.dump()});
  }));
  return count;
}

}  // namespace phantompool::store::internal
