// Randomised properties of Clear() over thousands of small batches (seeded: every run
// sees the same batches), and agreement with the slow ReferenceClear on every one of them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "auction_test_util.h"
#include "phantompool/auction/clear.h"
#include "phantompool/auction/replay_json.h"
#include "reference_clear.h"

namespace phantompool::auction {
namespace {

using u128 = unsigned __int128;

struct GenOptions {
  size_t max_orders = 12;
  bool min_fill = true;
  bool huge_sizes = false;  // sizes near 2^62: sums must not wrap
};

PairParams PropertyPair(bool huge) {
  PairParams p = testing::TestPair();
  p.collar_low = 95;
  p.collar_price = 105;
  if (huge) {
    p.max_order_size = uint64_t{1} << 62;
    p.base_scale = 1024;  // keeps the largest notional (2^62 * 1000 / 1024) in 64 bits
  }
  return p;
}

struct Batch {
  std::vector<Order> orders;
  PairParams pair;
  SessionInputs session;
};

Batch RandomBatch(std::mt19937_64& rng, const GenOptions& opt) {
  Batch b;
  b.pair = PropertyPair(opt.huge_sizes);
  // One rng() call per statement: the order in which function arguments are evaluated is
  // unspecified, and the batches must be the same with every compiler.
  const uint64_t reference = 85 + rng() % 31;
  const auto vrf_seed = static_cast<uint8_t>(rng());
  b.session = testing::Session(reference, vrf_seed, 1000);
  const size_t n = rng() % (opt.max_orders + 1);
  // A third of the batches have a handful of owners (self-crossing is common), the rest
  // mostly one owner per order.
  const size_t owners = rng() % 3 == 0 ? 1 + rng() % 4 : 2 * n + 1;
  for (size_t i = 0; i < n; ++i) {
    Order o;
    o.id = testing::Id("o", i);
    o.owner = testing::Id("u", rng() % owners);
    o.side = rng() % 2 ? Side::kBuy : Side::kSell;
    o.type = rng() % 6 == 0 ? OrderType::kMarket : OrderType::kLimit;
    if (o.type == OrderType::kLimit) o.price = 90 + rng() % 21;
    // Round sizes half of the time: equal volumes and zero surpluses, so ties, are common.
    o.size = opt.huge_sizes ? (uint64_t{1} << 62) - rng() % 1000
             : rng() % 2    ? 1 + rng() % 20
                            : 5 * (1 + rng() % 4);
    if (opt.min_fill && rng() % 4 == 0) o.min_fill = 1 + rng() % o.size;
    switch (rng() % 5) {
      case 0:
        o.validity = Validity::kIoc;
        break;
      case 1:
        o.validity = Validity::kGtt;
        o.expiry = 995 + rng() % 10;  // about half have expired at now = 1000
        break;
      default:
        o.validity = Validity::kGtc;
    }
    b.orders.push_back(std::move(o));
  }
  if (opt.huge_sizes) {  // at most three orders per side, so each side's total fits
    std::map<Side, int> count;
    std::erase_if(b.orders, [&](const Order& o) { return ++count[o.side] > 3; });
  }
  return b;
}

uint64_t Eff(const Order& o, const PairParams& pair) {
  if (o.price) return *o.price;
  return o.side == Side::kBuy ? pair.collar_price : pair.collar_low;
}

bool Live(const Order& o, const SessionInputs& s) {
  return !(o.validity == Validity::kGtt && *s.now >= *o.expiry);
}

// The largest min(demand, supply) at any price on the whole grid, from what each order
// offers after self-trade netting.
uint64_t BruteForceMaxVolume(const Batch& b, const AuctionResult& r) {
  u128 best = 0;
  for (uint64_t p = b.pair.min_price; p <= b.pair.max_price; p += b.pair.tick_size) {
    u128 d = 0, s = 0;
    for (size_t i = 0; i < b.orders.size(); ++i) {
      const Order& o = b.orders[i];
      if (!Live(o, b.session)) continue;
      const uint64_t avail = o.size - r.orders[i].withheld;
      if (o.side == Side::kBuy && Eff(o, b.pair) >= p) d += avail;
      if (o.side == Side::kSell && Eff(o, b.pair) <= p) s += avail;
    }
    best = std::max(best, std::min(d, s));
  }
  return static_cast<uint64_t>(best);
}

bool AnyMinFill(const Batch& b) {
  return std::any_of(b.orders.begin(), b.orders.end(),
                     [](const Order& o) { return o.min_fill > 1; });
}

struct Coverage {
  std::map<PriceRule, int> rules;
  int min_fill_left_out = 0, self_trade = 0, vrf_changed_fills = 0, permutations = 0;
  int market_priority = 0;
  size_t orders = 0, trades = 0;
  ~Coverage() {
    std::string rule_counts;
    for (const auto& [rule, count] : rules) {
      rule_counts += std::string(PriceRuleName(rule)) + "=" + std::to_string(count) + " ";
    }
    std::printf(
        "coverage: %zu orders, %zu trades; %s; min_fill=%d self_trade=%d vrf=%d "
        "market_priority=%d\n",
        orders, trades, rule_counts.c_str(), min_fill_left_out, self_trade, vrf_changed_fills,
        market_priority);
  }
};

void CheckInvariants(const Batch& b, const AuctionResult& r, Coverage& cov) {
  const auto& orders = b.orders;
  ++cov.rules[r.rule];
  cov.orders += orders.size();
  cov.trades += r.trades.size();
  u128 bought = 0, sold = 0, traded = 0, notional = 0;
  std::vector<u128> per_order_traded(orders.size(), 0), per_order_notional(orders.size(), 0);
  for (const Trade& t : r.trades) {
    ASSERT_EQ(orders[t.buy].side, Side::kBuy);
    ASSERT_EQ(orders[t.sell].side, Side::kSell);
    ASSERT_NE(orders[t.buy].owner, orders[t.sell].owner) << "self-trade";
    ASSERT_TRUE(r.clearing_price.has_value());
    ASSERT_EQ(t.price, *r.clearing_price);
    ASSERT_GE(Eff(orders[t.buy], b.pair), t.price) << "buy limit violated";
    ASSERT_LE(Eff(orders[t.sell], b.pair), t.price) << "sell limit violated";
    ASSERT_GT(t.size, 0u);
    ASSERT_EQ(t.notional, *TradeNotional(t.size, t.price, b.pair));
    traded += t.size;
    notional += t.notional;
    per_order_traded[t.buy] += t.size;
    per_order_traded[t.sell] += t.size;
    per_order_notional[t.buy] += t.notional;
    per_order_notional[t.sell] += t.notional;
  }
  ASSERT_EQ(notional, r.notional);
  ASSERT_EQ(traded, r.volume);
  std::map<std::string, std::pair<u128, u128>> withheld_by_owner;
  for (size_t i = 0; i < orders.size(); ++i) {
    const Order& o = orders[i];
    const OrderOutcome& out = r.orders[i];
    (o.side == Side::kBuy ? bought : sold) += out.filled;
    ASSERT_EQ(per_order_traded[i], out.filled);
    ASSERT_EQ(per_order_notional[i], out.notional);
    ASSERT_EQ(out.remaining, o.size - out.filled);
    ASSERT_LE(out.filled + out.withheld, o.size);
    ASSERT_TRUE(out.filled == 0 || out.filled >= o.min_fill) << "below minimum fill";
    ASSERT_EQ(out.reason == UnfilledReason::kNone, out.remaining == 0);
    if (!Live(o, b.session)) {
      ASSERT_EQ(out.status, OrderStatus::kExpired);
      ASSERT_EQ(out.filled + out.withheld, 0u);
      continue;
    }
    if (out.remaining == 0) {
      ASSERT_EQ(out.status, OrderStatus::kFilled);
    } else if (o.validity == Validity::kIoc) {
      ASSERT_EQ(out.status, OrderStatus::kCancelled);
    } else {
      ASSERT_EQ(out.status, out.filled > 0 ? OrderStatus::kPartiallyFilled : OrderStatus::kOpen);
    }
    cov.min_fill_left_out += out.reason == UnfilledReason::kMinFill;
    cov.self_trade += out.withheld > 0;
    auto& [buy_withheld, sell_withheld] = withheld_by_owner[o.owner];
    (o.side == Side::kBuy ? buy_withheld : sell_withheld) += out.withheld;
    // Better than the price (a market order: executable at all): filled in full, or the
    // result says why. Only two reasons besides self-trade and minimum fill can occur:
    // market orders that alone exceed the volume are rationed among themselves, and a limit
    // priced beyond its side's collar can lose to the market orders, which go first.
    if (r.clearing_price && out.remaining > 0 && out.reason != UnfilledReason::kSelfTrade &&
        out.reason != UnfilledReason::kMinFill) {
      const uint64_t p = *r.clearing_price;
      const bool buy = o.side == Side::kBuy;
      const bool executable = buy ? Eff(o, b.pair) >= p : Eff(o, b.pair) <= p;
      const bool better = o.type == OrderType::kMarket ? executable
                          : buy                        ? *o.price > p
                                                       : *o.price < p;
      if (better) {
        u128 market_offer = 0, market_filled = 0;
        for (size_t j = 0; j < orders.size(); ++j) {
          if (orders[j].side != o.side || orders[j].type != OrderType::kMarket) continue;
          const uint64_t offer = orders[j].size - r.orders[j].withheld;
          const bool in_book = Live(orders[j], b.session) && offer > 0 &&
                               offer >= orders[j].min_fill &&
                               r.orders[j].reason != UnfilledReason::kMinFill;
          if (!in_book) continue;
          market_offer += offer;
          market_filled += r.orders[j].filled;
        }
        if (o.type == OrderType::kMarket) {
          ASSERT_EQ(out.reason, UnfilledReason::kRationed) << o.id;
          ASSERT_GT(market_offer, r.volume) << o.id << ": market order rationed needlessly";
        } else {
          ASSERT_EQ(out.reason, UnfilledReason::kMarketPriority) << o.id;
          ASSERT_TRUE(buy ? *o.price > b.pair.collar_price : *o.price < b.pair.collar_low)
              << o.id << " is better than " << p << " but unfilled";
          ASSERT_GT(market_filled, 0u) << o.id;
          ++cov.market_priority;
        }
      }
    }
  }
  ASSERT_EQ(bought, r.volume);
  ASSERT_EQ(sold, r.volume);
  ASSERT_EQ(r.clearing_price.has_value(), r.volume > 0);

  // Self-trade netting: equal on both sides per owner, as much as the owner's own book
  // crosses (max over prices of min(own demand, own supply)), and nothing crosses after.
  for (const auto& [owner, withheld] : withheld_by_owner) {
    ASSERT_EQ(withheld.first, withheld.second) << owner;
    u128 own_cross = 0;
    uint64_t best_buy_left = 0, best_sell_left = UINT64_MAX;
    for (uint64_t p = b.pair.min_price; p <= b.pair.max_price; ++p) {
      u128 d = 0, s = 0;
      for (size_t i = 0; i < orders.size(); ++i) {
        const Order& o = orders[i];
        if (o.owner != owner || !Live(o, b.session)) continue;
        if (o.side == Side::kBuy && Eff(o, b.pair) >= p) d += o.size;
        if (o.side == Side::kSell && Eff(o, b.pair) <= p) s += o.size;
      }
      own_cross = std::max(own_cross, std::min(d, s));
    }
    ASSERT_EQ(withheld.first, own_cross) << owner;
    for (size_t i = 0; i < orders.size(); ++i) {
      const Order& o = orders[i];
      if (o.owner != owner || !Live(o, b.session) || r.orders[i].withheld == o.size) continue;
      if (o.side == Side::kBuy) best_buy_left = std::max(best_buy_left, Eff(o, b.pair));
      if (o.side == Side::kSell) best_sell_left = std::min(best_sell_left, Eff(o, b.pair));
    }
    ASSERT_LT(best_buy_left, best_sell_left) << owner << " still crosses itself";
  }

  // Maximum volume at a single price (the minimum-fill rule trades volume for fills, and
  // finding the best subset is a knapsack problem, so this holds when no order has one).
  if (!AnyMinFill(b)) {
    ASSERT_EQ(r.volume, BruteForceMaxVolume(b, r));
  }
}

std::string Canonical(const Batch& b, const AuctionResult& r) {
  return FormatReplayOutput(ReplayInput{b.pair, b.session, b.orders}, r);
}

void CheckPermutationAndDeterminism(const Batch& b, const AuctionResult& r, std::mt19937_64& rng,
                                    Coverage& cov) {
  auto again = Clear(b.orders, b.pair, b.session);
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(*again, r);
  Batch shuffled = b;
  std::shuffle(shuffled.orders.begin(), shuffled.orders.end(), rng);
  auto other = Clear(shuffled.orders, shuffled.pair, shuffled.session);
  ASSERT_TRUE(other.ok());
  ASSERT_EQ(Canonical(shuffled, *other), Canonical(b, r));
  ++cov.permutations;
}

// Without minimum fills, another VRF output may change only who gets what within the
// marginal (rationed) group of equal priority, and which of one owner's equal orders is
// netted: price, volume, rule, and every other order's fill stay the same.
void CheckVrfOnlyMovesTheMargin(const Batch& b, const AuctionResult& r, Coverage& cov) {
  SessionInputs s2 = b.session;
  s2.vrf_output[0] ^= 0x5a;
  auto r2 = Clear(b.orders, b.pair, s2);
  ASSERT_TRUE(r2.ok());
  ASSERT_EQ(r2->clearing_price, r.clearing_price);
  ASSERT_EQ(r2->volume, r.volume);
  ASSERT_EQ(r2->rule, r.rule);
  using Bucket = std::tuple<Side, uint64_t, OrderType>;
  std::map<Bucket, u128> fill1, fill2;
  std::set<Bucket> marginal;
  std::map<std::pair<std::string, Bucket>, int> owner_orders;
  std::map<std::pair<std::string, Bucket>, u128> held1, held2;
  for (size_t i = 0; i < b.orders.size(); ++i) {
    const Order& o = b.orders[i];
    const Bucket k{o.side, Eff(o, b.pair), o.type};
    fill1[k] += r.orders[i].filled;
    fill2[k] += r2->orders[i].filled;
    // Rationed in the allocation: executable, with more on offer than it got (its
    // reported reason may be self_trade if part of it was also netted).
    for (const AuctionResult* x : {&r, static_cast<const AuctionResult*>(&*r2)}) {
      const OrderOutcome& out = x->orders[i];
      const uint64_t e = Eff(o, b.pair);
      const bool executable = x->clearing_price && (o.side == Side::kBuy ? e >= *x->clearing_price
                                                                         : e <= *x->clearing_price);
      if (Live(o, b.session) && executable && o.size - out.withheld > out.filled) {
        marginal.insert(k);
      }
    }
    if (Live(o, b.session)) ++owner_orders[{o.owner, k}];
    held1[{o.owner, k}] += r.orders[i].withheld;
    held2[{o.owner, k}] += r2->orders[i].withheld;
  }
  ASSERT_EQ(fill1, fill2);
  ASSERT_EQ(held1, held2);
  bool changed = false;
  for (size_t i = 0; i < b.orders.size(); ++i) {
    const Order& o = b.orders[i];
    const Bucket k{o.side, Eff(o, b.pair), o.type};
    changed |= r.orders[i].filled != r2->orders[i].filled;
    if (marginal.count(k) || owner_orders[{o.owner, k}] > 1) continue;
    ASSERT_EQ(r.orders[i].filled, r2->orders[i].filled) << o.id;
    ASSERT_EQ(r.orders[i].withheld, r2->orders[i].withheld) << o.id;
  }
  cov.vrf_changed_fills += changed;
}

void RunMany(uint64_t seed, int batches, const GenOptions& opt, Coverage& cov) {
  std::mt19937_64 rng(seed);
  for (int k = 0; k < batches; ++k) {
    const Batch b = RandomBatch(rng, opt);
    auto r = Clear(b.orders, b.pair, b.session);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    SCOPED_TRACE("seed " + std::to_string(seed) + " batch " + std::to_string(k) + "\n" +
                 Canonical(b, *r));
    ASSERT_EQ(testing::ReferenceClear(b.orders, b.pair, b.session), *r)
        << "disagrees with the reference implementation";
    CheckInvariants(b, *r, cov);
    if (::testing::Test::HasFatalFailure()) return;
    CheckPermutationAndDeterminism(b, *r, rng, cov);
    if (!AnyMinFill(b)) CheckVrfOnlyMovesTheMargin(b, *r, cov);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

TEST(AuctionProperties, SmallBatchesWithEveryFeature) {
  Coverage cov;
  RunMany(20261125, 3000, {}, cov);
  // The generator must reach every rule and special case, or the checks prove little.
  for (PriceRule rule :
       {PriceRule::kNone, PriceRule::kMaxVolume, PriceRule::kMinSurplus, PriceRule::kBuyPressure,
        PriceRule::kSellPressure, PriceRule::kReference, PriceRule::kMarketOnlyReference}) {
    EXPECT_GE(cov.rules[rule], 10) << PriceRuleName(rule);
  }
  EXPECT_GE(cov.min_fill_left_out, 25);
  EXPECT_GE(cov.self_trade, 100);
  EXPECT_GE(cov.vrf_changed_fills, 3);  // only batches without minimum fills are compared
  EXPECT_GE(cov.market_priority, 3);
  EXPECT_EQ(cov.permutations, 3000);
}

TEST(AuctionProperties, WithoutMinimumFillsVolumeIsMaximal) {
  Coverage cov;
  RunMany(7, 1500, {.max_orders = 16, .min_fill = false}, cov);
  EXPECT_GE(cov.vrf_changed_fills, 50);
}

TEST(AuctionProperties, HugeSizesDoNotWrap) {
  Coverage cov;
  RunMany(11, 500, {.max_orders = 8, .min_fill = true, .huge_sizes = true}, cov);
  EXPECT_GE(cov.rules[PriceRule::kMaxVolume] + cov.rules[PriceRule::kMinSurplus], 10);
}

TEST(AuctionProperties, LargerBatchesAgreeWithTheReference) {
  std::mt19937_64 rng(99);
  Coverage cov;
  for (int k = 0; k < 12; ++k) {
    const Batch b = RandomBatch(rng, {.max_orders = 400});
    auto r = Clear(b.orders, b.pair, b.session);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(testing::ReferenceClear(b.orders, b.pair, b.session), *r) << "batch " << k;
    CheckInvariants(b, *r, cov);
  }
}

}  // namespace
}  // namespace phantompool::auction
