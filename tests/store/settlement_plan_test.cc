// The settlement plan as a pure function: worked examples with fee rounding, refusals naming
// their field, and randomised sessions whose plans must conserve value exactly, never spend
// more than an order locked, and release exactly what they should (with coverage floors,
// so the properties cannot pass vacuously).
#include "settlement_plan.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "commitments.h"
#include "phantompool/crypto/pedersen.h"

namespace phantompool::store::internal {
namespace {

using crypto::Point;
using crypto::Scalar;
using order::OrderType;
using order::Side;
using order::Validity;

// Odd units, so that fees round and nothing divides evenly by accident.
order::PairSpec OddPair() {
  order::PairFields f;
  f.symbol = "ODD/QTE";
  f.base_token = "BaseMint";
  f.quote_token = "QuoteMint";
  f.base_token_name = "ODD";
  f.quote_token_name = "QTE";
  f.base_lot = 7;
  f.quote_per_tick = 3;
  f.tick_size = 5;
  f.min_price = 5;
  f.max_price = 1'000;
  f.market_sell_collar = 100;
  f.market_buy_collar = 900;
  f.min_order_size = 1;
  f.max_order_size = 100'000;
  f.fee_bps = 13;
  return order::PairSpec::Create(f).value();
}

// A commitment to `value` with blinding `t`, as a trader's obligation would be.
Commitment Committed(uint64_t value, uint64_t t) {
  return EncodePoint(crypto::PedersenCommit(Scalar::FromU64(value), Scalar::FromU64(t)));
}

uint64_t ObligationValue(const order::PairSpec& pair, Side side, OrderType type, uint64_t size,
                         std::optional<uint64_t> limit) {
  if (side == Side::kSell) return pair.BaseAmount(size);
  return pair.Notional(size, type == OrderType::kLimit ? *limit : pair.market_buy_collar());
}

struct Book {
  order::PairSpec pair = OddPair();
  std::vector<FrozenOrder> frozen;
  std::vector<FillInput> fills;
  std::map<int64_t, uint64_t> blinding;

  int64_t Add(int64_t user, Side side, OrderType type, uint64_t size, std::optional<uint64_t> limit,
              Validity v = Validity::kGtc) {
    const int64_t id = static_cast<int64_t>(frozen.size()) + 1;
    FrozenOrder o;
    o.id = id;
    o.user_id = user;
    o.side = side;
    o.type = type;
    o.validity = v;
    o.obligation_token = side == Side::kBuy ? pair.quote_token() : pair.base_token();
    blinding[id] = 1000 + static_cast<uint64_t>(id);
    o.obligation = Committed(ObligationValue(pair, side, type, size, limit), blinding[id]);
    frozen.push_back(o);
    fills.push_back({id, size, limit, 0, 0});
    return id;
  }
  Settlement With(uint64_t price, std::vector<TradeInput> trades, int64_t fee_user = 99) {
    Settlement s;
    s.session_id = 1;
    s.clearing_price = price;
    s.fee_user_id = fee_user;
    s.trades = std::move(trades);
    // What the auction would name: a rule exactly when something trades.
    s.price_rule = s.trades.empty() ? auction::PriceRule::kNone : auction::PriceRule::kMaxVolume;
    s.fills = fills;
    // Ids outside the book (an attack the plan must refuse) have no fill to count into.
    auto count = [&s](int64_t id, uint64_t amount) {
      if (id >= 1 && static_cast<size_t>(id) <= s.fills.size())
        s.fills[id - 1].filled_amount += amount;
    };
    for (const TradeInput& t : s.trades) {
      count(t.buy_order_id, t.amount);
      count(t.sell_order_id, t.amount);
    }
    return s;
  }
};

const PlannedBalance* Row(const SettlementPlan& p, int64_t user, const std::string& token) {
  for (const PlannedBalance& b : p.balances) {
    if (b.user_id == user && b.token == token) return &b;
  }
  return nullptr;
}

TEST(SettlementPlanTest, FeesAreRoundedDownOnWhatEachSideReceives) {
  Book b;
  const int64_t buy = b.Add(1, Side::kBuy, OrderType::kLimit, 11, 505);
  const int64_t sell = b.Add(2, Side::kSell, OrderType::kLimit, 20, 500, Validity::kGtc);
  auto plan = PlanSettlement(b.pair, 7, b.With(500, {{buy, sell, 11}}), b.frozen);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->trades.size(), 1u);
  const PlannedTrade& t = plan->trades[0];
  EXPECT_EQ(t.base_amount, 77u);      // 11 lots × 7
  EXPECT_EQ(t.total_value, 16'500u);  // 11 × 500 × 3
  EXPECT_EQ(t.buyer_fee, 0u);         // floor(77 × 13 / 10000)
  EXPECT_EQ(t.seller_fee, 21u);       // floor(16500 × 13 / 10000) = floor(21.45)
  EXPECT_EQ(Row(*plan, 1, "QuoteMint")->delta, -16'500);
  EXPECT_EQ(Row(*plan, 1, "BaseMint")->delta, 77);
  EXPECT_EQ(Row(*plan, 2, "BaseMint")->delta, -77);
  EXPECT_EQ(Row(*plan, 2, "QuoteMint")->delta, 16'479);
  EXPECT_EQ(Row(*plan, 99, "QuoteMint")->delta, 21);
  EXPECT_EQ(Row(*plan, 99, "BaseMint")->delta, 0);
  EXPECT_EQ(plan->volume, 11u);
  EXPECT_EQ(plan->quote_volume, 16'500u);
  // The buy leaves the book: its whole obligation goes back to the buyer's A. The sell keeps
  // 9 lots: O' = O − 77·G, same blinding.
  EXPECT_EQ(plan->fills[0].status, OrderStatus::kFilled);
  EXPECT_FALSE(plan->fills[0].stays);
  EXPECT_EQ(EncodePoint(Row(*plan, 1, "QuoteMint")->released), b.frozen[0].obligation);
  EXPECT_EQ(Row(*plan, 1, "QuoteMint")->obligations_delta, -1);
  EXPECT_EQ(plan->fills[1].status, OrderStatus::kPartiallyFilled);
  EXPECT_EQ(plan->fills[1].remaining, 9u);
  EXPECT_EQ(plan->fills[1].new_obligation, Committed(9 * 7, b.blinding[sell]));
  EXPECT_EQ(Row(*plan, 2, "BaseMint")->obligations_delta, 0);
  // Sorted by (user, token): the lock order.
  for (size_t i = 1; i < plan->balances.size(); ++i) {
    EXPECT_LT(std::tie(plan->balances[i - 1].user_id, plan->balances[i - 1].token),
              std::tie(plan->balances[i].user_id, plan->balances[i].token));
  }
}

TEST(SettlementPlanTest, APriceImprovementGoesBackToTheBuyer) {
  Book b;
  const int64_t buy = b.Add(1, Side::kBuy, OrderType::kLimit, 10, 600, Validity::kGtc);
  const int64_t sell = b.Add(2, Side::kSell, OrderType::kMarket, 4, std::nullopt);
  auto plan = PlanSettlement(b.pair, 7, b.With(500, {{buy, sell, 4}}), b.frozen);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  // The buy locked 10 × 600 × 3; 4 lots released at the limit (4 × 600 × 3 = 7200) while it
  // paid 4 × 500 × 3 = 6000: A gains the 1200 difference, the remainder stays locked.
  EXPECT_EQ(plan->fills[0].new_obligation, Committed(6 * 600 * 3, b.blinding[buy]));
  EXPECT_EQ(EncodePoint(Row(*plan, 1, "QuoteMint")->released),
            EncodePoint(Point::MulBase(Scalar::FromU64(7200))));
  EXPECT_EQ(Row(*plan, 1, "QuoteMint")->delta, -6000);
}

TEST(SettlementPlanTest, IocRemaindersAreCancelledAndReleased) {
  Book b;
  const int64_t buy = b.Add(1, Side::kBuy, OrderType::kMarket, 10, std::nullopt, Validity::kIoc);
  const int64_t sell = b.Add(2, Side::kSell, OrderType::kLimit, 3, 400);
  auto plan = PlanSettlement(b.pair, 7, b.With(500, {{buy, sell, 3}}), b.frozen);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->fills[0].status, OrderStatus::kCancelled);
  EXPECT_EQ(plan->fills[0].remaining, 7u);
  EXPECT_FALSE(plan->fills[0].new_obligation.has_value());
  EXPECT_EQ(Row(*plan, 1, "QuoteMint")->obligations_delta, -1);
}

TEST(SettlementPlanTest, RefusalsNameTheirField) {
  Book b;
  const int64_t buy = b.Add(1, Side::kBuy, OrderType::kLimit, 10, 500);
  const int64_t sell = b.Add(2, Side::kSell, OrderType::kLimit, 10, 500);
  const int64_t own = b.Add(1, Side::kSell, OrderType::kLimit, 10, 500);
  auto field = [&](Settlement s) {
    return PlanSettlement(b.pair, 7, s, b.frozen).status().field();
  };
  auto good = [&] { return b.With(500, {{buy, sell, 10}}); };
  Settlement s = good();
  s.clearing_price = 502;  // off the grid
  EXPECT_EQ(field(s), "settlement.clearing_price");
  s = good();
  s.fills.pop_back();
  EXPECT_EQ(field(s), "settlement.fills");
  s = good();
  s.fills[2].order_id = 1;
  EXPECT_EQ(field(s), "fills[2].order_id");
  s = good();
  s.fills[0].size = 0;
  EXPECT_EQ(field(s), "fills[0].size");
  s = good();
  s.fills[0].min_fill = 11;
  EXPECT_EQ(field(s), "fills[0].min_fill");
  s = good();
  s.fills[1].limit_price.reset();
  EXPECT_EQ(field(s), "fills[1].limit_price");
  s = good();
  s.fills[1].limit_price = 503;
  EXPECT_EQ(field(s), "fills[1].limit_price");
  s = good();
  s.fills[0].filled_amount = 11;
  EXPECT_EQ(field(s), "fills[0].filled_amount");
  s = good();
  s.fills[0].filled_amount = 9;
  EXPECT_EQ(field(s), "fills[0].filled_amount");
  s = b.With(500, {{buy, own, 10}});
  EXPECT_EQ(field(s), "trades[0].sell_order_id");  // a self-trade
  s = b.With(500, {{sell, buy, 1}});
  EXPECT_EQ(field(s), "trades[0].buy_order_id");
  s = b.With(500, {{buy, 77, 1}});
  EXPECT_EQ(field(s), "trades[0].sell_order_id");
  s = b.With(505, {{buy, sell, 10}});
  EXPECT_EQ(field(s), "trades[0].buy_order_id");  // above the buy's limit
  s = b.With(500, {{buy, sell, 0}});
  EXPECT_EQ(field(s), "trades[0].amount");
  s = b.With(500, {{buy, sell, 6}, {buy, sell, 6}});
  s.fills[0].filled_amount = s.fills[1].filled_amount = 10;
  EXPECT_EQ(field(s), "trades[1].amount");  // more than either order has open
  s = good();
  s.fills[0].min_fill = 10;
  s.fills[0].filled_amount = 10;
  EXPECT_TRUE(PlanSettlement(b.pair, 7, s, b.frozen).ok());
  s = b.With(500, {{buy, sell, 4}});
  s.fills[0].min_fill = 5;
  EXPECT_EQ(field(s), "fills[0].min_fill");
  // A remainder from an earlier session: the decrypted size must be the same.
  b.frozen[1].filled_before = 4;
  b.frozen[1].remaining_before = 6;
  s = b.With(500, {{buy, sell, 6}});
  s.fills[0].filled_amount = 6;
  EXPECT_TRUE(PlanSettlement(b.pair, 7, s, b.frozen).ok());
  s.fills[1].size = 11;
  EXPECT_EQ(field(s), "fills[1].size");
}

// The price rule agrees with the outcome: "none" exactly when nothing trades, and only the
// auction's rules.
TEST(SettlementPlanTest, ThePriceRuleAgreesWithTheTrades) {
  Book b;
  const int64_t buy = b.Add(1, Side::kBuy, OrderType::kLimit, 10, 500);
  const int64_t sell = b.Add(2, Side::kSell, OrderType::kLimit, 10, 500);
  auto plan = [&](const Settlement& s) { return PlanSettlement(b.pair, 7, s, b.frozen); };
  for (auto rule : {auction::PriceRule::kMaxVolume, auction::PriceRule::kMinSurplus,
                    auction::PriceRule::kBuyPressure, auction::PriceRule::kSellPressure,
                    auction::PriceRule::kReference, auction::PriceRule::kMarketOnlyReference}) {
    Settlement s = b.With(500, {{buy, sell, 10}});
    s.price_rule = rule;
    EXPECT_TRUE(plan(s).ok()) << auction::PriceRuleName(rule);
    s.price_rule = auction::PriceRule::kNone;  // "nothing crossed", yet a trade
    EXPECT_EQ(plan(s).status().field(), "settlement.price_rule");
    Settlement none = b.With(500, {});
    EXPECT_TRUE(plan(none).ok());
    none.price_rule = rule;  // a rule that found a price, yet no trade
    EXPECT_EQ(plan(none).status().field(), "settlement.price_rule");
  }
  Settlement s = b.With(500, {{buy, sell, 10}});
  s.price_rule = static_cast<auction::PriceRule>(99);  // would be stored under another name
  EXPECT_EQ(plan(s).status().field(), "settlement.price_rule");
  EXPECT_EQ(plan(s).status().code(), StatusCode::kInvalidArgument);
}

// Random sessions, matched by a simple honest matcher; every plan must conserve value per
// token, pay each fee as floor(received × bps / 10000), and keep every order within its lock.
TEST(SettlementPlanTest, RandomSessionsConserveValueAndStayWithinTheirLocks) {
  std::mt19937_64 rng(20261125);
  int partial = 0, ioc_cancelled = 0, inexact_fees = 0, market = 0, plans = 0;
  for (int round = 0; round < 300; ++round) {
    Book b;
    const uint64_t price = 5 * (1 + rng() % 200);
    const int n = 2 + static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) {
      const Side side = rng() % 2 ? Side::kBuy : Side::kSell;
      const OrderType type = rng() % 4 == 0 ? OrderType::kMarket : OrderType::kLimit;
      std::optional<uint64_t> limit;
      if (type == OrderType::kLimit) {
        const uint64_t step = 5 * (rng() % 5);
        limit = side == Side::kBuy ? std::min<uint64_t>(1'000, price + step)
                                   : (price > step ? price - step : 5);
      }
      const Validity v = rng() % 3 == 0 ? Validity::kIoc : Validity::kGtc;
      b.Add(1 + static_cast<int64_t>(rng() % 4), side, type, 1 + rng() % 500, limit, v);
    }
    std::map<int64_t, uint64_t> open;
    for (const FillInput& f : b.fills) open[f.order_id] = f.size;
    std::vector<TradeInput> trades;
    for (const FrozenOrder& buy : b.frozen) {
      if (buy.side != Side::kBuy) continue;
      if (buy.type == OrderType::kMarket && price > b.pair.market_buy_collar()) continue;
      for (const FrozenOrder& sell : b.frozen) {
        if (sell.side != Side::kSell || sell.user_id == buy.user_id) continue;
        if (sell.type == OrderType::kMarket && price < b.pair.market_sell_collar()) continue;
        const uint64_t most = std::min(open[buy.id], open[sell.id]);
        if (most == 0) continue;
        const uint64_t amount = 1 + rng() % most;
        open[buy.id] -= amount;
        open[sell.id] -= amount;
        trades.push_back({buy.id, sell.id, amount});
      }
    }
    const Settlement s = b.With(price, trades, 50);
    auto plan = PlanSettlement(b.pair, 7, s, b.frozen);
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    ++plans;
    std::map<std::string, __int128> sum;
    for (const PlannedBalance& row : plan->balances) sum[row.token] += row.delta;
    for (const auto& [token, total] : sum) EXPECT_EQ(total, 0) << token;
    for (const PlannedTrade& t : plan->trades) {
      EXPECT_EQ(t.buyer_fee, t.base_amount * 13 / 10'000);
      EXPECT_EQ(t.seller_fee, t.total_value * 13 / 10'000);
      inexact_fees += (t.total_value * 13) % 10'000 != 0;
    }
    // Per order: what it spent is within what it released, and O − O' is what the plan says.
    std::map<int64_t, uint64_t> spent;
    for (const PlannedTrade& t : plan->trades) {
      spent[t.buy_order_id] += t.total_value;
      spent[t.sell_order_id] += t.base_amount;
    }
    for (size_t i = 0; i < plan->fills.size(); ++i) {
      const PlannedFill& f = plan->fills[i];
      const FrozenOrder& o = b.frozen[i];
      const uint64_t locked = ObligationValue(b.pair, o.side, o.type, f.size, f.limit_price);
      const uint64_t released = ObligationValue(b.pair, o.side, o.type, f.filled, f.limit_price);
      EXPECT_LE(spent[o.id], released) << "order " << o.id;
      market += o.type == OrderType::kMarket && f.filled > 0;
      if (f.stays) {
        ++partial;
        EXPECT_EQ(f.new_obligation, Committed(locked - released, b.blinding[o.id]));
      } else {
        EXPECT_FALSE(f.new_obligation.has_value());
        ioc_cancelled += f.status == OrderStatus::kCancelled;
      }
    }
  }
  // Coverage floors: each case the properties speak about must actually have occurred.
  EXPECT_EQ(plans, 300);
  EXPECT_GT(partial, 100);
  EXPECT_GT(ioc_cancelled, 30);
  EXPECT_GT(inexact_fees, 100);
  EXPECT_GT(market, 30);
}

}  // namespace
}  // namespace phantompool::store::internal
