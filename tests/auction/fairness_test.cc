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

// Owner A's buy at 12 crosses A's own sell at 10 for 40 lots. Those 40 of the buy stay
// executable below 10 and those of the sell above 12; at 11, inside [10, 12], they are
// withheld from both, and A's remaining 60 buys from B.
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

// The counterexample: A buys 100 at 12 and sells 100 at 10, B buys 100 at 13.
// Without any prevention the price is 13, where A's buy does not execute: A's sell fills
// B's buy, no self-trade. Netting the pair away at every price would leave nothing.
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

// Where the owner's net demand steps, its piece is at the price like any order there. A buys
// 100 at 12 and sells 100 at 10: above 9 the sell offsets the buy, so A's net demand is that
// of a buy limited at 9. C sells 50 at 8, D buys 100 at 9: the price is 9 and A's piece and
// D share the 50 pro rata. A's buy is priced better than 9 and nothing of it is withheld at
// 9, yet it gets 25: no construction that keeps net demand could give it more.
TEST_F(AuctionClear, ASelfTradePieceAtThePriceSharesTheMarginalLevel) {
  auto r = Run({Limit("a-buy", kBuy, 12, 100, 0, "A"), Limit("a-sell", kSell, 10, 100, 0, "A"),
                Limit("c-sell", kSell, 8, 50, 0, "C"), Limit("d-buy", kBuy, 9, 100, 0, "D")},
               11);
  EXPECT_EQ(r.clearing_price, 9u);
  EXPECT_EQ(r.rule, PriceRule::kBuyPressure);
  EXPECT_EQ(Of(r, "a-buy").filled, 25u);
  EXPECT_EQ(Of(r, "a-buy").withheld, 0u);
  EXPECT_EQ(Of(r, "a-buy").reason, UnfilledReason::kRationed);
  EXPECT_EQ(Of(r, "d-buy").filled, 25u);
  EXPECT_EQ(Of(r, "a-sell").reason, UnfilledReason::kNotExecutable);
}

// A's all-or-none buy crosses A's sell at 10. At 12 the buy could offer only its 60 lots not
// netted: it is left out, and A is netted again without it, so A's sell is whole again and
// trades with D at 11 (without the new netting it would stay withheld for a buy that is
// gone, and nothing would trade).
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

// The marginal level is shared pro rata: three buys of 100, 50 and 50 at 12 for 101 lots
// get 50, 25 and 25 and the lot left over goes to the owner first in VRF rank.
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

// Ten orders of 10 expect no more of a rationed level than one order of 100: the level is
// shared among owners first. X's 100 and Y's 100 at 12 share 50: 25 each, however X splits.
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

// At the marginal level a minimum fill must be covered by the order's share rounded down:
// X (100, min 60) would get 50 of the 100 that X and Y share at 12, so X is left out and Y
// fills 100; with min 50 the share covers it.
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

// The lot that rounding within an owner can take away. X has x1 (4 lots, min 2) and x2 (3)
// at 12, Y has 3; 5 lots are shared. x1's exact share is 5 * 4 / 10 = 2, its minimum; but
// when Y wins the leftover owner lot and x2 the leftover order lot, X gets 3 and x1 only
// 1. So an order whose owner has other orders at the marginal level needs one lot more
// than its minimum from its exact share: x1 is left out under every draw, and no draw ever
// fills an order below its minimum.
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
