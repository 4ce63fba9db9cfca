#include "phantompool/auction/pair_params.h"

#include <gtest/gtest.h>

#include "auction_test_util.h"

namespace phantompool::auction {
namespace {

constexpr uint64_t kMax = UINT64_MAX;

PairParams WithScale(uint64_t quote_per_tick, uint64_t base_scale) {
  PairParams p = testing::TestPair();
  p.quote_per_tick = quote_per_tick;
  p.base_scale = base_scale;
  return p;
}

// Expected values computed with Python's unbounded integers: s * p * q // d.
TEST(AuctionPairParams, TradeNotionalIsExactAndRoundsDown) {
  EXPECT_EQ(TradeNotional(kMax, kMax, WithScale(1, kMax)), kMax);
  EXPECT_EQ(TradeNotional(kMax, kMax, WithScale(kMax, kMax)), std::nullopt);
  EXPECT_EQ(TradeNotional(1'000'000'000'000, 10'000'000, WithScale(3, 7)), 4285714285714285714u);
  EXPECT_EQ(TradeNotional(kMax, 2, WithScale(1, 2)), kMax);
  EXPECT_EQ(TradeNotional(kMax, 3, WithScale(1, 2)), std::nullopt);
  EXPECT_EQ(TradeNotional(12345678901234567, 987654321, WithScale(13, 1000000007)),
            158512419352690144u);
  EXPECT_EQ(TradeNotional(1, 1, WithScale(kMax, kMax)), 1u);
  EXPECT_EQ(TradeNotional(kMax - 1, kMax, WithScale(kMax, kMax)), std::nullopt);
  EXPECT_EQ(TradeNotional(7, 3, WithScale(1, 10)), 2u);  // 2.1 -> 2
  EXPECT_EQ(TradeNotional(9, 3, WithScale(1, 10)), 2u);  // 2.7 -> 2: down, not nearest
  EXPECT_EQ(TradeNotional(0, 3, WithScale(1, 10)), 0u);
  EXPECT_EQ(TradeNotional(1, 1, WithScale(1, 0)), std::nullopt);
}

TEST(AuctionPairParams, BuiltInPairsAreValid) {
  ASSERT_EQ(KnownPairs().size(), 3u);
  for (const PairParams& p : KnownPairs()) EXPECT_TRUE(ValidatePairParams(p).ok()) << p.name;
  auto sol = FindKnownPair("SOL/USDC", "pair");
  ASSERT_TRUE(sol.ok());
  // docs/order.md: one lot (0.001 SOL) at one tick (0.01 USDC) is 10 micro-USDC, so
  // 500 lots at 100.50 USDC is 50.25 USDC.
  EXPECT_EQ(TradeNotional(500, 10050, *sol), 50'250'000u);
  auto unknown = FindKnownPair("DOGE/USDC", "pair");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().field(), "pair");
}

TEST(AuctionPairParams, ValidationNamesTheField) {
  struct Case {
    void (*mutate)(PairParams&);
    const char* field;
  };
  const Case cases[] = {
      {[](PairParams& p) { p.name = ""; }, "pair.name"},
      {[](PairParams& p) { p.name = "SOL USDC"; }, "pair.name"},
      {[](PairParams& p) { p.tick_size = 0; }, "pair.tick_size"},
      {[](PairParams& p) { p.quote_per_tick = 0; }, "pair.quote_per_tick"},
      {[](PairParams& p) { p.base_scale = 0; }, "pair.base_scale"},
      {[](PairParams& p) { p.min_price = 0; }, "pair.min_price"},
      {[](PairParams& p) { p.tick_size = 3; }, "pair.min_price"},
      {[](PairParams& p) { p.max_price = 0; }, "pair.max_price"},
      {[](PairParams& p) { p.collar_low = 0; }, "pair.collar_low"},
      {[](PairParams& p) { p.collar_price = 40; }, "pair.collar_price"},
      {[](PairParams& p) { p.collar_price = 1001; }, "pair.collar_price"},
      {[](PairParams& p) { p.min_order_size = 0; }, "pair.min_order_size"},
      {[](PairParams& p) { p.max_order_size = 0; }, "pair.max_order_size"},
      {[](PairParams& p) {
         p.max_order_size = kMax;
         p.quote_per_tick = 2;
       },
       "pair.max_order_size"},
  };
  for (const Case& c : cases) {
    PairParams p = testing::TestPair();
    c.mutate(p);
    const Status s = ValidatePairParams(p);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.field;
    EXPECT_EQ(s.field(), c.field);
  }
  EXPECT_TRUE(ValidatePairParams(testing::TestPair()).ok());
}

TEST(AuctionPairParams, PricesLieOnTheGrid) {
  PairParams p = testing::TestPair();
  p.tick_size = 5;
  p.min_price = 5;
  p.collar_low = 50;
  p.collar_price = 150;
  EXPECT_TRUE(IsValidPrice(p, 5));
  EXPECT_TRUE(IsValidPrice(p, 1000));
  EXPECT_FALSE(IsValidPrice(p, 7));
  EXPECT_FALSE(IsValidPrice(p, 0));
  EXPECT_FALSE(IsValidPrice(p, 1005));
  EXPECT_TRUE(ValidatePairParams(p).ok());
}

}  // namespace
}  // namespace phantompool::auction
