// Worked examples with hand-computed results: one per price rule, and the special cases
// (market orders and their collars, ioc, expiry, empty and one-sided batches, exact
// notional and its 128-bit limit). docs/auction.md walks through the same batches;
// fairness_test.cc has the self-trade, pro-rata and minimum-fill examples.
#include "phantompool/auction/clear.h"

#include <gtest/gtest.h>

#include <string_view>
#include <utility>
#include <vector>

#include "clear_fixture.h"

namespace phantompool::auction {
namespace {

using testing::Limit;
using testing::Market;
using testing::Session;
using testing::TestPair;
using testing::WithValidity;

// Demand 600/600/500/300/300/300 and supply 100/100/350/350/650/650 at 100..105: the only
// price with volume 350 is 102.
TEST_F(AuctionClear, MaxVolumeDecides) {
  auto r = Run(
      {Limit("b1", kBuy, 105, 300), Limit("b2", kBuy, 102, 200), Limit("b3", kBuy, 101, 100),
       Limit("s1", kSell, 100, 100), Limit("s2", kSell, 102, 250), Limit("s3", kSell, 104, 300)},
      100);
  EXPECT_EQ(r.clearing_price, 102u);
  EXPECT_EQ(r.rule, PriceRule::kMaxVolume);
  EXPECT_EQ(r.volume, 350u);
  EXPECT_EQ(Of(r, "b1").filled, 300u);  // strictly better: in full
  EXPECT_EQ(Of(r, "b2").filled, 50u);   // at the price, on the surplus side
  EXPECT_EQ(Of(r, "b2").status, OrderStatus::kPartiallyFilled);
  EXPECT_EQ(Of(r, "b2").reason, UnfilledReason::kRationed);
  EXPECT_EQ(Of(r, "b3").reason, UnfilledReason::kNotExecutable);
  EXPECT_EQ(Of(r, "s1").status, OrderStatus::kFilled);
  EXPECT_EQ(Of(r, "s2").filled, 250u);
  EXPECT_EQ(Of(r, "s3").filled, 0u);
  ASSERT_EQ(r.trades.size(), 3u);
  ExpectTrade(r, 0, "b1", "s1", 100);
  ExpectTrade(r, 1, "b1", "s2", 200);
  ExpectTrade(r, 2, "b2", "s2", 50);
  EXPECT_EQ(r.notional, 350u * 102u);
  EXPECT_EQ(Of(r, "b1").notional, 300u * 102u);
}

// Volume 100 at both candidates, 10 (surplus +50) and 12 (-30): 12.
TEST_F(AuctionClear, MinSurplusBreaksAVolumeTie) {
  auto r = Run({Limit("b1", kBuy, 12, 100), Limit("b2", kBuy, 10, 50), Limit("s1", kSell, 10, 100),
                Limit("s2", kSell, 12, 30)},
               50);
  EXPECT_EQ(r.clearing_price, 12u);
  EXPECT_EQ(r.rule, PriceRule::kMinSurplus);
  EXPECT_EQ(r.volume, 100u);
  ASSERT_EQ(r.trades.size(), 1u);
  ExpectTrade(r, 0, "b1", "s1", 100);
  EXPECT_EQ(Of(r, "s2").reason, UnfilledReason::kRationed);
  // One more buy of 1 at 11 makes 11 a candidate: volume 100 there too, surplus +1.
  r = Run({Limit("b1", kBuy, 12, 100), Limit("b2", kBuy, 10, 50), Limit("s1", kSell, 10, 100),
           Limit("s2", kSell, 12, 30), Limit("b3", kBuy, 11, 1)},
          50);
  EXPECT_EQ(r.clearing_price, 11u);
  EXPECT_EQ(r.rule, PriceRule::kMinSurplus);
  EXPECT_EQ(r.volume, 100u);
  EXPECT_EQ(Of(r, "b3").filled, 0u);
  EXPECT_EQ(Of(r, "b3").reason, UnfilledReason::kRationed);
  EXPECT_EQ(Of(r, "s2").reason, UnfilledReason::kNotExecutable);
}

// Volume 150 at 10 and 11, both with a buy surplus of 50: the higher, 11.
TEST_F(AuctionClear, BuyPressureTakesTheHighest) {
  auto r = Run(
      {Limit("b1", kBuy, 12, 100), Limit("b2", kBuy, 11, 100), Limit("s1", kSell, 10, 150)}, 10);
  EXPECT_EQ(r.clearing_price, 11u);
  EXPECT_EQ(r.rule, PriceRule::kBuyPressure);
  EXPECT_EQ(Of(r, "b1").filled, 100u);
  EXPECT_EQ(Of(r, "b2").filled, 50u);
  EXPECT_EQ(Of(r, "s1").filled, 150u);
}

// Volume 150 at 11 and 12, both with a sell surplus of 50: the lower, 11.
TEST_F(AuctionClear, SellPressureTakesTheLowest) {
  auto r = Run(
      {Limit("s1", kSell, 10, 100), Limit("s2", kSell, 11, 100), Limit("b1", kBuy, 12, 150)}, 12);
  EXPECT_EQ(r.clearing_price, 11u);
  EXPECT_EQ(r.rule, PriceRule::kSellPressure);
  EXPECT_EQ(Of(r, "s1").filled, 100u);
  EXPECT_EQ(Of(r, "s2").filled, 50u);
  EXPECT_EQ(Of(r, "b1").filled, 150u);
}

// No surplus at 10 or 12: the reference price if between them, else the nearer end.
TEST_F(AuctionClear, ReferencePriceWithoutSurplus) {
  const std::vector<Order> orders = {Limit("b1", kBuy, 12, 100), Limit("s1", kSell, 10, 100)};
  for (auto [reference, expected] : {std::pair<uint64_t, uint64_t>{11, 11}, {15, 12}, {5, 10}}) {
    auto r = Run(orders, reference);
    EXPECT_EQ(r.clearing_price, expected) << reference;
    EXPECT_EQ(r.rule, PriceRule::kReference);
    EXPECT_EQ(r.volume, 100u);
  }
}

// Volume 100 everywhere; surplus +40 at 100 and 110, -40 at 120 and 130. Xetra would take
// the reference within [100, 130]; PhantomPool within [110, 120], because at 100 the buy
// at 110 would be strictly better than the price and still go unfilled.
TEST_F(AuctionClear, ReferencePriceWithSurplusOnBothSides) {
  const std::vector<Order> orders = {Limit("b1", kBuy, 130, 100), Limit("b2", kBuy, 110, 40),
                                     Limit("s1", kSell, 100, 100), Limit("s2", kSell, 120, 40)};
  auto r = Run(orders, 115);
  EXPECT_EQ(r.clearing_price, 115u);
  EXPECT_EQ(r.rule, PriceRule::kReference);
  EXPECT_EQ(Of(r, "b1").filled, 100u);
  EXPECT_EQ(Of(r, "s1").filled, 100u);
  EXPECT_EQ(Of(r, "b2").reason, UnfilledReason::kNotExecutable);
  r = Run(orders, 90);
  EXPECT_EQ(r.clearing_price, 110u);
  EXPECT_EQ(Of(r, "b2").filled, 0u);
  EXPECT_EQ(Of(r, "b2").reason, UnfilledReason::kRationed);  // at the price, not better
  r = Run(orders, 200);
  EXPECT_EQ(r.clearing_price, 120u);
  EXPECT_EQ(Of(r, "s2").reason, UnfilledReason::kRationed);
}

// Market orders only: the reference price (within the collars [50, 150]); the larger side
// is rationed (pro rata: here one order).
TEST_F(AuctionClear, MarketOnlyTradesAtTheReference) {
  auto r = Run({Market("mb", kBuy, 100), Market("ms", kSell, 60)}, 100);
  EXPECT_EQ(r.clearing_price, 100u);
  EXPECT_EQ(r.rule, PriceRule::kMarketOnlyReference);
  EXPECT_EQ(r.volume, 60u);
  EXPECT_EQ(Of(r, "mb").filled, 60u);
  EXPECT_EQ(Of(r, "mb").reason, UnfilledReason::kRationed);
  EXPECT_EQ(Of(r, "ms").status, OrderStatus::kFilled);
  // A reference outside the collars is clamped into them.
  r = Run({Market("mb", kBuy, 100), Market("ms", kSell, 60)}, 400);
  EXPECT_EQ(r.clearing_price, 150u);
  // A limit buy at 120 that does not trade keeps the price at or above 120.
  r = Run({Market("mb", kBuy, 100), Market("ms", kSell, 100), Limit("b", kBuy, 120, 5)}, 100);
  EXPECT_EQ(r.clearing_price, 120u);
  EXPECT_EQ(r.rule, PriceRule::kMarketOnlyReference);
  EXPECT_EQ(Of(r, "b").filled, 0u);
  EXPECT_EQ(Of(r, "mb").filled, 100u);
}

// Market orders never set the price: they count where their collar lets them execute, with
// the collar as their priority price. Against one limit sell at 100 a market buy trades at
// 100.
TEST_F(AuctionClear, MarketOrdersTakeTheLimitPrices) {
  auto r = Run({Market("mb", kBuy, 100), Limit("s", kSell, 100, 50)}, 120);
  EXPECT_EQ(r.clearing_price, 100u);
  EXPECT_EQ(r.rule, PriceRule::kMaxVolume);
  EXPECT_EQ(Of(r, "mb").filled, 50u);
  EXPECT_EQ(Of(r, "mb").reason, UnfilledReason::kRationed);
  // Buy surplus at both limit prices: the higher one, 101, never the collar (150).
  r = Run({Market("mb", kBuy, 700), Limit("b", kBuy, 101, 500), Limit("s", kSell, 100, 700)}, 100);
  EXPECT_EQ(r.clearing_price, 101u);
  EXPECT_EQ(r.rule, PriceRule::kBuyPressure);
  EXPECT_EQ(Of(r, "mb").filled, 700u);  // its collar, 150, is above 101: it goes first
  EXPECT_EQ(Of(r, "b").filled, 0u);
  EXPECT_EQ(Of(r, "b").reason, UnfilledReason::kRationed);
}

// The collar (150 for buys) bounds where a market buy may execute, and priority follows the
// effective price: a limit buy at 200 goes before a market buy that cannot pay more than
// 150, so the market buy is the one rationed.
TEST_F(AuctionClear, MarketOrdersAreBoundedByTheCollar) {
  auto r =
      Run({Market("mb", kBuy, 100), Limit("b", kBuy, 200, 100), Limit("s", kSell, 100, 150)}, 100);
  EXPECT_EQ(r.clearing_price, 100u);  // volume 150 at 100; at 200 only 100 (mb cannot)
  EXPECT_EQ(r.rule, PriceRule::kMaxVolume);
  EXPECT_EQ(Of(r, "b").filled, 100u);
  EXPECT_EQ(Of(r, "mb").filled, 50u);
  EXPECT_EQ(Of(r, "mb").reason, UnfilledReason::kRationed);
  // Beyond its collar a market order cannot trade at all.
  r = Run({Market("mb", kBuy, 100), Limit("s", kSell, 160, 50)}, 100);
  EXPECT_FALSE(r.clearing_price.has_value());
  EXPECT_EQ(Of(r, "mb").reason, UnfilledReason::kNoPrice);
  r = Run({Market("ms", kSell, 100), Limit("b", kBuy, 40, 50), Limit("s", kSell, 30, 10)}, 35);
  EXPECT_EQ(r.clearing_price, 40u);  // the market sell (collar 50) is out
  EXPECT_EQ(Of(r, "ms").reason, UnfilledReason::kNotExecutable);
  EXPECT_EQ(Of(r, "s").filled, 10u);
}

TEST_F(AuctionClear, IocCancelsAndGttExpires) {
  auto r = Run({WithValidity(Limit("b1", kBuy, 12, 100), Validity::kGtt, 1000),
                WithValidity(Limit("b2", kBuy, 11, 100), Validity::kIoc),
                WithValidity(Limit("b3", kBuy, 9, 10), Validity::kIoc),
                WithValidity(Limit("s1", kSell, 10, 60), Validity::kGtt, 1001)},
               10, 1, 1000);
  EXPECT_EQ(r.clearing_price, 11u);  // b1 has expired: volume 60 at 10 and 11, buy surplus
  EXPECT_EQ(Of(r, "b1").status, OrderStatus::kExpired);
  EXPECT_EQ(Of(r, "b1").reason, UnfilledReason::kExpired);
  EXPECT_EQ(Of(r, "b2").filled, 60u);
  EXPECT_EQ(Of(r, "b2").status, OrderStatus::kCancelled);  // the ioc rest is cancelled
  EXPECT_EQ(Of(r, "b3").status, OrderStatus::kCancelled);
  EXPECT_EQ(Of(r, "s1").status, OrderStatus::kFilled);  // expires at 1001: still live
}

TEST_F(AuctionClear, EmptyOneSidedAndUncrossedBatches) {
  auto r = Run({}, 10);
  EXPECT_FALSE(r.clearing_price.has_value());
  EXPECT_EQ(r.rule, PriceRule::kNone);
  EXPECT_TRUE(r.trades.empty());
  r = Run({Limit("b1", kBuy, 12, 100), Market("b2", kBuy, 5)}, 10);
  EXPECT_FALSE(r.clearing_price.has_value());
  EXPECT_EQ(Of(r, "b1").status, OrderStatus::kOpen);
  EXPECT_EQ(Of(r, "b1").reason, UnfilledReason::kNoPrice);
  r = Run({Limit("b1", kBuy, 10, 100), Limit("s1", kSell, 12, 100)}, 10);
  EXPECT_FALSE(r.clearing_price.has_value());
  EXPECT_EQ(r.volume, 0u);
}

// Notional = size * price * quote_per_tick, exact: the pair's units leave nothing to round,
// so splitting a trade changes no one's total.
TEST_F(AuctionClear, NotionalIsExact) {
  order::PairFields fields = testing::TestPairFields();
  fields.quote_per_tick = 7;
  std::vector<Order> orders = {Limit("b1", kBuy, 101, 333), Limit("s1", kSell, 101, 200),
                               Limit("s2", kSell, 101, 133)};
  auto r = Clear(orders, testing::MakePair(fields), Session(101));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->trades.size(), 2u);
  EXPECT_EQ(r->trades[0].notional + r->trades[1].notional, 333u * 101u * 7u);
  EXPECT_EQ(r->notional, 333u * 101u * 7u);
  EXPECT_EQ(r->orders[0].notional, 333u * 101u * 7u);
  EXPECT_EQ(r->orders[1].notional, 200u * 101u * 7u);
  EXPECT_EQ(r->orders[2].notional, 133u * 101u * 7u);
}

// The session's notional is summed in 128 bits; one that does not fit a ledger amount
// (2^63 - 1) is an operational error, not invalid input. Two trades of 2^32 - 1 lots at
// 2^31 ticks are each below 2^63, together above it.
TEST_F(AuctionClear, SessionNotionalBeyondALedgerAmountIsAnOperationalError) {
  order::PairFields fields = testing::TestPairFields();
  fields.max_order_size = order::kMaxPairValue;
  fields.max_price = uint64_t{1} << 31;
  fields.market_buy_collar = 150;
  const order::PairSpec pair = testing::MakePair(fields);
  const uint64_t big = order::kMaxPairValue, price = uint64_t{1} << 31;
  std::vector<Order> orders = {Limit("b1", kBuy, price, big), Limit("b2", kBuy, price, big),
                               Limit("s1", kSell, price, big), Limit("s2", kSell, price, big)};
  auto r = Clear(orders, pair, Session(price));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(r.status().field(), "notional");
  orders.pop_back();
  orders.erase(orders.begin());  // one trade: (2^32 - 1) * 2^31 = 2^63 - 2^31 fits
  r = Clear(orders, pair, Session(price));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->notional, big * price);
}

// The store keeps a settled session's rule by name and reads it back through the parser.
TEST(PriceRuleNames, RoundTripAndUnknownNamesAreRefused) {
  const std::vector<std::pair<PriceRule, std::string_view>> all = {
      {PriceRule::kNone, "none"},
      {PriceRule::kMaxVolume, "max_volume"},
      {PriceRule::kMinSurplus, "min_surplus"},
      {PriceRule::kBuyPressure, "buy_pressure"},
      {PriceRule::kSellPressure, "sell_pressure"},
      {PriceRule::kReference, "reference"},
      {PriceRule::kMarketOnlyReference, "market_only_reference"}};
  for (const auto& [rule, name] : all) {
    EXPECT_EQ(PriceRuleName(rule), name);
    auto parsed = ParsePriceRule(name, "price_rule");
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(*parsed, rule);
  }
  for (std::string_view bad : {"", "MAX_VOLUME", "max_volume ", "reference_price", "0"}) {
    auto parsed = ParsePriceRule(bad, "sessions[2].price_rule");
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(parsed.status().field(), "sessions[2].price_rule");
  }
}

}  // namespace
}  // namespace phantompool::auction
