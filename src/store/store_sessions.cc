// StoreCore: matching sessions — freeze a batch, settle it, read trades.
#include <map>
#include <nlohmann/json.hpp>

#include "commitments.h"
#include "store_core.h"
#include "validation.h"

namespace phantompool::store::internal {

using nlohmann::json;

namespace {

struct FrozenOrder {
  int64_t user_id = 0;
  Side side = Side::kBuy;
  bool ioc = false;
  std::string token;
  Commitment obligation{};
  uint64_t traded = 0;
  bool seen = false;
};

[[noreturn]] void Bad(const std::string& field, const std::string& why) {
  Fail(Status::InvalidArgument(field, why));
}

}  // namespace

Result<SessionCreated> StoreCore::CreateMatchingSession(const Principal& p, int64_t pair_id,
                                                        const Bytes& vrf_seed,
                                                        const std::vector<int64_t>& executors) {
  SessionCreated out;
  PP_RETURN_IF_ERROR(Write(p, [&](SqlTx& tx, Journal& j) {
    RequireRole(p, {Role::kService}, "matching_sessions");
    ValidateBytes(vrf_seed, 32, 32, "matching_sessions.vrf_seed");
    if (executors.empty() || executors.size() > 255) {
      Bad("matching_sessions.executor_assignments", "must name 1..255 executors");
    }
    out.session_id = ProcCreateSession(tx, pair_id, vrf_seed, json(executors).dump());
    SqlResult s = tx.Query("SELECT session_number FROM matching_sessions WHERE id = $1",
                           {SqlValue::Int(out.session_id)}, "matching_sessions");
    out.session_number = s.Row(0).Int(0);
    SqlResult o =
        tx.Query("SELECT id FROM encrypted_orders WHERE matching_session_id = $1 ORDER BY id",
                 {SqlValue::Int(out.session_id)}, "encrypted_orders");
    for (size_t i = 0; i < o.size(); ++i) out.order_ids.push_back(o.Row(i).Int(0));
    const json data{{"session_id", out.session_id},
                    {"session_number", out.session_number},
                    {"trading_pair_id", pair_id},
                    {"orders", out.order_ids.size()}};
    j.Add(Journal::Audit{"session_frozen", "matching", "low", std::nullopt, std::nullopt,
                         out.session_id, data.dump()});
    j.Add(Journal::Event{"session", "session_frozen", std::nullopt, pair_id, data.dump()});
  }));
  return out;
}

Result<MatchingSession> StoreCore::GetSession(const Principal& p, int64_t session_id) {
  MatchingSession m;
  PP_RETURN_IF_ERROR(Read(p, [&](SqlTx& tx) {
    SqlResult r = tx.Query(
        "SELECT id, trading_pair_id, session_number, status, buy_orders_count, sell_orders_count, "
        "clearing_price, total_volume, total_quote_volume, vrf_seed, vrf_output, vrf_proof, "
        "executor_assignments, created_at, settled_at FROM matching_sessions WHERE id = $1",
        {SqlValue::Int(session_id)}, "matching_sessions");
    if (r.empty())
      Fail(Status::NotFound("matching_sessions.id", "no session " + std::to_string(session_id)));
    const SqlRow row = r.Row(0);
    m.id = row.Int(0);
    m.trading_pair_id = row.Int(1);
    m.session_number = row.Int(2);
    m.status = row.Text(3);
    m.buy_orders_count = static_cast<int32_t>(row.Int(4));
    m.sell_orders_count = static_cast<int32_t>(row.Int(5));
    m.clearing_price = row.OptAmount(6);
    m.total_volume = row.OptAmount(7);
    m.total_quote_volume = row.OptAmount(8);
    m.vrf_seed = row.Blob(9);
    if (!row.IsNull(10)) m.vrf_output = row.Blob(10);
    if (!row.IsNull(11)) m.vrf_proof = row.Blob(11);
    const auto ex = json::parse(row.Text(12), nullptr, false);
    if (!ex.is_array())
      Fail(Status::Corruption("matching_sessions.executor_assignments", "not an array"));
    for (const auto& e : ex) {
      if (!e.is_number_integer())
        Fail(Status::Corruption("matching_sessions.executor_assignments", "bad id"));
      m.executor_node_ids.push_back(e.get<int64_t>());
    }
    m.created_at = row.Int(13);
    m.settled_at = row.OptInt(14);
  }));
  return m;
}

Status StoreCore::SettleSession(const Principal& p, const Settlement& s) {
  return Write(p, [&](SqlTx& tx, Journal& j) {
    RequireRole(p, {Role::kService}, "matching_sessions");
    // Not locked here (the service may not UPDATE sessions): settle_matching_session locks
    // the row and re-checks its status and every figure derived from this read.
    SqlResult sr = tx.Query("SELECT trading_pair_id, status FROM matching_sessions WHERE id = $1",
                            {SqlValue::Int(s.session_id)}, "matching_sessions");
    if (sr.empty())
      Fail(Status::NotFound("matching_sessions.id", "no session " + std::to_string(s.session_id)));
    if (sr.Row(0).Text(1) != "frozen") {
      Fail(Status::FailedPrecondition("matching_sessions.status",
                                      "session is " + sr.Row(0).Text(1)));
    }
    const TradingPair pair = LoadPair(tx, sr.Row(0).Int(0));
    if (s.clearing_price < pair.min_price || s.clearing_price > pair.max_price ||
        s.clearing_price % pair.tick_size) {
      Bad("matching_sessions.clearing_price", "must lie on the pair's price grid");
    }
    ValidateBytes(s.vrf_output, 1, 4096, "matching_sessions.vrf_output");
    ValidateBytes(s.vrf_proof, 1, 4096, "matching_sessions.vrf_proof");
    if (tx.Query("SELECT 1 FROM users WHERE id = $1", {SqlValue::Int(s.fee_user_id)}, "users")
            .empty()) {
      Fail(Status::NotFound("settlement.fee_user_id", "no user " + std::to_string(s.fee_user_id)));
    }
    std::map<int64_t, FrozenOrder> orders;
    SqlResult orows = tx.Query(
        "SELECT id, user_id, side, validity, obligation_token, obligation_commitment "
        "FROM encrypted_orders WHERE matching_session_id = $1",
        {SqlValue::Int(s.session_id)}, "encrypted_orders");
    for (size_t i = 0; i < orows.size(); ++i) {
      const SqlRow row = orows.Row(i);
      FrozenOrder f{row.Int(1), row.Text(2) == "buy" ? Side::kBuy : Side::kSell,
                    row.Text(3) == "ioc", row.Text(4), row.Commit(5)};
      orders.emplace(row.Int(0), std::move(f));
    }
    // Double entry in 128 bits: the sums below cannot overflow before they are checked.
    std::map<std::pair<int64_t, std::string>, __int128> delta;
    std::map<std::pair<int64_t, std::string>,
             std::pair<std::vector<Commitment>, std::vector<Commitment>>>
        locks;
    std::map<std::pair<int64_t, std::string>, int64_t> released;
    uint64_t volume = 0;
    for (size_t i = 0; i < s.trades.size(); ++i) {
      const TradeInput& t = s.trades[i];
      const std::string f = "trades[" + std::to_string(i) + "]";
      auto b = orders.find(t.buy_order_id), se = orders.find(t.sell_order_id);
      if (b == orders.end() || b->second.side != Side::kBuy)
        Bad(f + ".buy_order_id", "not a buy order of this session");
      if (se == orders.end() || se->second.side != Side::kSell)
        Bad(f + ".sell_order_id", "not a sell order of this session");
      if (b->second.user_id == se->second.user_id) Bad(f + ".seller_id", "self-trade");
      if (t.amount == 0 || t.amount > kMaxAmount) Bad(f + ".amount", "must be positive");
      if (t.price != s.clearing_price) Bad(f + ".price", "must equal the clearing price");
      const auto value = QuoteValue(pair, t.amount, t.price);
      if (!value || *value != t.total_value)
        Bad(f + ".total_value", "differs from the trade's notional");
      if (t.seller_fee > t.total_value || t.buyer_fee > kMaxAmount)
        Bad(f + ".seller_fee", "fee exceeds the value");
      b->second.traded += t.amount;
      se->second.traded += t.amount;
      if (b->second.traded > kMaxAmount || se->second.traded > kMaxAmount)
        Bad(f + ".amount", "overflow");
      volume += t.amount;
      if (volume > kMaxAmount) Bad(f + ".amount", "session volume overflows");
      const auto bu = b->second.user_id, su = se->second.user_id;
      delta[{bu, pair.quote_token}] -= static_cast<__int128>(t.total_value) + t.buyer_fee;
      // amount < 2^63 and base_lot < 2^63: the product fits in 128 bits.
      const __int128 base = static_cast<__int128>(t.amount) * pair.base_lot;
      delta[{bu, pair.base_token}] += base;
      delta[{su, pair.base_token}] -= base;
      delta[{su, pair.quote_token}] += static_cast<__int128>(t.total_value) - t.seller_fee;
      delta[{s.fee_user_id, pair.quote_token}] += static_cast<__int128>(t.buyer_fee) + t.seller_fee;
    }
    if (s.fills.size() != orders.size())
      Bad("settlement.fills", "must name every order of the session exactly once");
    for (size_t i = 0; i < s.fills.size(); ++i) {
      const FillInput& fi = s.fills[i];
      const std::string f = "fills[" + std::to_string(i) + "]";
      auto it = orders.find(fi.order_id);
      if (it == orders.end() || it->second.seen)
        Bad("settlement.fills", "must name every order of the session exactly once");
      FrozenOrder& o = it->second;
      o.seen = true;
      if (fi.filled_amount != o.traded)
        Bad("encrypted_orders.filled_amount", "differs from the sum of its trades");
      if (fi.remaining_amount > kMaxAmount)
        Bad(f + ".remaining_amount", "exceeds the 63-bit bound");
      if (fi.min_fill_amount &&
          (*fi.min_fill_amount > kMaxAmount ||
           (fi.filled_amount > 0 && fi.filled_amount < *fi.min_fill_amount))) {
        Bad("encrypted_orders.min_fill_amount", "a fill below the minimum");
      }
      const bool stays = fi.remaining_amount > 0 && !o.ioc;
      if (stays != fi.remaining_obligation_commitment.has_value()) {
        Bad("settlement.fills.remaining_commitment",
            "required exactly for orders that stay on the book");
      }
      auto& l = locks[{o.user_id, o.token}];
      l.first.push_back(o.obligation);
      if (stays)
        l.second.push_back(*fi.remaining_obligation_commitment);
      else
        released[{o.user_id, o.token}] += 1;
      delta[{o.user_id, o.token}] += 0;  // the row is touched even without a trade
    }
    std::map<std::string, __int128> per_token;
    for (const auto& [k, d] : delta) per_token[k.second] += d;
    for (const auto& [token, sum] : per_token) {
      if (sum != 0) Fail(Status::Internal("settlement.balances", "value is not conserved"));
    }
    std::vector<BalanceApply> applies;
    for (const auto& [key, d] : delta) {  // sorted: a fixed lock order
      const BalanceRow bal = LockBalance(tx, key.first, key.second);
      const __int128 after = static_cast<__int128>(bal.balance) + d;
      if (after < 0)
        Fail(Status::InsufficientFunds("user_balances.balance",
                                       "settlement would overdraw a balance"));
      if (after > static_cast<__int128>(kMaxAmount))
        Bad("user_balances.balance", "exceeds the 63-bit bound");
      BalanceApply a;
      a.locked.user_id = key.first;
      a.locked.token = key.second;
      a.locked.expected_locked = bal.exists ? bal.locked : IdentityCommitment();
      a.locked.new_locked = a.locked.expected_locked;
      auto l = locks.find(key);
      if (l != locks.end()) {
        for (const Commitment& c : l->second.first)
          a.locked.new_locked = SubCommitments(a.locked.new_locked, c, "obligation_commitment");
        for (const Commitment& c : l->second.second) {
          a.locked.new_locked =
              AddCommitments(a.locked.new_locked, c, "settlement.fills.remaining_commitment");
        }
      }
      auto r = released.find(key);
      a.locked.obligations_delta = r == released.end() ? 0 : -r->second;
      a.delta = static_cast<int64_t>(d);
      a.new_balance_commitment = BalanceCommitment(static_cast<uint64_t>(after));
      a.locked.new_available =
          SubCommitments(a.new_balance_commitment, a.locked.new_locked, "locked", true);
      applies.push_back(std::move(a));
    }
    ProcSettle(tx, s, applies);
    uint64_t quote_volume = 0;
    for (const TradeInput& t : s.trades) quote_volume += t.total_value;
    const json summary{{"session_id", s.session_id},
                       {"trading_pair_id", pair.id},
                       {"clearing_price", s.clearing_price},
                       {"volume", volume},
                       {"quote_volume", quote_volume},
                       {"trades", s.trades.size()},
                       {"orders", s.fills.size()}};
    j.Add(Journal::Audit{"session_settled", "execution", "low", std::nullopt, std::nullopt,
                         s.session_id, summary.dump()});
    j.Add(Journal::Event{"session", "session_settled", std::nullopt, pair.id, summary.dump()});
    for (const FillInput& fi : s.fills) {
      const FrozenOrder& o = orders.at(fi.order_id);
      j.Add(Journal::Event{"order", "order_settled", o.user_id, pair.id,
                           json{{"order_id", fi.order_id},
                                {"session_id", s.session_id},
                                {"filled_amount", fi.filled_amount},
                                {"remaining_amount", fi.remaining_amount}}
                               .dump()});
    }
  });
}

Result<std::vector<Trade>> StoreCore::ListTrades(const Principal& p, int64_t user_id) {
  std::vector<Trade> out;
  PP_RETURN_IF_ERROR(Read(p, [&](SqlTx& tx) {
    RequireSelfOr(p, user_id, {Role::kAuditor, Role::kService}, "trades");
    SqlResult r = tx.Query(
        "SELECT id, matching_session_id, trading_pair_id, buy_order_id, sell_order_id, buyer_id, "
        "seller_id, amount, price, total_value, buyer_fee, seller_fee, protocol_fee, "
        "settlement_status, created_at FROM trades WHERE buyer_id = $1 OR seller_id = $1 ORDER BY "
        "id",
        {SqlValue::Int(user_id)}, "trades");
    for (size_t i = 0; i < r.size(); ++i) {
      const SqlRow row = r.Row(i);
      Trade t;
      t.id = row.Int(0);
      t.matching_session_id = row.Int(1);
      t.trading_pair_id = row.Int(2);
      t.buy_order_id = row.Int(3);
      t.sell_order_id = row.Int(4);
      t.buyer_id = row.Int(5);
      t.seller_id = row.Int(6);
      t.amount = row.Amount(7);
      t.price = row.Amount(8);
      t.total_value = row.Amount(9);
      t.buyer_fee = row.Amount(10);
      t.seller_fee = row.Amount(11);
      t.protocol_fee = row.Amount(12);
      t.settlement_status = row.Text(13);
      t.created_at = row.Int(14);
      out.push_back(std::move(t));
    }
  }));
  return out;
}

}  // namespace phantompool::store::internal
