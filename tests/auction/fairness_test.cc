// Worked examples of the fairness rules, with hand-computed results: self-trade
// prevention that keeps every trade with someone else (docs/auction.md, section 6), the
// pro-rata marginal level that splitting cannot game (section 5) and the minimum-fill rule
// with it (section 7).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "clear_fixture.h"
#include "phantompool/auction/priority.h"

namespace phantompool::auction {
namespace {

using testing::Limit;

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

TEST_F(AuctionClear, SelfTradeWithholdsOnlyWhereTheOwnerCrosses) {
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

TEST_F(AuctionClear, CrossingOrdersNeverCostATradeWithSomeoneElse) {
  auto r = Run({Limit("a-buy", kBuy, 12, 100, 0, "A"), Limit("a-sell", kSell, 10, 100, 0, "A"),
                Limit("b-buy", kBuy, 13, 100, 0, "B")},
               11);
  EXPECT_EQ(r.clearing_price, 13u);
  EXPECT_EQ(r.volume, 100u);
  ASSERT_EQ(r.trades.size(), 1u);
  ExpectTrade(r, 0, "b-buy", "a-sell", 100);
  EXPECT_EQ(Of(r, "a-sell").withheld, 0u);
  EXPECT_EQ(Of(r, "a-buy").reason, UnfilledReason::kNotExecutable);
  EXPECT_EQ(Of(r, "a-buy").withheld, 0u);  // at 13 nothing of it was withheld
  // Below the pair the buy trades the same way: C sells 50 at 8; at 9 A is a buyer only.
  r = Run({Limit("a-buy", kBuy, 12, 100, 0, "A"), Limit("a-sell", kSell, 10, 100, 0, "A"),
           Limit("c-sell", kSell, 8, 50, 0, "C")},
          11);
  EXPECT_EQ(r.clearing_price, 9u);
  EXPECT_EQ(Of(r, "a-buy").filled, 50u);
  EXPECT_EQ(Of(r, "c-sell").filled, 50u);
}

TEST_F(AuctionClear, AnOwnerAloneNeverTrades) {
  auto r = Run({Limit("a1", kBuy, 12, 100, 0, "A"), Limit("a2", kSell, 10, 100, 0, "A")}, 11);
  EXPECT_FALSE(r.clearing_price.has_value());
  EXPECT_EQ(r.volume, 0u);
  EXPECT_EQ(Of(r, "a1").withheld, 0u);  // no price: nothing was withheld from a trade
  EXPECT_EQ(Of(r, "a2").reason, UnfilledReason::kNoPrice);
  // A quote that does not cross itself (buy 10, sell 12) is not touched.
  r = Run({Limit("a1", kBuy, 10, 100, 0, "A"), Limit("a2", kSell, 12, 100, 0, "A"),
           Limit("c", kSell, 9, 50)},
          10);
  EXPECT_EQ(Of(r, "a1").withheld, 0u);
  EXPECT_EQ(Of(r, "a1").filled, 50u);
}

TEST_F(AuctionClear, LeavingAnOrderOutNetsItsOwnerAgain) {
  auto r = Run({Limit("a-buy", kBuy, 12, 100, 100, "A"), Limit("a-sell", kSell, 10, 40, 0, "A"),
                Limit("c-sell", kSell, 12, 60, 0, "C"), Limit("d-buy", kBuy, 11, 40, 0, "D")},
               11);
  EXPECT_EQ(Of(r, "a-buy").reason, UnfilledReason::kMinFill);
  EXPECT_EQ(r.clearing_price, 11u);
  EXPECT_EQ(r.rule, PriceRule::kReference);
  ASSERT_EQ(r.trades.size(), 1u);
  ExpectTrade(r, 0, "d-buy", "a-sell", 40);
  EXPECT_EQ(Of(r, "a-sell").withheld, 0u);
}

TEST_F(AuctionClear, TheMarginalLevelIsSharedProRata) {
  std::vector<Order> orders = {Limit("x", kBuy, 12, 100), Limit("y", kBuy, 12, 50),
                               Limit("z", kBuy, 12, 50), Limit("s", kSell, 10, 101)};
  auto r = Run(orders, 11);
  EXPECT_EQ(r.clearing_price, 12u);
  EXPECT_EQ(r.volume, 101u);
  const OwnerRanks ranks(testing::Vrf(1));
  std::string first = "u-x";
  for (const char* owner : {"u-y", "u-z"}) {
    if (ranks.RankOf(owner) < ranks.RankOf(first)) first = owner;
  }
  EXPECT_EQ(Of(r, "x").filled, 50u + (first == "u-x"));
  EXPECT_EQ(Of(r, "y").filled, 25u + (first == "u-y"));
  EXPECT_EQ(Of(r, "z").filled, 25u + (first == "u-z"));
}

TEST_F(AuctionClear, SplittingAnOrderGainsNothing) {
  std::vector<Order> orders = {Limit("x", kBuy, 12, 100, 0, "X"), Limit("y", kBuy, 12, 100, 0, "Y"),
                               Limit("s", kSell, 10, 50)};
  auto r = Run(orders, 11);
  EXPECT_EQ(Of(r, "x").filled, 25u);
  orders.erase(orders.begin());
  for (int i = 0; i < 10; ++i) orders.push_back(Limit(testing::Id("x", i), kBuy, 12, 10, 0, "X"));
  r = Run(orders, 11);
  uint64_t x_total = 0;
  for (int i = 0; i < 10; ++i) x_total += Of(r, testing::Id("x", i)).filled;
  EXPECT_EQ(x_total, 25u);
  EXPECT_EQ(Of(r, "y").filled, 25u);
}

TEST_F(AuctionClear, MinFillAtTheMarginalLevel) {
  auto r = Run(
      {Limit("x", kBuy, 12, 100, 60), Limit("y", kBuy, 12, 100), Limit("s", kSell, 10, 100)}, 11);
  EXPECT_EQ(Of(r, "x").reason, UnfilledReason::kMinFill);
  EXPECT_EQ(Of(r, "y").filled, 100u);
  r = Run({Limit("x", kBuy, 12, 100, 50), Limit("y", kBuy, 12, 100), Limit("s", kSell, 10, 100)},
          11);
  EXPECT_EQ(Of(r, "x").filled, 50u);
  EXPECT_EQ(Of(r, "y").filled, 50u);
}

TEST_F(AuctionClear, MinFillAllowsForTheRoundingWithinAnOwner) {
  const std::vector<Order> orders = {Limit("x1", kBuy, 12, 4, 2, "X"),
                                     Limit("x2", kBuy, 12, 3, 0, "X"),
                                     Limit("y", kBuy, 12, 3, 0, "Y"), Limit("s", kSell, 10, 5)};
  int draws_where_rounding_bites = 0;
  for (int seed = 0; seed < 64; ++seed) {
    const auto vrf = static_cast<uint8_t>(seed);
    const OwnerRanks owners(testing::Vrf(vrf));
    const PriorityRanks ids(testing::Vrf(vrf));
    draws_where_rounding_bites +=
        owners.RankOf("Y") < owners.RankOf("X") && ids.RankOf("x2") < ids.RankOf("x1");
    auto r = Run(orders, 11, vrf);
    EXPECT_EQ(Of(r, "x1").reason, UnfilledReason::kMinFill) << "draw " << seed;
    EXPECT_EQ(r.volume, 5u);
  }
  EXPECT_GE(draws_where_rounding_bites, 5);
}

}  // namespace
}  // namespace phantompool::auction
