#include "order_book.h"

#include <map>
#include <nlohmann/json.hpp>

#include "access.h"
#include "commitments.h"
#include "json_text.h"
#include "validation.h"

namespace phantompool::store::internal {
namespace {

using nlohmann::json;

constexpr const char* kOrderColumns = R"sql(
  id, user_id, trading_pair_id, side, order_type, validity, expires_at, nonce, encrypted_order,
  obligation_token, obligation_commitment, status, min_fill_amount, filled_amount,
  remaining_amount, matching_session_id, created_at, updated_at)sql";

Result<OrderRecord> ReadOrder(const SqlResult& r, size_t i) {
  RowReader row(r, i);
  OrderRecord o;
  o.id = row.Int("id");
  o.user_id = row.Int("user_id");
  o.trading_pair_id = row.Int("trading_pair_id");
  o.side = row.Enum<order::Side>("side", order::ParseSide);
  o.order_type = row.Enum<order::OrderType>("order_type", order::ParseOrderType);
  o.validity = row.Enum<order::Validity>("validity", order::ParseValidity);
  o.expires_at = row.OptInt("expires_at");
  const Bytes nonce = row.Blob("nonce");
  if (row.status().ok() && nonce.size() != o.nonce.size()) row.Corrupt("nonce", "not 32 bytes");
  if (row.status().ok()) std::copy(nonce.begin(), nonce.end(), o.nonce.begin());
  o.encrypted_order = row.Blob("encrypted_order");
  o.obligation_token = row.Text("obligation_token");
  o.obligation_commitment = row.Commit("obligation_commitment");
  o.status = row.Enum<OrderStatus>("status", ParseOrderStatus);
  o.min_fill_amount = row.OptAmount("min_fill_amount");
  o.filled_amount = row.OptAmount("filled_amount");
  o.remaining_amount = row.OptAmount("remaining_amount");
  o.matching_session_id = row.OptInt("matching_session_id");
  o.created_at = row.Int("created_at");
  o.updated_at = row.Int("updated_at");
  PP_RETURN_IF_ERROR(row.status());
  return o;
}

}  // namespace

Result<OrderRecord> OrderBook::Get(const Principal& p, int64_t order_id) {
  // Executors read their sessions' orders through ListSessionOrders: no owners, no amounts.
  PP_RETURN_IF_ERROR(
      RequireRole(p, {Role::kTrader, Role::kAuditor, Role::kService}, "encrypted_orders"));
  std::optional<OrderRecord> out;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    std::string sql =
        std::string("SELECT") + kOrderColumns + " FROM encrypted_orders WHERE id = $1";
    Params params{SqlValue::Int(order_id)};
    if (p.role == Role::kTrader) {  // another trader's order does not exist for this one
      sql += " AND user_id = $2";
      params.push_back(SqlValue::Int(p.user_id));
    }
    PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(sql, params, "encrypted_orders"));
    if (r.empty()) {
      return Status::NotFound("encrypted_orders.id", "no order " + std::to_string(order_id));
    }
    PP_ASSIGN_OR_RETURN(out, ReadOrder(r, 0));
    return Status::Ok();
  }));
  return std::move(*out);
}

Result<std::vector<OrderRecord>> OrderBook::List(const Principal& p, const OrderQuery& q) {
  PP_RETURN_IF_ERROR(
      RequireSelfOr(p, q.user_id, {Role::kAuditor, Role::kService}, "encrypted_orders"));
  PP_RETURN_IF_ERROR(ValidateLimit(q.limit, 1000, "limit"));
  std::vector<OrderRecord> out;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    out.clear();
    std::string sql = std::string("SELECT") + kOrderColumns +
                      " FROM encrypted_orders WHERE user_id = $1 AND id > $2";
    Params params{SqlValue::Int(q.user_id), SqlValue::Int(q.after_id), SqlValue::Int(q.limit)};
    if (q.status) {
      sql += " AND status = $4";
      params.push_back(SqlValue::Text(Name(*q.status)));
    }
    sql += " ORDER BY id LIMIT $3";
    PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(sql, params, "encrypted_orders"));
    for (size_t i = 0; i < r.size(); ++i) {
      PP_ASSIGN_OR_RETURN(OrderRecord o, ReadOrder(r, i));
      out.push_back(std::move(o));
    }
    return Status::Ok();
  }));
  return out;
}

Status OrderBook::Cancel(const Principal& p, int64_t user_id, int64_t order_id) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kService}, "encrypted_orders"));
  return ctx_.Write(p, [&](SqlTx& tx, Journal& j, int64_t now) -> Status {
    PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(R"sql(
        SELECT user_id, status, obligation_token, obligation_commitment, trading_pair_id
          FROM encrypted_orders WHERE id = $1)sql",
                                              {SqlValue::Int(order_id)}, "encrypted_orders"));
    const Status not_found = Status::NotFound(
        "encrypted_orders.id", "no order " + std::to_string(order_id) + " of this user");
    if (r.empty()) return not_found;
    RowReader row(r, 0);
    if (row.Int("user_id") != user_id) return not_found;
    const OrderStatus status = row.Enum<OrderStatus>("status", ParseOrderStatus);
    const std::string token = row.Text("obligation_token");
    const Commitment obligation = row.Commit("obligation_commitment");
    const int64_t pair_id = row.Int("trading_pair_id");
    PP_RETURN_IF_ERROR(row.status());
    if (status != OrderStatus::kActive && status != OrderStatus::kPartiallyFilled) {
      return Status::FailedPrecondition("encrypted_orders.status",
                                        "order is " + std::string(Name(status)));
    }
    const std::pair<int64_t, std::string> key{user_id, token};
    PP_ASSIGN_OR_RETURN(std::vector<BalanceRow> rows,
                        ctx_.procs().LockBalances(tx, std::span(&key, 1), false, now));
    if (rows.empty())
      return Status::Corruption("user_balances", "open order without a balance row");
    PP_ASSIGN_OR_RETURN(crypto::Point a,
                        DecodeStored(rows[0].available, "user_balances.available_commitment"));
    PP_ASSIGN_OR_RETURN(crypto::Point o,
                        DecodeStored(obligation, "encrypted_orders.obligation_commitment"));
    PP_RETURN_IF_ERROR(ctx_.procs().CancelOrder(tx, user_id, order_id, rows[0].available,
                                                EncodePoint(a + o), now));
    const json data{{"order_id", order_id}, {"status", "cancelled"}};
    j.Add(Journal::Audit{"order_cancelled", "order", "low", user_id, order_id, std::nullopt,
                         JsonText(data)});
    j.Add(Journal::Event{"order", "order_cancelled", user_id, pair_id, JsonText(data)});
    return Status::Ok();
  });
}

Result<int64_t> OrderBook::CleanupExpired(const Principal& p) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kService}, "encrypted_orders"));
  int64_t count = 0;
  PP_RETURN_IF_ERROR(ctx_.Write(p, [&](SqlTx& tx, Journal& j, int64_t now) -> Status {
    count = 0;
    PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(R"sql(
        SELECT id, user_id, obligation_token, obligation_commitment, trading_pair_id
          FROM encrypted_orders
         WHERE status IN ('active', 'partially_filled') AND expires_at <= $1
         ORDER BY id)sql",
                                              {SqlValue::Int(now)}, "encrypted_orders"));
    if (r.empty()) return Status::Ok();
    std::vector<int64_t> ids;
    std::map<std::pair<int64_t, std::string>, crypto::Point> released;  // sorted: lock order
    std::map<std::pair<int64_t, std::string>, int64_t> counts;
    for (size_t i = 0; i < r.size(); ++i) {
      RowReader row(r, i);
      const int64_t id = row.Int("id"), user = row.Int("user_id"),
                    pair = row.Int("trading_pair_id");
      const std::string token = row.Text("obligation_token");
      const Commitment c = row.Commit("obligation_commitment");
      PP_RETURN_IF_ERROR(row.status());
      PP_ASSIGN_OR_RETURN(crypto::Point o,
                          DecodeStored(c, "encrypted_orders.obligation_commitment"));
      ids.push_back(id);
      released[{user, token}] += o;
      counts[{user, token}] += 1;
      const json data{{"order_id", id}, {"status", "expired"}};
      j.Add(Journal::Event{"order", "order_expired", user, pair, JsonText(data)});
    }
    std::vector<std::pair<int64_t, std::string>> keys;
    for (const auto& [key, _] : released) keys.push_back(key);
    PP_ASSIGN_OR_RETURN(std::vector<BalanceRow> rows,
                        ctx_.procs().LockBalances(tx, keys, false, now));
    if (rows.size() != keys.size()) {
      return Status::Corruption("user_balances", "open order without a balance row");
    }
    std::vector<AvailableUpdate> updates;
    for (const BalanceRow& b : rows) {
      const std::pair<int64_t, std::string> key{b.user_id, b.token};
      PP_ASSIGN_OR_RETURN(crypto::Point a,
                          DecodeStored(b.available, "user_balances.available_commitment"));
      updates.push_back(
          {b.user_id, b.token, b.available, EncodePoint(a + released.at(key)), counts.at(key)});
    }
    PP_RETURN_IF_ERROR(ctx_.procs().ExpireOrders(tx, ids, updates, now));
    count = static_cast<int64_t>(ids.size());
    j.Add(Journal::Audit{"orders_expired", "order", "low", std::nullopt, std::nullopt, std::nullopt,
                         JsonText(json{{"count", count}, {"order_ids", ids}})});
    return Status::Ok();
  }));
  return count;
}

}  // namespace phantompool::store::internal
