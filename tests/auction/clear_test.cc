// Worked examples with hand-computed results: one per price rule, and the special cases
// (market orders, minimum fill, self-trade, ioc, expiry, empty and one-sided batches).
// docs/auction.md walks through the same batches.
#include "phantompool/auction/clear.h"

#include <gtest/gtest.h>

#include <vector>

#include "auction_test_util.h"

namespace phantompool::auction {
namespace {

using testing::Limit;
using testing::Market;
using testing::Session;
using testing::TestPair;
using testing::WithOwner;
using testing::WithValidity;
constexpr Side kBuy = Side::kBuy;
constexpr Side kSell = Side::kSell;

class AuctionClear : public ::testing::Test {
 protected:
  AuctionResult Run(std::vector<Order> orders, uint64_t reference, uint8_t vrf = 1,
                    std::optional<uint64_t> now = std::nullopt) {
    orders_ = std::move(orders);
    auto r = Clear(orders_, TestPair(), Session(reference, vrf, now));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : AuctionResult{};
  }
  const OrderOutcome& Of(const AuctionResult& r, const std::string& id) {
    for (size_t i = 0; i < orders_.size(); ++i) {
      if (orders_[i].id == id) return r.orders[i];
    }
    ADD_FAILURE() << "no order " << id;
    static OrderOutcome none;
    return none;
  }
  void ExpectTrade(const AuctionResult& r, size_t k, const std::string& buy,
                   const std::string& sell, uint64_t size) {
    ASSERT_LT(k, r.trades.size());
    EXPECT_EQ(orders_[r.trades[k].buy].id, buy);
    EXPECT_EQ(orders_[r.trades[k].sell].id, sell);
    EXPECT_EQ(r.trades[k].size, size);
    EXPECT_EQ(r.trades[k].price, *r.clearing_price);
  }
  std::vector<Order> orders_;
};

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
// is rationed by rank.
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

// Market orders never set the price: they go first and only count where their collar lets
// them execute. Against one limit sell at 100 a market buy trades at 100.
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
  EXPECT_EQ(Of(r, "mb").filled, 700u);  // market orders go first
  EXPECT_EQ(Of(r, "b").filled, 0u);
  EXPECT_EQ(Of(r, "b").reason, UnfilledReason::kRationed);
}

// The collar (150 for buys) bounds where a market buy may execute. A limit buy above the
// collar is better than the price, but market orders go first: reason market_priority.
TEST_F(AuctionClear, MarketOrdersAreBoundedByTheCollar) {
  auto r =
      Run({Market("mb", kBuy, 100), Limit("b", kBuy, 200, 100), Limit("s", kSell, 100, 150)}, 100);
  EXPECT_EQ(r.clearing_price, 100u);  // volume 150 at 100; at 200 only 100 (mb cannot)
  EXPECT_EQ(r.rule, PriceRule::kMaxVolume);
  EXPECT_EQ(Of(r, "mb").filled, 100u);
  EXPECT_EQ(Of(r, "b").filled, 50u);
  EXPECT_EQ(Of(r, "b").reason, UnfilledReason::kMarketPriority);
  // Beyond its collar a market order cannot trade at all.
  r = Run({Market("mb", kBuy, 100), Limit("s", kSell, 160, 50)}, 100);
  EXPECT_FALSE(r.clearing_price.has_value());
  EXPECT_EQ(Of(r, "mb").reason, UnfilledReason::kNoPrice);
  r = Run({Market("ms", kSell, 100), Limit("b", kBuy, 40, 50), Limit("s", kSell, 30, 10)}, 35);
  EXPECT_EQ(r.clearing_price, 40u);  // the market sell (collar 50) is out
  EXPECT_EQ(Of(r, "ms").reason, UnfilledReason::kNotExecutable);
  EXPECT_EQ(Of(r, "s").filled, 10u);
}

// b1 (all or none, 100) would get 80 at 12; it is left out and the price found again.
TEST_F(AuctionClear, MinFillLeavesOutAndReprices) {
  auto r = Run({Limit("b1", kBuy, 12, 100, 100), Limit("b2", kBuy, 11, 30),
                Limit("s1", kSell, 10, 60), Limit("s2", kSell, 11, 20)},
               10);
  EXPECT_EQ(r.clearing_price, 10u);
  EXPECT_EQ(r.rule, PriceRule::kMinSurplus);
  EXPECT_EQ(r.volume, 30u);
  EXPECT_EQ(Of(r, "b1").filled, 0u);
  EXPECT_EQ(Of(r, "b1").reason, UnfilledReason::kMinFill);
  EXPECT_EQ(Of(r, "b1").status, OrderStatus::kOpen);
  EXPECT_EQ(Of(r, "b2").filled, 30u);
  EXPECT_EQ(Of(r, "s1").filled, 30u);
  EXPECT_EQ(Of(r, "s2").reason, UnfilledReason::kNotExecutable);
}

TEST_F(AuctionClear, MinFillMetByAPartialFill) {
  auto r = Run({Limit("b1", kBuy, 12, 100, 50), Limit("s1", kSell, 10, 80)}, 10);
  EXPECT_EQ(r.clearing_price, 12u);
  EXPECT_EQ(Of(r, "b1").filled, 80u);
  EXPECT_EQ(Of(r, "b1").status, OrderStatus::kPartiallyFilled);
}

// Owner A's buy at 12 crosses A's own sell at 10: 40 is netted from both; A's remaining 60
// buys from B at B's limit.
TEST_F(AuctionClear, SelfTradeIsNetted) {
  auto r = Run({Limit("a-buy", kBuy, 12, 100, 0, "A"), Limit("a-sell", kSell, 10, 40, 0, "A"),
                Limit("b-sell", kSell, 11, 100, 0, "B")},
               11);
  EXPECT_EQ(r.clearing_price, 11u);
  EXPECT_EQ(r.rule, PriceRule::kSellPressure);
  EXPECT_EQ(r.volume, 60u);
  ASSERT_EQ(r.trades.size(), 1u);
  ExpectTrade(r, 0, "a-buy", "b-sell", 60);
  EXPECT_EQ(Of(r, "a-buy").withheld, 40u);
  EXPECT_EQ(Of(r, "a-buy").reason, UnfilledReason::kSelfTrade);
  EXPECT_EQ(Of(r, "a-buy").status, OrderStatus::kPartiallyFilled);
  EXPECT_EQ(Of(r, "a-sell").withheld, 40u);
  EXPECT_EQ(Of(r, "a-sell").filled, 0u);
  EXPECT_EQ(Of(r, "a-sell").reason, UnfilledReason::kSelfTrade);
  EXPECT_EQ(Of(r, "b-sell").reason, UnfilledReason::kRationed);
}

TEST_F(AuctionClear, AnOwnerAloneNeverTrades) {
  auto r = Run({Limit("a1", kBuy, 12, 100, 0, "A"), Limit("a2", kSell, 10, 100, 0, "A")}, 11);
  EXPECT_FALSE(r.clearing_price.has_value());
  EXPECT_EQ(r.volume, 0u);
  EXPECT_EQ(Of(r, "a1").withheld, 100u);
  EXPECT_EQ(Of(r, "a2").reason, UnfilledReason::kSelfTrade);
  // A quote that does not cross itself (buy 10, sell 12) is not touched.
  r = Run({Limit("a1", kBuy, 10, 100, 0, "A"), Limit("a2", kSell, 12, 100, 0, "A"),
           Limit("c", kSell, 9, 50)},
          10);
  EXPECT_EQ(Of(r, "a1").withheld, 0u);
  EXPECT_EQ(Of(r, "a1").filled, 50u);
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

// Notional = floor(size * price * quote_per_tick / base_scale), per trade.
TEST_F(AuctionClear, NotionalRoundsDownPerTrade) {
  PairParams pair = TestPair();
  pair.quote_per_tick = 7;
  pair.base_scale = 1000;
  std::vector<Order> orders = {Limit("b1", kBuy, 101, 333), Limit("s1", kSell, 101, 200),
                               Limit("s2", kSell, 101, 133)};
  auto r = Clear(orders, pair, Session(101));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->trades.size(), 2u);
  // 200*101*7/1000 = 141.4 -> 141; 133*101*7/1000 = 94.031 -> 94.
  EXPECT_EQ(r->trades[0].notional + r->trades[1].notional, 141u + 94u);
  EXPECT_EQ(r->notional, 235u);
  EXPECT_EQ(r->orders[0].notional, 235u);  // the buyer pays what the sellers receive
  EXPECT_EQ(r->orders[1].notional + r->orders[2].notional, 235u);
}

}  // namespace
}  // namespace phantompool::auction
