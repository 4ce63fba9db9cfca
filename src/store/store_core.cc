// StoreCore: access helpers, users, balances, pairs, market data, metrics and health.
#include "store_core.h"

#include <nlohmann/json.hpp>

#include "commitments.h"
#include "validation.h"

namespace phantompool::store::internal {

using nlohmann::json;

void RequireRole(const Principal& p, std::initializer_list<Role> roles, std::string_view what) {
  for (Role r : roles) {
    if (p.role == r) return;
  }
  Fail(Status::PermissionDenied(std::string(what),
                                std::string(RoleName(p.role)) + " may not do this"));
}

void RequireSelfOr(const Principal& p, int64_t user_id, std::initializer_list<Role> others,
                   std::string_view what) {
  if (p.role == Role::kTrader && p.user_id == user_id && user_id > 0) return;
  for (Role r : others) {
    if (p.role == r) return;
  }
  Fail(Status::PermissionDenied(std::string(what),
                                p.role == Role::kTrader
                                    ? "a trader may only see its own rows"
                                    : std::string(RoleName(p.role)) + " may not do this"));
}

Status StoreCore::Write(const Principal& p, const std::function<void(SqlTx&, Journal&)>& fn) {
  int64_t last_event = 0;
  Status s = RunTx(&p, Access::kWrite, [&](SqlTx& tx) {
    Journal journal;
    fn(tx, journal);
    last_event = journal.Flush(tx, Now());
  });
  if (s.ok() && last_event > 0) EventsCommitted(last_event);
  return s;
}

BalanceRow StoreCore::LockBalance(SqlTx& tx, int64_t user, const std::string& token) {
  SqlResult r = tx.Query(
      "SELECT balance, balance_commitment, locked_commitment, available_commitment, "
      "open_obligations FROM user_balances WHERE user_id = $1 AND token = $2" +
          std::string(tx.ForUpdate()),
      {SqlValue::Int(user), SqlValue::Text(token)}, "user_balances");
  BalanceRow b;
  if (r.empty()) return b;
  const SqlRow row = r.Row(0);
  b.exists = true;
  b.balance = row.Amount(0);
  b.balance_commitment = row.Commit(1);
  b.locked = row.Commit(2);
  b.available = row.Commit(3);
  b.open_obligations = row.Int(4);
  return b;
}

TradingPair StoreCore::LoadPair(SqlTx& tx, int64_t pair_id) {
  {
    std::lock_guard<std::mutex> lock(pairs_mu_);
    auto it = pairs_.find(pair_id);
    if (it != pairs_.end()) return it->second;
  }
  SqlResult r = tx.Query(
      "SELECT id, symbol, base_token, quote_token, base_token_name, quote_token_name, "
      "base_decimals, quote_decimals, base_lot, quote_per_tick, base_scale, tick_size, min_price, "
      "max_price, collar_low, collar_price, min_order_size, max_order_size, is_active "
      "FROM trading_pairs WHERE id = $1",
      {SqlValue::Int(pair_id)}, "trading_pairs");
  if (r.empty())
    Fail(Status::NotFound("trading_pairs.id", "no trading pair " + std::to_string(pair_id)));
  const SqlRow row = r.Row(0);
  TradingPair t;
  t.id = row.Int(0);
  t.symbol = row.Text(1);
  t.base_token = row.Text(2);
  t.quote_token = row.Text(3);
  t.base_token_name = row.Text(4);
  t.quote_token_name = row.Text(5);
  t.base_decimals = static_cast<int32_t>(row.Int(6));
  t.quote_decimals = static_cast<int32_t>(row.Int(7));
  t.base_lot = row.Amount(8);
  t.quote_per_tick = row.Amount(9);
  t.base_scale = row.Amount(10);
  t.tick_size = row.Amount(11);
  t.min_price = row.Amount(12);
  t.max_price = row.Amount(13);
  t.collar_low = row.Amount(14);
  t.collar_price = row.Amount(15);
  t.min_order_size = row.Amount(16);
  t.max_order_size = row.Amount(17);
  t.is_active = row.Bool(18);
  std::lock_guard<std::mutex> lock(pairs_mu_);
  pairs_[pair_id] = t;
  return t;
}

Result<int64_t> StoreCore::CreateUser(const Principal& p, const NewUser& u) {
  int64_t id = 0;
  PP_RETURN_IF_ERROR(Write(p, [&](SqlTx& tx, Journal& j) {
    RequireRole(p, {Role::kService}, "users");
    ValidateNewUser(u);
    const int64_t now = Now();
    SqlResult r = tx.Query(
        "INSERT INTO users (wallet_address, public_key, username, trading_tier, max_order_size, "
        "daily_volume_limit, metadata, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        {SqlValue::Text(u.wallet_address), SqlValue::Blob(u.public_key),
         u.username ? SqlValue::Text(*u.username) : SqlValue::Null(),
         SqlValue::Text(u.trading_tier), SqlValue::Amount(u.max_order_size, "users.max_order_size"),
         SqlValue::Amount(u.daily_volume_limit, "users.daily_volume_limit"),
         SqlValue::Text(u.metadata_json), SqlValue::Int(now)},
        "users");
    id = r.Row(0).Int(0);
    j.Add(Journal::Audit{
        "user_created", "admin", "low", id, std::nullopt, std::nullopt,
        json{{"wallet_address", u.wallet_address}, {"tier", u.trading_tier}}.dump()});
  }));
  return id;
}

Result<User> StoreCore::GetUser(const Principal& p, int64_t user_id) {
  User u;
  PP_RETURN_IF_ERROR(Read(p, [&](SqlTx& tx) {
    RequireSelfOr(p, user_id, {Role::kAuditor, Role::kService}, "users");
    SqlResult r = tx.Query(
        "SELECT id, wallet_address, public_key, username, kyc_status, risk_score, trading_tier, "
        "max_order_size, daily_volume_limit, is_active, created_at FROM users WHERE id = $1",
        {SqlValue::Int(user_id)}, "users");
    if (r.empty()) Fail(Status::NotFound("users.id", "no user " + std::to_string(user_id)));
    const SqlRow row = r.Row(0);
    u.id = row.Int(0);
    u.wallet_address = row.Text(1);
    u.public_key = row.Blob(2);
    u.username = row.OptText(3);
    auto kyc = ParseKycStatus(row.Text(4), "users.kyc_status");
    if (!kyc.ok()) Fail(Status::Corruption("users.kyc_status", "unknown value"));
    u.kyc_status = *kyc;
    u.risk_score = static_cast<int32_t>(row.Int(5));
    u.trading_tier = row.Text(6);
    u.max_order_size = row.Amount(7);
    u.daily_volume_limit = row.Amount(8);
    u.is_active = row.Bool(9);
    u.created_at = row.Int(10);
  }));
  return u;
}

Status StoreCore::SetKycStatus(const Principal& p, int64_t user_id, KycStatus status) {
  return Write(p, [&](SqlTx& tx, Journal& j) {
    RequireRole(p, {Role::kService}, "users.kyc_status");
    SqlResult r = tx.Query(
        "UPDATE users SET kyc_status = $1, updated_at = $2 WHERE id = $3",
        {SqlValue::Text(Name(status)), SqlValue::Int(Now()), SqlValue::Int(user_id)}, "users");
    if (r.affected != 1) Fail(Status::NotFound("users.id", "no user " + std::to_string(user_id)));
    j.Add(Journal::Audit{"kyc_status_changed", "admin", "medium", user_id, std::nullopt,
                         std::nullopt, json{{"kyc_status", Name(status)}}.dump()});
  });
}

Result<Balance> StoreCore::Deposit(const Principal& p, int64_t user_id, std::string_view token,
                                   uint64_t amount) {
  return ChangeBalance(p, user_id, token, amount, true);
}

Result<Balance> StoreCore::Withdraw(const Principal& p, int64_t user_id, std::string_view token,
                                    uint64_t amount) {
  return ChangeBalance(p, user_id, token, amount, false);
}

Result<Balance> StoreCore::ChangeBalance(const Principal& p, int64_t user_id,
                                         std::string_view token_view, uint64_t amount,
                                         bool deposit) {
  const std::string token(token_view);
  PP_RETURN_IF_ERROR(Write(p, [&](SqlTx& tx, Journal& j) {
    RequireRole(p, {Role::kService}, "user_balances");
    ValidateToken(token, "user_balances.token");
    if (amount == 0 || amount > kMaxAmount) {
      Fail(Status::InvalidArgument("amount", "must be between 1 and 2^63-1"));
    }
    const BalanceRow before = LockBalance(tx, user_id, token);
    uint64_t after = 0;
    if (deposit) {
      if (before.balance > kMaxAmount - amount) {
        Fail(Status::InvalidArgument("user_balances.balance", "would exceed the 63-bit bound"));
      }
      after = before.balance + amount;
    } else {
      if (!before.exists || before.balance < amount) {
        Fail(Status::InsufficientFunds("user_balances.balance", "withdrawal exceeds the balance"));
      }
      after = before.balance - amount;
    }
    const Commitment bc = BalanceCommitment(after);
    const Commitment locked = before.exists ? before.locked : IdentityCommitment();
    const Commitment avail = SubCommitments(bc, locked, "user_balances.locked_commitment", true);
    const int64_t delta = deposit ? static_cast<int64_t>(amount) : -static_cast<int64_t>(amount);
    ProcChangeBalance(tx, user_id, token, delta, before, bc, avail);
    const json data{{"token", token}, {"amount", amount}, {"balance", after}};
    j.Add(Journal::Audit{deposit ? "deposit" : "withdrawal", "balance", "low", user_id,
                         std::nullopt, std::nullopt, data.dump()});
    j.Add(Journal::Event{"balance", deposit ? "deposit" : "withdrawal", user_id, std::nullopt,
                         data.dump()});
  }));
  PP_ASSIGN_OR_RETURN(auto all, GetBalances(p, user_id));
  for (Balance& b : all) {
    if (b.token == token) return b;
  }
  return Status::Internal("user_balances", "balance row vanished after its update");
}

Result<std::vector<Balance>> StoreCore::GetBalances(const Principal& p, int64_t user_id) {
  std::vector<Balance> out;
  PP_RETURN_IF_ERROR(Read(p, [&](SqlTx& tx) {
    RequireSelfOr(p, user_id, {Role::kAuditor, Role::kService}, "user_balances");
    SqlResult r = tx.Query(
        "SELECT user_id, token, balance, balance_commitment, locked_commitment, "
        "available_commitment, open_obligations, updated_at FROM user_balances "
        "WHERE user_id = $1 ORDER BY token",
        {SqlValue::Int(user_id)}, "user_balances");
    for (size_t i = 0; i < r.size(); ++i) {
      const SqlRow row = r.Row(i);
      Balance b;
      b.user_id = row.Int(0);
      b.token = row.Text(1);
      b.balance = row.Amount(2);
      b.balance_commitment = row.Commit(3);
      b.locked_commitment = row.Commit(4);
      b.available_commitment = row.Commit(5);
      b.open_obligations = row.Int(6);
      b.updated_at = row.Int(7);
      out.push_back(std::move(b));
    }
  }));
  return out;
}

Result<std::vector<TradingPair>> StoreCore::ListPairs(const Principal& p) {
  std::vector<TradingPair> out;
  PP_RETURN_IF_ERROR(Read(p, [&](SqlTx& tx) {
    SqlResult r = tx.Query("SELECT id FROM trading_pairs ORDER BY id", {}, "trading_pairs");
    for (size_t i = 0; i < r.size(); ++i) {
      TradingPair t = LoadPair(tx, r.Row(i).Int(0));
      SqlResult a = tx.Query("SELECT is_active FROM trading_pairs WHERE id = $1",
                             {SqlValue::Int(t.id)}, "trading_pairs");
      t.is_active = a.Row(0).Bool(0);
      out.push_back(std::move(t));
    }
  }));
  return out;
}

Result<std::vector<MarketOverviewRow>> StoreCore::MarketOverview(const Principal& p) {
  std::vector<MarketOverviewRow> out;
  PP_RETURN_IF_ERROR(Read(p, [&](SqlTx& tx) {
    SqlResult r = tx.Query(
        "SELECT trading_pair_id, symbol, last_price, high_24h, low_24h, volume_24h, total_orders, "
        "active_buy_orders, active_sell_orders, total_sessions FROM market_overview "
        "ORDER BY trading_pair_id",
        {}, "market_overview");
    for (size_t i = 0; i < r.size(); ++i) {
      const SqlRow row = r.Row(i);
      MarketOverviewRow m;
      m.trading_pair_id = row.Int(0);
      m.symbol = row.Text(1);
      m.last_price = row.OptAmount(2);
      m.high_24h = row.OptAmount(3);
      m.low_24h = row.OptAmount(4);
      m.volume_24h = row.Amount(5);
      m.total_orders = row.Int(6);
      m.active_buy_orders = row.Int(7);
      m.active_sell_orders = row.Int(8);
      m.total_sessions = row.Int(9);
      out.push_back(std::move(m));
    }
  }));
  return out;
}

Status StoreCore::UpdateMarketStats(const Principal& p, int64_t pair_id, uint64_t last_price,
                                    uint64_t volume) {
  return Write(p, [&](SqlTx& tx, Journal& j) {
    RequireRole(p, {Role::kService}, "market_stats");
    if (last_price == 0 || last_price > kMaxAmount) {
      Fail(Status::InvalidArgument("market_stats.last_price", "must be positive"));
    }
    SqlValue::Amount(volume, "market_stats.volume_24h");
    ProcUpdateMarketStats(tx, pair_id, last_price, volume);
    const json data{{"trading_pair_id", pair_id}, {"last_price", last_price}, {"volume", volume}};
    j.Add(Journal::Event{"market", "market_stats", std::nullopt, pair_id, data.dump()});
  });
}

Status StoreCore::RecordMetric(const Principal& p, const MetricSample& m) {
  return RunTx(&p, Access::kWrite, [&](SqlTx& tx) {
    RequireRole(p, {Role::kService}, "system_metrics");
    ValidateMetric(m);
    ProcRecordMetric(tx, m);
  });
}

Status StoreCore::UpdateSystemHealth(const Principal& p, const HealthUpdate& h) {
  return Write(p, [&](SqlTx& tx, Journal& j) {
    RequireRole(p, {Role::kService}, "system_health");
    ValidateHealth(h);
    ProcUpdateSystemHealth(tx, h);
    j.Add(Journal::Event{"system", "health", std::nullopt, std::nullopt,
                         json{{"component", h.component}, {"status", h.status}}.dump()});
  });
}

Result<std::vector<SystemHealthRow>> StoreCore::SystemHealthOverview(const Principal& p) {
  std::vector<SystemHealthRow> out;
  PP_RETURN_IF_ERROR(Read(p, [&](SqlTx& tx) {
    SqlResult r = tx.Query(
        "SELECT component, status, health_score, response_time_ms, last_check, data_freshness "
        "FROM system_health_overview",
        {}, "system_health_overview");
    for (size_t i = 0; i < r.size(); ++i) {
      const SqlRow row = r.Row(i);
      SystemHealthRow h;
      h.component = row.Text(0);
      h.status = row.Text(1);
      h.health_score = static_cast<int32_t>(row.Int(2));
      if (auto v = row.OptInt(3)) h.response_time_ms = static_cast<int32_t>(*v);
      h.last_check = row.Int(4);
      h.data_freshness = row.Text(5);
      out.push_back(std::move(h));
    }
  }));
  return out;
}

Result<UserTradingStats> StoreCore::GetUserTradingStats(const Principal& p, int64_t user_id) {
  UserTradingStats s;
  PP_RETURN_IF_ERROR(Read(p, [&](SqlTx& tx) {
    RequireSelfOr(p, user_id, {Role::kAuditor, Role::kService}, "user_trading_stats");
    SqlResult r = tx.Query(
        "SELECT user_id, total_orders, filled_orders, total_trades, total_volume "
        "FROM user_trading_stats WHERE user_id = $1",
        {SqlValue::Int(user_id)}, "user_trading_stats");
    if (r.empty()) Fail(Status::NotFound("users.id", "no user " + std::to_string(user_id)));
    const SqlRow row = r.Row(0);
    s.user_id = row.Int(0);
    s.total_orders = row.Int(1);
    s.filled_orders = row.Int(2);
    s.total_trades = row.Int(3);
    s.total_volume = row.Amount(4);
  }));
  return s;
}

}  // namespace phantompool::store::internal
