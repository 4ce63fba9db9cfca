#include "sessions.h"

#include <map>
#include <nlohmann/json.hpp>

#include "access.h"
#include "commitments.h"
#include "json_text.h"
#include "phantompool/common/hex.h"
#include "settlement_plan.h"
#include "validation.h"

namespace phantompool::store::internal {
namespace {

using nlohmann::json;

Result<MatchingSession> ReadSession(const SqlResult& r) {
  RowReader row(r, 0);
  MatchingSession m;
  m.id = row.Int("id");
  m.trading_pair_id = row.Int("trading_pair_id");
  m.session_number = row.Int("session_number");
  m.status = row.Enum<SessionStatus>("status", ParseSessionStatus);
  m.buy_orders_count = static_cast<int32_t>(row.Int("buy_orders_count"));
  m.sell_orders_count = static_cast<int32_t>(row.Int("sell_orders_count"));
  m.clearing_price = row.OptAmount("clearing_price");
  m.total_volume = row.OptAmount("total_volume");
  m.total_quote_volume = row.OptAmount("total_quote_volume");
  if (!row.IsNull("price_rule")) {
    m.price_rule = row.Enum<auction::PriceRule>("price_rule", auction::ParsePriceRule);
    // What settlement guarantees (PlanSettlement, settle_matching_session): a rule only
    // once settled, and "none" exactly when nothing traded.
    if (m.status != SessionStatus::kSettled) {
      row.Corrupt("price_rule", "recorded for a session that is not settled");
    } else if ((*m.price_rule == auction::PriceRule::kNone) != (m.total_volume.value_or(0) == 0)) {
      row.Corrupt("price_rule", "disagrees with the session's volume");
    }
  }
  m.vrf_seed = row.Blob("vrf_seed");
  if (!row.IsNull("vrf_output")) m.vrf_output = row.Blob("vrf_output");
  if (!row.IsNull("vrf_proof")) m.vrf_proof = row.Blob("vrf_proof");
  if (!row.IsNull("batch_digest")) m.batch_digest = row.Blob("batch_digest");
  if (!row.IsNull("previous_vrf_output")) m.previous_vrf_output = row.Blob("previous_vrf_output");
  m.key_epoch = static_cast<uint32_t>(row.OptInt("key_epoch").value_or(0));
  const std::string assignments = row.Text("executor_assignments");
  m.failure_reason = row.OptText("failure_reason");
  m.created_at = row.Int("created_at");
  m.settled_at = row.OptInt("settled_at");
  m.failed_at = row.OptInt("failed_at");
  PP_RETURN_IF_ERROR(row.status());
  const auto ex = json::parse(assignments, nullptr, false);
  if (!ex.is_array()) {
    return Status::Corruption("matching_sessions.executor_assignments", "not an array");
  }
  for (const auto& e : ex) {
    if (!e.is_number_integer()) {
      return Status::Corruption("matching_sessions.executor_assignments", "not an id");
    }
    m.executor_node_ids.push_back(e.get<int64_t>());
  }
  return m;
}

constexpr const char* kSessionColumns = R"sql(
  id, trading_pair_id, session_number, status, buy_orders_count, sell_orders_count,
  clearing_price, total_volume, total_quote_volume, vrf_seed, vrf_output, vrf_proof,
  executor_assignments, failure_reason, created_at, settled_at, failed_at, batch_digest,
  previous_vrf_output, key_epoch, price_rule)sql";

Result<MatchingSession> LoadSession(SqlTx& tx, int64_t session_id) {
  PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(std::string("SELECT") + kSessionColumns +
                                                " FROM matching_sessions WHERE id = $1",
                                            {SqlValue::Int(session_id)}, "matching_sessions"));
  if (r.empty()) {
    return Status::NotFound("matching_sessions.id", "no session " + std::to_string(session_id));
  }
  return ReadSession(r);
}

Status RequireFrozen(const MatchingSession& m) {
  if (m.status != SessionStatus::kFrozen) {
    return Status::FailedPrecondition("matching_sessions.status",
                                      "session is " + std::string(Name(m.status)));
  }
  return Status::Ok();
}

bool Assigned(const MatchingSession& m, int64_t executor_id) {
  return std::find(m.executor_node_ids.begin(), m.executor_node_ids.end(), executor_id) !=
         m.executor_node_ids.end();
}

Result<std::vector<FrozenOrder>> LoadFrozen(SqlTx& tx, int64_t session_id) {
  PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(R"sql(
      SELECT id, user_id, side, order_type, validity, obligation_token, obligation_commitment,
             filled_amount, remaining_amount
        FROM encrypted_orders WHERE matching_session_id = $1 AND status = 'matching')sql",
                                            {SqlValue::Int(session_id)}, "encrypted_orders"));
  std::vector<FrozenOrder> out(r.size());
  for (size_t i = 0; i < r.size(); ++i) {
    RowReader row(r, i);
    FrozenOrder& o = out[i];
    o.id = row.Int("id");
    o.user_id = row.Int("user_id");
    o.side = row.Enum<order::Side>("side", order::ParseSide);
    o.type = row.Enum<order::OrderType>("order_type", order::ParseOrderType);
    o.validity = row.Enum<order::Validity>("validity", order::ParseValidity);
    o.obligation_token = row.Text("obligation_token");
    o.obligation = row.Commit("obligation_commitment");
    o.filled_before = row.OptAmount("filled_amount").value_or(0);
    o.remaining_before = row.OptAmount("remaining_amount");
    PP_RETURN_IF_ERROR(row.status());
  }
  return out;
}

}  // namespace

Result<std::vector<BalanceApply>> ApplyToRows(const SettlementPlan& plan,
                                              std::span<const BalanceRow> rows) {
  if (rows.size() != plan.balances.size()) {
    return Status::Internal("user_balances", "a planned balance row was not locked");
  }
  std::vector<BalanceApply> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const PlannedBalance& pb = plan.balances[i];
    const BalanceRow& row = rows[i];
    if (row.user_id != pb.user_id || row.token != pb.token) {
      return Status::Internal("user_balances", "locked rows differ from the plan's");
    }
    const __int128 after = static_cast<__int128>(row.balance) + pb.delta;
    if (after < 0) {
      return Status::InsufficientFunds("user_balances.balance",
                                       "settlement would overdraw a balance");
    }
    if (after > static_cast<__int128>(kMaxAmount) ||
        row.open_obligations + pb.obligations_delta < 0) {
      return Status::InvalidArgument("user_balances.balance", "exceeds the 63-bit bound");
    }
    PP_ASSIGN_OR_RETURN(crypto::Point a,
                        DecodeStored(row.available, "user_balances.available_commitment"));
    const uint64_t magnitude =
        pb.delta < 0 ? static_cast<uint64_t>(-pb.delta) : static_cast<uint64_t>(pb.delta);
    const crypto::Point moved = magnitude == 0
                                    ? crypto::Point::Identity()
                                    : crypto::Point::MulBase(crypto::Scalar::FromU64(magnitude));
    BalanceApply b;
    b.user_id = pb.user_id;
    b.token = pb.token;
    b.delta = pb.delta;
    b.expected_available = row.available;
    // available' = balance'·G − Σ O' = available + delta·G + Σ (O − O').
    b.new_available = EncodePoint((pb.delta < 0 ? a - moved : a + moved) + pb.released);
    b.new_balance_commitment = BalanceCommitment(static_cast<uint64_t>(after));
    b.obligations_delta = pb.obligations_delta;
    out.push_back(std::move(b));
  }
  return out;
}

Result<SessionCreated> Sessions::Create(const Principal& p, int64_t pair_id, const Bytes& vrf_seed,
                                        const std::vector<int64_t>& executors) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kService}, "matching_sessions"));
  PP_RETURN_IF_ERROR(ValidateBytes(vrf_seed, 32, 32, "matching_sessions.vrf_seed"));
  if (executors.empty() || executors.size() > 255) {
    return Status::InvalidArgument("matching_sessions.executor_assignments",
                                   "must name 1..255 executors");
  }
  SessionCreated out;
  PP_RETURN_IF_ERROR(ctx_.Write(p, [&](SqlTx& tx, Journal& j, int64_t now) -> Status {
    out = SessionCreated{};
    PP_ASSIGN_OR_RETURN(out.session_id,
                        ctx_.procs().CreateSession(tx, pair_id, vrf_seed, executors, now));
    PP_ASSIGN_OR_RETURN(MatchingSession m, LoadSession(tx, out.session_id));
    out.session_number = m.session_number;
    PP_ASSIGN_OR_RETURN(
        SqlResult o,
        tx.Query("SELECT id FROM encrypted_orders WHERE matching_session_id = $1 ORDER BY id",
                 {SqlValue::Int(out.session_id)}, "encrypted_orders"));
    for (size_t i = 0; i < o.size(); ++i) {
      RowReader row(o, i);
      out.order_ids.push_back(row.Int("id"));
      PP_RETURN_IF_ERROR(row.status());
    }
    const json data{{"session_id", out.session_id},
                    {"session_number", out.session_number},
                    {"trading_pair_id", pair_id},
                    {"orders", out.order_ids.size()}};
    j.Add(Journal::Audit{"session_frozen", "matching", "low", std::nullopt, std::nullopt,
                         out.session_id, JsonText(data)});
    j.Add(Journal::Event{"session", "session_frozen", std::nullopt, pair_id, JsonText(data)});
    return Status::Ok();
  }));
  return out;
}

Result<std::optional<MatchingSession>> Sessions::Latest(const Principal& p, int64_t pair_id,
                                                        std::optional<SessionStatus> status) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kAuditor, Role::kService}, "matching_sessions"));
  std::optional<MatchingSession> out;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    out.reset();
    std::string sql = std::string("SELECT") + kSessionColumns +
                      " FROM matching_sessions WHERE trading_pair_id = $1";
    Params params{SqlValue::Int(pair_id)};
    if (status) {
      sql += " AND status = $2";
      params.push_back(SqlValue::Text(Name(*status)));
    }
    PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(sql + " ORDER BY session_number DESC LIMIT 1", params,
                                              "matching_sessions"));
    if (r.empty()) return Status::Ok();
    PP_ASSIGN_OR_RETURN(out, ReadSession(r));
    return Status::Ok();
  }));
  return out;
}

Status Sessions::RecordDraw(const Principal& p, const SessionDraw& d) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kService}, "matching_sessions"));
  PP_RETURN_IF_ERROR(ValidateBytes(d.batch_digest, 32, 32, "matching_sessions.batch_digest"));
  PP_RETURN_IF_ERROR(ValidateBytes(d.vrf_seed, 32, 32, "matching_sessions.vrf_seed"));
  PP_RETURN_IF_ERROR(
      ValidateBytes(d.previous_vrf_output, 32, 32, "matching_sessions.previous_vrf_output"));
  if (d.key_epoch == 0) {
    return Status::InvalidArgument("matching_sessions.key_epoch", "must be positive");
  }
  return ctx_.Write(p, [&](SqlTx& tx, Journal& j, int64_t now) -> Status {
    PP_ASSIGN_OR_RETURN(MatchingSession m, LoadSession(tx, d.session_id));
    PP_RETURN_IF_ERROR(RequireFrozen(m));
    const bool first = m.batch_digest.empty();
    PP_RETURN_IF_ERROR(ctx_.procs().RecordSessionDraw(tx, d, now));
    if (first) {
      j.Add(Journal::Audit{"session_draw_recorded", "matching", "low", std::nullopt, std::nullopt,
                           d.session_id,
                           JsonText(json{{"session_id", d.session_id},
                                         {"key_epoch", d.key_epoch},
                                         {"batch_digest", ToHex(d.batch_digest)},
                                         {"vrf_seed", ToHex(d.vrf_seed)}})});
    }
    return Status::Ok();
  });
}

Result<MatchingSession> Sessions::Get(const Principal& p, int64_t session_id) {
  std::optional<MatchingSession> out;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(out, LoadSession(tx, session_id));
    return Status::Ok();
  }));
  return std::move(*out);
}

Result<std::vector<MatchingSession>> Sessions::List(const Principal& p, int64_t pair_id,
                                                    int64_t before_number, int32_t limit) {
  if (limit < 1 || limit > 500) return Status::InvalidArgument("limit", "must be 1..500");
  if (before_number < 0) return Status::InvalidArgument("before", "must not be negative");
  const int64_t below = before_number == 0 ? INT64_MAX : before_number;
  std::vector<MatchingSession> out;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    out.clear();
    PP_ASSIGN_OR_RETURN(
        SqlResult r, tx.Query(R"sql(
        SELECT id FROM matching_sessions WHERE trading_pair_id = $1 AND session_number < $2
         ORDER BY session_number DESC LIMIT $3)sql",
                              {SqlValue::Int(pair_id), SqlValue::Int(below), SqlValue::Int(limit)},
                              "matching_sessions"));
    for (size_t i = 0; i < r.size(); ++i) {
      RowReader row(r, i);
      const int64_t id = row.Int("id");
      PP_RETURN_IF_ERROR(row.status());
      PP_ASSIGN_OR_RETURN(MatchingSession m, LoadSession(tx, id));
      out.push_back(std::move(m));
    }
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<SessionOrder>> Sessions::Orders(const Principal& p, int64_t session_id) {
  PP_RETURN_IF_ERROR(
      RequireRole(p, {Role::kExecutor, Role::kAuditor, Role::kService}, "encrypted_orders"));
  std::vector<SessionOrder> out;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    out.clear();
    PP_ASSIGN_OR_RETURN(MatchingSession m, LoadSession(tx, session_id));
    if (p.role == Role::kExecutor && !Assigned(m, p.user_id)) {
      return Status::PermissionDenied("matching_sessions.executor_assignments",
                                      "executor not assigned to this session");
    }
    PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(R"sql(
        SELECT eo.id, eo.side, eo.order_type, eo.validity, eo.expires_at, eo.encrypted_order
          FROM session_orders so JOIN encrypted_orders eo ON eo.id = so.order_id
         WHERE so.matching_session_id = $1 ORDER BY eo.id)sql",
                                              {SqlValue::Int(session_id)}, "encrypted_orders"));
    for (size_t i = 0; i < r.size(); ++i) {
      RowReader row(r, i);
      SessionOrder o;
      o.id = row.Int("id");
      o.side = row.Enum<order::Side>("side", order::ParseSide);
      o.order_type = row.Enum<order::OrderType>("order_type", order::ParseOrderType);
      o.validity = row.Enum<order::Validity>("validity", order::ParseValidity);
      o.expires_at = row.OptInt("expires_at");
      o.encrypted_order = row.Blob("encrypted_order");
      PP_RETURN_IF_ERROR(row.status());
      out.push_back(std::move(o));
    }
    return Status::Ok();
  }));
  return out;
}

Status Sessions::Settle(const Principal& p, const Settlement& s) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kService}, "matching_sessions"));
  PP_RETURN_IF_ERROR(ValidateBytes(s.vrf_output, 1, 4096, "matching_sessions.vrf_output"));
  PP_RETURN_IF_ERROR(ValidateBytes(s.vrf_proof, 1, 4096, "matching_sessions.vrf_proof"));
  return ctx_.Write(p, [&](SqlTx& tx, Journal& j, int64_t now) -> Status {
    PP_ASSIGN_OR_RETURN(MatchingSession m, LoadSession(tx, s.session_id));
    PP_RETURN_IF_ERROR(RequireFrozen(m));
    PP_ASSIGN_OR_RETURN(order::PairSpec spec, ctx_.pairs().Get(tx, m.trading_pair_id));
    PP_ASSIGN_OR_RETURN(SqlResult fee, tx.Query("SELECT id FROM users WHERE id = $1",
                                                {SqlValue::Int(s.fee_user_id)}, "users"));
    if (fee.empty()) return Status::NotFound("settlement.fee_user_id", "no such user");
    PP_ASSIGN_OR_RETURN(std::vector<FrozenOrder> frozen, LoadFrozen(tx, s.session_id));
    PP_ASSIGN_OR_RETURN(SettlementPlan plan, PlanSettlement(spec, m.trading_pair_id, s, frozen));
    // The outcome first and the balances last: a trader's intake waits on its balance row
    // only for the short second step, not for thousands of fills and trades being written.
    PP_RETURN_IF_ERROR(ctx_.procs().Settle(tx, s, plan, now));
    std::vector<std::pair<int64_t, std::string>> keys;
    for (const PlannedBalance& b : plan.balances) keys.emplace_back(b.user_id, b.token);
    PP_ASSIGN_OR_RETURN(std::vector<BalanceRow> rows,
                        ctx_.procs().LockBalances(tx, keys, true, now));
    PP_ASSIGN_OR_RETURN(std::vector<BalanceApply> applies, ApplyToRows(plan, rows));
    PP_RETURN_IF_ERROR(ctx_.procs().SettleBalances(tx, s.session_id, applies, now));
    const json summary{{"session_id", s.session_id},
                       {"trading_pair_id", m.trading_pair_id},
                       {"clearing_price", s.clearing_price},
                       {"price_rule", auction::PriceRuleName(s.price_rule)},
                       {"volume", plan.volume},
                       {"quote_volume", plan.quote_volume},
                       {"trades", plan.trades.size()},
                       {"orders", plan.fills.size()}};
    j.Add(Journal::Audit{"session_settled", "execution", "low", std::nullopt, std::nullopt,
                         s.session_id, JsonText(summary)});
    j.Add(Journal::Event{"session", "session_settled", std::nullopt, m.trading_pair_id,
                         JsonText(summary)});
    // One event per owner with all of its orders' outcomes: what a trader's stream needs, at
    // one outbox row per trader rather than per order.
    std::map<int64_t, json> by_owner;
    for (const PlannedFill& f : plan.fills) {
      by_owner[f.user_id].push_back({{"order_id", f.order_id},
                                     {"status", Name(f.status)},
                                     {"filled_amount", f.filled},
                                     {"remaining_amount", f.remaining}});
    }
    for (auto& [owner, fills] : by_owner) {
      j.Add(Journal::Event{
          "order", "orders_settled", owner, m.trading_pair_id,
          JsonText(json{{"session_id", s.session_id}, {"orders", std::move(fills)}})});
    }
    return Status::Ok();
  });
}

Status Sessions::Fail(const Principal& p, int64_t session_id, std::string_view reason) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kService}, "matching_sessions"));
  PP_RETURN_IF_ERROR(ValidateText(reason, 1, 1024, "matching_sessions.failure_reason"));
  return ctx_.Write(p, [&](SqlTx& tx, Journal& j, int64_t now) -> Status {
    PP_ASSIGN_OR_RETURN(MatchingSession m, LoadSession(tx, session_id));
    PP_RETURN_IF_ERROR(RequireFrozen(m));
    PP_RETURN_IF_ERROR(ctx_.procs().FailSession(tx, session_id, reason, now));
    const json data{{"session_id", session_id},
                    {"trading_pair_id", m.trading_pair_id},
                    {"orders", m.buy_orders_count + m.sell_orders_count},
                    {"reason", std::string(reason)}};
    j.Add(Journal::Audit{"session_failed", "execution", "high", std::nullopt, std::nullopt,
                         session_id, JsonText(data)});
    j.Add(Journal::Event{"session", "session_failed", std::nullopt, m.trading_pair_id,
                         JsonText(data)});
    return Status::Ok();
  });
}

namespace {

constexpr std::string_view kTradeColumns = R"sql(
    id, matching_session_id, trading_pair_id, buy_order_id, sell_order_id, buyer_id,
    seller_id, amount, price, total_value, buyer_fee, seller_fee, created_at)sql";

Result<std::vector<Trade>> ReadTrades(const SqlResult& r) {
  std::vector<Trade> out;
  out.reserve(r.size());
  for (size_t i = 0; i < r.size(); ++i) {
    RowReader row(r, i);
    Trade t;
    t.id = row.Int("id");
    t.matching_session_id = row.Int("matching_session_id");
    t.trading_pair_id = row.Int("trading_pair_id");
    t.buy_order_id = row.Int("buy_order_id");
    t.sell_order_id = row.Int("sell_order_id");
    t.buyer_id = row.Int("buyer_id");
    t.seller_id = row.Int("seller_id");
    t.amount = row.Amount("amount");
    t.price = row.Amount("price");
    t.total_value = row.Amount("total_value");
    t.buyer_fee = row.Amount("buyer_fee");
    t.seller_fee = row.Amount("seller_fee");
    t.created_at = row.Int("created_at");
    PP_RETURN_IF_ERROR(row.status());
    out.push_back(t);
  }
  return out;
}

}  // namespace

Result<std::vector<Trade>> Sessions::Trades(const Principal& p, int64_t user_id) {
  PP_RETURN_IF_ERROR(RequireSelfOr(p, user_id, {Role::kAuditor, Role::kService}, "trades"));
  std::vector<Trade> out;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(
        SqlResult r, tx.Query("SELECT " + std::string(kTradeColumns) +
                                  " FROM trades WHERE buyer_id = $1 OR seller_id = $1 ORDER BY id",
                              {SqlValue::Int(user_id)}, "trades"));
    PP_ASSIGN_OR_RETURN(out, ReadTrades(r));
    return Status::Ok();
  }));
  return out;
}

Result<SessionTrades> Sessions::SessionTradesOf(const Principal& p, int64_t session_id) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kAuditor, Role::kService}, "trades"));
  SessionTrades out;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    out = SessionTrades{};
    PP_ASSIGN_OR_RETURN(SqlResult r,
                        tx.Query("SELECT " + std::string(kTradeColumns) +
                                     " FROM trades WHERE matching_session_id = $1 ORDER BY id",
                                 {SqlValue::Int(session_id)}, "trades"));
    PP_ASSIGN_OR_RETURN(out.trades, ReadTrades(r));
    // Session ids grow with time: "earlier" is a smaller id. One join per side, so each
    // uses its order-id index.
    PP_ASSIGN_OR_RETURN(SqlResult f, tx.Query(R"sql(
        SELECT order_id, CAST(sum(amount) AS BIGINT) AS filled FROM (
          SELECT t.buy_order_id AS order_id, t.amount FROM trades t
            JOIN session_orders so ON so.order_id = t.buy_order_id
           WHERE so.matching_session_id = $1 AND t.matching_session_id < $1
          UNION ALL
          SELECT t.sell_order_id AS order_id, t.amount FROM trades t
            JOIN session_orders so ON so.order_id = t.sell_order_id
           WHERE so.matching_session_id = $1 AND t.matching_session_id < $1) x
         GROUP BY order_id ORDER BY order_id)sql",
                                              {SqlValue::Int(session_id)}, "trades"));
    for (size_t i = 0; i < f.size(); ++i) {
      RowReader row(f, i);
      const int64_t id = row.Int("order_id");
      const uint64_t filled = row.Amount("filled");
      PP_RETURN_IF_ERROR(row.status());
      out.filled_before[id] = filled;
    }
    return Status::Ok();
  }));
  return out;
}

}  // namespace phantompool::store::internal
