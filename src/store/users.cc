#include "users.h"

#include <nlohmann/json.hpp>

#include "access.h"
#include "json_text.h"
#include "validation.h"

namespace phantompool::store::internal {

using nlohmann::json;

Result<int64_t> Users::Create(const Principal& p, const NewUser& u) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kService}, "users"));
  PP_RETURN_IF_ERROR(ValidateNewUser(u));
  int64_t id = 0;
  PP_RETURN_IF_ERROR(ctx_.Write(p, [&](SqlTx& tx, Journal& j, int64_t now) -> Status {
    PP_ASSIGN_OR_RETURN(
        SqlResult r, tx.Query(R"sql(
        INSERT INTO users (wallet_address, public_key, username, trading_tier, max_order_size,
                           daily_volume_limit, metadata, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id)sql",
                              {SqlValue::Text(u.wallet_address), SqlValue::Blob(u.public_key),
                               u.username ? SqlValue::Text(*u.username) : SqlValue::Null(),
                               SqlValue::Text(u.trading_tier), SqlValue::Amount(u.max_order_size),
                               SqlValue::Amount(u.daily_volume_limit),
                               SqlValue::Text(u.metadata_json), SqlValue::Int(now)},
                              "users"));
    RowReader row(r, 0);
    id = row.Int("id");
    PP_RETURN_IF_ERROR(row.status());
    j.Add(Journal::Audit{
        "user_created", "admin", "low", id, std::nullopt, std::nullopt,
        JsonText(json{{"wallet_address", u.wallet_address}, {"tier", u.trading_tier}})});
    return Status::Ok();
  }));
  return id;
}

namespace {

constexpr const char* kUserColumns = R"sql(
    SELECT id, wallet_address, public_key, username, kyc_status, trading_tier,
           max_order_size, daily_volume_limit, is_active, metadata, created_at
      FROM users )sql";

Result<User> ReadUser(const SqlResult& r, size_t i) {
  RowReader row(r, i);
  User u;
  u.id = row.Int("id");
  u.wallet_address = row.Text("wallet_address");
  u.public_key = row.Blob("public_key");
  u.username = row.OptText("username");
  u.kyc_status = row.Enum<KycStatus>("kyc_status", ParseKycStatus);
  u.trading_tier = row.Text("trading_tier");
  u.max_order_size = row.Amount("max_order_size");
  u.daily_volume_limit = row.Amount("daily_volume_limit");
  u.is_active = row.Bool("is_active");
  u.metadata_json = row.Text("metadata");
  u.created_at = row.Int("created_at");
  PP_RETURN_IF_ERROR(row.status());
  return u;
}

}  // namespace

Result<User> Users::Get(const Principal& p, int64_t user_id) {
  PP_RETURN_IF_ERROR(RequireSelfOr(p, user_id, {Role::kAuditor, Role::kService}, "users"));
  User u;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(std::string(kUserColumns) + "WHERE id = $1",
                                              {SqlValue::Int(user_id)}, "users"));
    if (r.empty()) return Status::NotFound("users.id", "no user " + std::to_string(user_id));
    PP_ASSIGN_OR_RETURN(u, ReadUser(r, 0));
    return Status::Ok();
  }));
  return u;
}

Result<std::vector<User>> Users::List(const Principal& p, int64_t after_id, int32_t limit) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kAuditor, Role::kService}, "users"));
  PP_RETURN_IF_ERROR(ValidateLimit(limit, 1000, "limit"));
  std::vector<User> users;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(SqlResult r,
                        tx.Query(std::string(kUserColumns) + "WHERE id > $1 ORDER BY id LIMIT $2",
                                 {SqlValue::Int(after_id), SqlValue::Int(limit)}, "users"));
    for (size_t i = 0; i < r.size(); ++i) {
      PP_ASSIGN_OR_RETURN(User u, ReadUser(r, i));
      users.push_back(std::move(u));
    }
    return Status::Ok();
  }));
  return users;
}

Status Users::SetKycStatus(const Principal& p, int64_t user_id, KycStatus status) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kService}, "users.kyc_status"));
  return ctx_.Write(p, [&](SqlTx& tx, Journal& j, int64_t now) -> Status {
    PP_ASSIGN_OR_RETURN(
        SqlResult r,
        tx.Query("UPDATE users SET kyc_status = $1, updated_at = $2 WHERE id = $3",
                 {SqlValue::Text(Name(status)), SqlValue::Int(now), SqlValue::Int(user_id)},
                 "users"));
    if (r.affected != 1) return Status::NotFound("users.id", "no user " + std::to_string(user_id));
    j.Add(Journal::Audit{"kyc_status_changed", "admin", "medium", user_id, std::nullopt,
                         std::nullopt, JsonText(json{{"kyc_status", Name(status)}})});
    return Status::Ok();
  });
}

Status Users::SetActive(const Principal& p, int64_t user_id, bool active) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kService}, "users.is_active"));
  return ctx_.Write(p, [&](SqlTx& tx, Journal& j, int64_t now) -> Status {
    PP_ASSIGN_OR_RETURN(
        SqlResult r,
        tx.Query("UPDATE users SET is_active = $1, updated_at = $2 WHERE id = $3",
                 {SqlValue::Bool(active), SqlValue::Int(now), SqlValue::Int(user_id)}, "users"));
    if (r.affected != 1) return Status::NotFound("users.id", "no user " + std::to_string(user_id));
    j.Add(Journal::Audit{active ? "user_activated" : "user_suspended", "admin", "medium", user_id,
                         std::nullopt, std::nullopt, JsonText(json{{"is_active", active}})});
    return Status::Ok();
  });
}

Result<UserTradingStats> Users::TradingStats(const Principal& p, int64_t user_id) {
  PP_RETURN_IF_ERROR(
      RequireSelfOr(p, user_id, {Role::kAuditor, Role::kService}, "user_trading_stats"));
  UserTradingStats s;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(R"sql(
        SELECT user_id, total_orders, filled_orders, total_trades, total_volume
          FROM user_trading_stats WHERE user_id = $1)sql",
                                              {SqlValue::Int(user_id)}, "user_trading_stats"));
    if (r.empty()) return Status::NotFound("users.id", "no user " + std::to_string(user_id));
    RowReader row(r, 0);
    s.user_id = row.Int("user_id");
    s.total_orders = row.Int("total_orders");
    s.filled_orders = row.Int("filled_orders");
    s.total_trades = row.Int("total_trades");
    s.total_volume = row.Amount("total_volume");
    return row.status();
  }));
  return s;
}

}  // namespace phantompool::store::internal
