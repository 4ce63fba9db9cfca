#include "phantompool/order/pair_spec.h"

#include <gtest/gtest.h>

#include <functional>

namespace phantompool::order {
namespace {

PairFields Sol() {
  return FindBuiltinPair("SOL/USDC", "pair").value().fields();
}

TEST(PairSpec, BuiltinPairsAreValidAndDistinct) {
  ASSERT_EQ(BuiltinPairs().size(), 3u);
  for (const PairSpec& p : BuiltinPairs()) {
    auto again = PairSpec::Create(p.fields());
    ASSERT_TRUE(again.ok()) << p.symbol() << ": " << again.status().ToString();
    EXPECT_EQ(*again, p);
  }
  EXPECT_EQ(BuiltinPairs()[0].symbol(), "SOL/USDC");
  EXPECT_EQ(BuiltinPairs()[1].symbol(), "USDT/USDC");
  EXPECT_EQ(BuiltinPairs()[2].symbol(), "SOL/USDT");
  auto unknown = FindBuiltinPair("DOGE/USDC", "order.pair");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().field(), "order.pair");
}

TEST(PairSpec, UnitsOfTheSolPair) {
  const PairSpec sol = PairSpec::Create(Sol()).value();
  // docs/order.md: one lot (0.001 SOL) at one tick (0.01 USDC) is 10 micro-USDC, so
  // 500 lots at 100.50 USDC is 50.25 USDC, and 500 lots are 0.5 SOL.
  EXPECT_EQ(sol.Notional(500, 10'050), 50'250'000u);
  EXPECT_EQ(sol.BaseAmount(500), 500'000'000u);
  // 10 bps of 50.25 USDC is 50,250 micro-USDC; of 7 units it is 0.007: rounded down to 0.
  EXPECT_EQ(sol.FeeOn(50'250'000), 50'250u);
  EXPECT_EQ(sol.FeeOn(7), 0u);
  EXPECT_EQ(sol.FeeOn(999), 0u);
  EXPECT_EQ(sol.FeeOn(1000), 1u);
  // The largest notional fits the store's 63 bits.
  EXPECT_LE(sol.Notional(sol.max_order_size(), sol.max_price()), kMaxLedgerAmount);
}

TEST(PairSpec, ValidPricesAreOnTheGridWithinBounds) {
  PairFields f = Sol();
  f.tick_size = 5;
  f.min_price = 5;
  f.max_price = 100;
  f.market_sell_collar = 10;
  f.market_buy_collar = 50;
  const PairSpec p = PairSpec::Create(f).value();
  EXPECT_TRUE(p.IsValidPrice(5));
  EXPECT_TRUE(p.IsValidPrice(100));
  EXPECT_FALSE(p.IsValidPrice(0));
  EXPECT_FALSE(p.IsValidPrice(7));
  EXPECT_FALSE(p.IsValidPrice(105));
}

TEST(PairSpec, EveryBadFieldIsNamed) {
  struct Case {
    const char* field;
    std::function<void(PairFields&)> mutate;
  };
  const Case cases[] = {
      {"pair.symbol", [](PairFields& f) { f.symbol.assign(1, 'S'); }},
      {"pair.symbol", [](PairFields& f) { f.symbol = "SOL USDC"; }},
      {"pair.symbol", [](PairFields& f) { f.symbol = std::string(33, 'A'); }},
      {"pair.base_token", [](PairFields& f) { f.base_token = ""; }},
      {"pair.quote_token", [](PairFields& f) { f.quote_token = f.base_token; }},
      {"pair.base_token_name", [](PairFields& f) { f.base_token_name = ""; }},
      {"pair.base_decimals", [](PairFields& f) { f.base_decimals = 19; }},
      {"pair.quote_decimals", [](PairFields& f) { f.quote_decimals = 19; }},
      {"pair.base_lot", [](PairFields& f) { f.base_lot = 0; }},
      {"pair.quote_per_tick", [](PairFields& f) { f.quote_per_tick = 0; }},
      {"pair.tick_size", [](PairFields& f) { f.tick_size = 0; }},
      {"pair.min_price", [](PairFields& f) { f.min_price = 0; }},
      {"pair.min_price",
       [](PairFields& f) {
         f.tick_size = 2;
         f.min_price = 3;
       }},
      {"pair.max_price", [](PairFields& f) { f.max_price = kMaxPairValue + 1; }},
      {"pair.max_price", [](PairFields& f) { f.max_price = 0; }},
      {"pair.market_sell_collar", [](PairFields& f) { f.market_sell_collar = 0; }},
      {"pair.market_buy_collar",
       [](PairFields& f) { f.market_buy_collar = f.market_sell_collar - 1; }},
      {"pair.market_buy_collar", [](PairFields& f) { f.market_buy_collar = f.max_price + 1; }},
      {"pair.min_order_size", [](PairFields& f) { f.min_order_size = 0; }},
      {"pair.max_order_size", [](PairFields& f) { f.max_order_size = kMaxPairValue + 1; }},
      {"pair.max_order_size", [](PairFields& f) { f.max_order_size = 0; }},
      // 2^32-1 lots × 10^7 ticks × 2^30 per tick > 2^63.
      {"pair.quote_per_tick",
       [](PairFields& f) {
         f.max_order_size = kMaxPairValue;
         f.quote_per_tick = uint64_t{1} << 30;
       }},
      {"pair.base_lot",
       [](PairFields& f) {
         f.max_order_size = kMaxPairValue;
         f.base_lot = uint64_t{1} << 32;
       }},
      {"pair.fee_bps", [](PairFields& f) { f.fee_bps = kMaxFeeBps + 1; }},
      {"pair.batch_period_ms", [](PairFields& f) { f.batch_period_ms = 99; }},
      {"pair.batch_max_orders", [](PairFields& f) { f.batch_max_orders = 0; }},
  };
  for (const Case& c : cases) {
    PairFields f = Sol();
    c.mutate(f);
    auto spec = PairSpec::Create(f);
    ASSERT_FALSE(spec.ok()) << c.field;
    EXPECT_EQ(spec.status().field(), c.field) << spec.status().ToString();
  }
}

TEST(PairSpec, UserLimitOnlyNarrows) {
  const PairSpec sol = PairSpec::Create(Sol()).value();
  EXPECT_EQ(sol.WithUserLimit(500).value().max_order_size(), 500u);
  EXPECT_EQ(sol.WithUserLimit(UINT64_MAX).value(), sol);
  // Below the pair's minimum: no order could be valid, and that is an error, not a pair.
  EXPECT_FALSE(sol.WithUserLimit(0).ok());
}

}  // namespace
}  // namespace phantompool::order
