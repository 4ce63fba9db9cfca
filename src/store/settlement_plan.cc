#include "settlement_plan.h"

#include <map>
#include <unordered_map>

#include "commitments.h"

namespace phantompool::store::internal {
namespace {

using order::OrderType;
using order::Side;
using order::Validity;
using Key = std::pair<int64_t, std::string>;  // (user, token): the lock order

Status Bad(const std::string& field, std::string why) {
  return Status::InvalidArgument(field, std::move(why));
}

std::string At(const char* list, size_t i, const char* field) {
  return std::string(list) + "[" + std::to_string(i) + "]." + field;
}

// Is the clearing price within what the order accepts (its limit, or the pair's collar)?
bool PriceAcceptable(const order::PairSpec& pair, const FrozenOrder& o,
                     const std::optional<uint64_t>& limit, uint64_t price) {
  if (o.side == Side::kBuy) {
    return price <= (o.type == OrderType::kLimit ? *limit : pair.market_buy_collar());
  }
  return price >= (o.type == OrderType::kLimit ? *limit : pair.market_sell_collar());
}

// The part of the obligation that `filled` lots release: what was locked for them, at the
// order's own limit (or the collar), not at the clearing price.
uint64_t ReleasedAmount(const order::PairSpec& pair, const FrozenOrder& o,
                        const std::optional<uint64_t>& limit, uint64_t filled) {
  if (o.side == Side::kSell) return pair.BaseAmount(filled);
  return pair.Notional(filled, o.type == OrderType::kLimit ? *limit : pair.market_buy_collar());
}

struct OrderState {
  const FrozenOrder* order = nullptr;
  const FillInput* fill = nullptr;
  uint64_t open = 0;    // lots open for this session
  uint64_t traded = 0;  // lots traded in this session, summed over its trades
};

// Checks one fill against its order and the pair; on success fills state.open.
Status CheckFill(const order::PairSpec& pair, const FillInput& f, size_t i, OrderState& state) {
  const FrozenOrder& o = *state.order;
  if (f.size < pair.min_order_size() || f.size > pair.max_order_size()) {
    return Bad(At("fills", i, "size"), "outside the pair's order sizes");
  }
  if (f.min_fill > f.size) return Bad(At("fills", i, "min_fill"), "greater than the size");
  if ((o.type == OrderType::kLimit) != f.limit_price.has_value()) {
    return Bad(At("fills", i, "limit_price"), "required for limit orders, absent for market ones");
  }
  if (f.limit_price && !pair.IsValidPrice(*f.limit_price)) {
    return Bad(At("fills", i, "limit_price"), "not on the pair's price grid");
  }
  if (o.remaining_before && f.size != o.filled_before + *o.remaining_before) {
    return Bad(At("fills", i, "size"), "differs from the size decrypted at an earlier settlement");
  }
  if (o.filled_before >= f.size) return Bad(At("fills", i, "size"), "nothing of it is open");
  state.open = f.size - o.filled_before;
  if (f.filled_amount > state.open) {
    return Bad(At("fills", i, "filled_amount"), "more than the order has open");
  }
  return Status::Ok();
}

}  // namespace

Result<SettlementPlan> PlanSettlement(const order::PairSpec& pair, int64_t pair_id,
                                      const Settlement& in, std::span<const FrozenOrder> frozen) {
  if (!pair.IsValidPrice(in.clearing_price)) {
    return Bad("settlement.clearing_price", "not on the pair's price grid");
  }
  std::unordered_map<int64_t, OrderState> orders;
  for (const FrozenOrder& o : frozen) orders[o.id].order = &o;
  if (in.fills.size() != frozen.size()) {
    return Bad("settlement.fills", "must name every order of the session exactly once");
  }
  for (size_t i = 0; i < in.fills.size(); ++i) {
    auto it = orders.find(in.fills[i].order_id);
    if (it == orders.end() || it->second.fill != nullptr) {
      return Bad(At("fills", i, "order_id"), "not an order of this session, or named twice");
    }
    it->second.fill = &in.fills[i];
    PP_RETURN_IF_ERROR(CheckFill(pair, in.fills[i], i, it->second));
  }

  SettlementPlan plan;
  plan.session_id = in.session_id;
  plan.trading_pair_id = pair_id;
  plan.clearing_price = in.clearing_price;
  // Double entry in 128 bits: nothing below can overflow before it is checked.
  std::map<Key, __int128> delta;
  const uint64_t price = in.clearing_price;
  for (size_t j = 0; j < in.trades.size(); ++j) {
    const TradeInput& t = in.trades[j];
    auto b = orders.find(t.buy_order_id);
    auto s = orders.find(t.sell_order_id);
    if (b == orders.end() || b->second.order->side != Side::kBuy) {
      return Bad(At("trades", j, "buy_order_id"), "not a buy order of this session");
    }
    if (s == orders.end() || s->second.order->side != Side::kSell) {
      return Bad(At("trades", j, "sell_order_id"), "not a sell order of this session");
    }
    const FrozenOrder& buy = *b->second.order;
    const FrozenOrder& sell = *s->second.order;
    if (buy.user_id == sell.user_id) return Bad(At("trades", j, "sell_order_id"), "a self-trade");
    if (t.amount == 0) return Bad(At("trades", j, "amount"), "must be positive");
    // Bounded by what each order has open, so within max_order_size: Notional cannot overflow.
    if (t.amount > b->second.open - b->second.traded ||
        t.amount > s->second.open - s->second.traded) {
      return Bad(At("trades", j, "amount"), "more than the orders have open");
    }
    if (!PriceAcceptable(pair, buy, b->second.fill->limit_price, price)) {
      return Bad(At("trades", j, "buy_order_id"), "the clearing price is above its limit");
    }
    if (!PriceAcceptable(pair, sell, s->second.fill->limit_price, price)) {
      return Bad(At("trades", j, "sell_order_id"), "the clearing price is below its limit");
    }
    b->second.traded += t.amount;
    s->second.traded += t.amount;
    PlannedTrade pt;
    pt.buy_order_id = buy.id;
    pt.sell_order_id = sell.id;
    pt.buyer_id = buy.user_id;
    pt.seller_id = sell.user_id;
    pt.amount = t.amount;
    pt.base_amount = pair.BaseAmount(t.amount);
    pt.total_value = pair.Notional(t.amount, price);
    pt.buyer_fee = pair.FeeOn(pt.base_amount);
    pt.seller_fee = pair.FeeOn(pt.total_value);
    delta[{buy.user_id, pair.quote_token()}] -= pt.total_value;
    delta[{buy.user_id, pair.base_token()}] += pt.base_amount - pt.buyer_fee;
    delta[{sell.user_id, pair.base_token()}] -= pt.base_amount;
    delta[{sell.user_id, pair.quote_token()}] += pt.total_value - pt.seller_fee;
    delta[{in.fee_user_id, pair.base_token()}] += pt.buyer_fee;
    delta[{in.fee_user_id, pair.quote_token()}] += pt.seller_fee;
    plan.volume += t.amount;
    plan.quote_volume += pt.total_value;
    if (plan.volume > kMaxAmount || plan.quote_volume > kMaxAmount) {
      return Bad(At("trades", j, "amount"), "the session's volume exceeds the 63-bit bound");
    }
    plan.trades.push_back(pt);
  }

  // The auction names a rule exactly when it found a price, and a price always carries
  // volume (docs/auction.md): "none" with trades, or a rule without any, is not its outcome.
  // An enum value outside the named ones would be stored under another rule's name.
  const auto known = auction::ParsePriceRule(auction::PriceRuleName(in.price_rule), "");
  if (!known.ok() || *known != in.price_rule) {
    return Bad("settlement.price_rule", "not a rule of the auction");
  }
  if ((in.price_rule == auction::PriceRule::kNone) != plan.trades.empty()) {
    return Bad("settlement.price_rule", plan.trades.empty()
                                            ? "a price rule was named but nothing trades"
                                            : "\"none\" but the settlement has trades");
  }

  std::map<Key, PlannedBalance> rows;
  for (size_t i = 0; i < in.fills.size(); ++i) {
    const FillInput& f = in.fills[i];
    const OrderState& st = orders.at(f.order_id);
    const FrozenOrder& o = *st.order;
    if (f.filled_amount != st.traded) {
      return Bad(At("fills", i, "filled_amount"), "differs from the sum of its trades");
    }
    if (f.filled_amount > 0 && f.filled_amount < std::min(f.min_fill, st.open)) {
      return Bad(At("fills", i, "min_fill"), "filled below the order's minimum");
    }
    PlannedFill pf;
    pf.order_id = o.id;
    pf.user_id = o.user_id;
    pf.token = o.obligation_token;
    pf.size = f.size;
    pf.min_fill = f.min_fill;
    pf.limit_price = f.limit_price;
    pf.filled = f.filled_amount;
    pf.filled_total = o.filled_before + f.filled_amount;
    pf.remaining = st.open - f.filled_amount;
    pf.stays = pf.remaining > 0 && o.validity != Validity::kIoc;
    pf.status = pf.remaining == 0              ? OrderStatus::kFilled
                : o.validity == Validity::kIoc ? OrderStatus::kCancelled
                : pf.filled_total > 0          ? OrderStatus::kPartiallyFilled
                                               : OrderStatus::kActive;
    PlannedBalance& row = rows[{o.user_id, o.obligation_token}];
    PP_ASSIGN_OR_RETURN(crypto::Point obligation,
                        DecodeStored(o.obligation, "encrypted_orders.obligation_commitment"));
    if (pf.stays) {
      const uint64_t released = ReleasedAmount(pair, o, f.limit_price, f.filled_amount);
      const crypto::Point part = released == 0
                                     ? crypto::Point::Identity()
                                     : crypto::Point::MulBase(crypto::Scalar::FromU64(released));
      pf.new_obligation = EncodePoint(obligation - part);
      row.released += part;
    } else {
      row.released += obligation;
      row.obligations_delta -= 1;
    }
    delta[{o.user_id, o.obligation_token}] += 0;  // the row is touched even without a trade
    plan.fills.push_back(std::move(pf));
  }

  std::map<std::string, __int128> per_token;
  for (const auto& [key, d] : delta) {
    per_token[key.second] += d;
    if (d > static_cast<__int128>(kMaxAmount) || d < -static_cast<__int128>(kMaxAmount)) {
      return Bad("settlement.balances", "a balance change exceeds the 63-bit bound");
    }
    PlannedBalance& row = rows[key];
    row.user_id = key.first;
    row.token = key.second;
    row.delta = static_cast<int64_t>(d);
  }
  for (const auto& [token, sum] : per_token) {
    if (sum != 0) return Status::Internal("settlement.balances", "value is not conserved");
  }
  for (auto& [key, row] : rows) plan.balances.push_back(std::move(row));
  return plan;
}

}  // namespace phantompool::store::internal
