// Randomised properties of Clear() over thousands of small batches (seeded: every run sees
// the same batches): agreement with the brute-force oracle on every one of them, the
// invariants of every result, the better-than-the-price guarantee, and maximum volume over
// the whole price grid. Coverage floors make sure the batches reach every case.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "oracle_clear.h"
#include "random_batch.h"

namespace phantompool::auction {
namespace {

using testing::Batch;
using testing::Eff;
using testing::GenOptions;
using testing::Live;
using u128 = unsigned __int128;

struct Coverage {
  std::map<PriceRule, int> rules;
  int min_fill_left_out = 0, withheld = 0, piece_at_price = 0, market_collar_rationed = 0;
  int better_than_price = 0, renetted = 0, permutations = 0, tick5 = 0;
  size_t orders = 0, trades = 0;
  ~Coverage() {
    std::string rule_counts;
    for (const auto& [rule, count] : rules) {
      rule_counts += std::string(PriceRuleName(rule)) + "=" + std::to_string(count) + " ";
    }
    std::printf(
        "coverage: %zu orders, %zu trades; %s; min_fill=%d withheld=%d renetted=%d "
        "better_than_price=%d piece_at_price=%d market_collar_rationed=%d tick5=%d\n",
        orders, trades, rule_counts.c_str(), min_fill_left_out, withheld, renetted,
        better_than_price, piece_at_price, market_collar_rationed, tick5);
  }
};

// The orders still in the batch at the end (not expired, not left out for a minimum fill).
std::vector<bool> TakingPart(const Batch& b, const AuctionResult& r) {
  std::vector<bool> in(b.orders.size());
  for (size_t i = 0; i < b.orders.size(); ++i) {
    in[i] = Live(b.orders[i], b.session) && r.orders[i].reason != UnfilledReason::kMinFill;
  }
  return in;
}

// Candidate prices of the final book: limit pieces' thresholds, and the reference in the
// collars while market pieces are on both sides.
std::set<uint64_t> Candidates(const Batch& b, const std::vector<testing::OraclePiece>& pieces) {
  std::set<uint64_t> out;
  bool market_buy = false, market_sell = false;
  for (const auto& x : pieces) {
    if (!x.market) out.insert(x.threshold);
    if (x.market) (b.orders[x.order].side == Side::kBuy ? market_buy : market_sell) = true;
  }
  if (market_buy && market_sell) {
    out.insert(std::clamp(b.session.reference_price, b.pair.market_sell_collar(),
                          b.pair.market_buy_collar()));
  }
  return out;
}

void CheckInvariants(const Batch& b, const AuctionResult& r, Coverage& cov) {
  const auto& orders = b.orders;
  ++cov.rules[r.rule];
  cov.orders += orders.size();
  cov.trades += r.trades.size();
  cov.tick5 += b.pair.tick_size() == 5;
  u128 bought = 0, sold = 0, traded = 0, notional = 0;
  std::vector<u128> per_traded(orders.size(), 0), per_notional(orders.size(), 0);
  for (const Trade& t : r.trades) {
    ASSERT_EQ(orders[t.buy].side, Side::kBuy);
    ASSERT_EQ(orders[t.sell].side, Side::kSell);
    ASSERT_NE(orders[t.buy].owner, orders[t.sell].owner) << "self-trade";
    ASSERT_TRUE(r.clearing_price.has_value());
    ASSERT_EQ(t.price, *r.clearing_price);
    ASSERT_GE(Eff(orders[t.buy], b.pair), t.price) << "buy limit violated";
    ASSERT_LE(Eff(orders[t.sell], b.pair), t.price) << "sell limit violated";
    ASSERT_GT(t.size, 0u);
    ASSERT_EQ(u128{t.notional}, u128{t.size} * t.price * b.pair.quote_per_tick());
    traded += t.size;
    notional += t.notional;
    per_traded[t.buy] += t.size;
    per_traded[t.sell] += t.size;
    per_notional[t.buy] += t.notional;
    per_notional[t.sell] += t.notional;
  }
  ASSERT_EQ(notional, r.notional);
  ASSERT_EQ(traded, r.volume);
  ASSERT_EQ(r.clearing_price.has_value(), r.volume > 0);
  if (r.clearing_price) {
    ASSERT_TRUE(b.pair.IsValidPrice(*r.clearing_price));
  }
  for (size_t i = 0; i < orders.size(); ++i) {
    const Order& o = orders[i];
    const OrderOutcome& out = r.orders[i];
    (o.side == Side::kBuy ? bought : sold) += out.filled;
    ASSERT_EQ(per_traded[i], out.filled);
    ASSERT_EQ(per_notional[i], out.notional);
    ASSERT_EQ(out.remaining, o.size - out.filled);
    ASSERT_LE(out.filled + out.withheld, o.size);
    ASSERT_TRUE(out.filled == 0 || out.filled >= o.min_fill) << "below minimum fill";
    ASSERT_EQ(out.reason == UnfilledReason::kNone, out.remaining == 0);
    // Withheld is reported only where it applies: at a price the order could trade at.
    const bool executable =
        r.clearing_price && (o.side == Side::kBuy ? Eff(o, b.pair) >= *r.clearing_price
                                                  : Eff(o, b.pair) <= *r.clearing_price);
    if (!executable) {
      ASSERT_EQ(out.withheld, 0u) << o.id;
    }
    if (out.reason == UnfilledReason::kSelfTrade) {
      ASSERT_EQ(out.remaining, out.withheld);
    }
    cov.withheld += out.withheld > 0;
    cov.min_fill_left_out += out.reason == UnfilledReason::kMinFill;
    if (!Live(o, b.session)) {
      ASSERT_EQ(out.status, OrderStatus::kExpired);
      ASSERT_EQ(out.filled + out.withheld, 0u);
    } else if (out.remaining == 0) {
      ASSERT_EQ(out.status, OrderStatus::kFilled);
    } else if (o.validity == Validity::kIoc) {
      ASSERT_EQ(out.status, OrderStatus::kCancelled);
    } else {
      ASSERT_EQ(out.status, out.filled > 0 ? OrderStatus::kPartiallyFilled : OrderStatus::kOpen);
    }
  }
  ASSERT_EQ(bought, r.volume);
  ASSERT_EQ(sold, r.volume);
}

// Better than the price: every piece strictly better than the clearing price is filled in
// full; so an order priced better whose pieces all are gets exactly size - withheld. The
// one exception is a market order's own piece when no candidate price lies between the
// clearing price and its collar (market orders never set the price).
void CheckBetterThanPrice(const Batch& b, const AuctionResult& r, Coverage& cov) {
  if (!r.clearing_price) return;
  const uint64_t p = *r.clearing_price;
  const std::vector<bool> in = TakingPart(b, r);
  const auto pieces = testing::OracleNet(b.orders, b.pair, b.session, in);
  const std::set<uint64_t> candidates = Candidates(b, pieces);
  for (size_t i = 0; i < b.orders.size(); ++i) {
    if (!in[i]) continue;
    const Order& o = b.orders[i];
    const bool buy = o.side == Side::kBuy;
    uint64_t better = 0, market_better = 0;
    bool at_price = false;
    for (const auto& x : pieces) {
      if (x.order != i) continue;
      if (buy ? x.threshold > p : x.threshold < p) (x.market ? market_better : better) += x.qty;
      if (x.threshold == p) at_price = true;
    }
    const uint64_t filled = r.orders[i].filled;
    if (filled < better + market_better) {
      // Only the market piece may be short, and only when its collar is out of reach.
      ASSERT_GE(filled, better) << o.id;
      const uint64_t collar = Eff(o, b.pair);
      const auto next = buy ? candidates.upper_bound(p) : candidates.lower_bound(p);
      const bool reachable = buy ? next != candidates.end() && *next <= collar
                                 : next != candidates.begin() && *std::prev(next) >= collar;
      ASSERT_FALSE(reachable) << o.id << " rationed although a candidate lies up to its collar";
      ASSERT_EQ(r.orders[i].reason, UnfilledReason::kRationed) << o.id;
      ++cov.market_collar_rationed;
    }
    const bool priced_better = buy ? Eff(o, b.pair) > p : Eff(o, b.pair) < p;
    if (!priced_better) continue;
    if (at_price) {
      ++cov.piece_at_price;  // a self-trade piece at the price shares the marginal level
      continue;
    }
    if (o.type == OrderType::kMarket && filled < better + market_better) continue;
    ASSERT_EQ(filled, o.size - r.orders[i].withheld) << o.id << " is better than " << p;
    ++cov.better_than_price;
  }
}

// The largest volume at any single price of the whole grid, from each owner's net demand
// computed from the raw orders (no self-trade construction involved): sum over owners of
// max(own demand - own supply, 0) against the same for supply.
uint64_t GridMaxVolume(const Batch& b, const AuctionResult& r) {
  const std::vector<bool> in = TakingPart(b, r);
  u128 best = 0;
  for (uint64_t p = b.pair.min_price(); p <= b.pair.max_price(); p += b.pair.tick_size()) {
    std::map<std::string, std::pair<u128, u128>> own;  // owner -> (demand, supply)
    for (size_t i = 0; i < b.orders.size(); ++i) {
      const Order& o = b.orders[i];
      if (!in[i]) continue;
      if (o.side == Side::kBuy && Eff(o, b.pair) >= p) own[o.owner].first += o.size;
      if (o.side == Side::kSell && Eff(o, b.pair) <= p) own[o.owner].second += o.size;
    }
    u128 d = 0, s = 0;
    for (const auto& [owner, ds] : own) {
      if (ds.first > ds.second) d += ds.first - ds.second;
      if (ds.second > ds.first) s += ds.second - ds.first;
    }
    best = std::max(best, std::min(d, s));
  }
  return static_cast<uint64_t>(best);
}

// The result keyed by ids: equal for any permutation of the input.
auto ById(const Batch& b, const AuctionResult& r) {
  std::map<std::string, OrderOutcome> outcomes;
  for (size_t i = 0; i < b.orders.size(); ++i) outcomes[b.orders[i].id] = r.orders[i];
  std::vector<std::tuple<std::string, std::string, uint64_t>> trades;
  for (const Trade& t : r.trades)
    trades.emplace_back(b.orders[t.buy].id, b.orders[t.sell].id, t.size);
  return std::make_tuple(r.clearing_price, r.volume, r.notional, r.rule, outcomes, trades);
}

void RunMany(uint64_t seed, int batches, const GenOptions& opt, Coverage& cov) {
  std::mt19937_64 rng(seed);
  for (int k = 0; k < batches; ++k) {
    const Batch b = testing::RandomBatch(rng, opt);
    SCOPED_TRACE("seed " + std::to_string(seed) + " batch " + std::to_string(k));
    auto r = Clear(b.orders, b.pair, b.session);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(testing::OracleClear(b.orders, b.pair, b.session), *r)
        << "disagrees with the brute-force oracle";
    CheckInvariants(b, *r, cov);
    CheckBetterThanPrice(b, *r, cov);
    if (!testing::AnyMinFill(b)) {
      ASSERT_EQ(r->volume, GridMaxVolume(b, *r));
    }
    if (::testing::Test::HasFatalFailure()) return;
    for (size_t i = 0; i < b.orders.size(); ++i) {
      const bool left_out = r->orders[i].reason == UnfilledReason::kMinFill;
      for (size_t j = 0; j < b.orders.size() && left_out; ++j) {
        if (j != i && b.orders[j].owner == b.orders[i].owner) ++cov.renetted;
      }
    }
    // Deterministic, and independent of the order of the input.
    auto again = Clear(b.orders, b.pair, b.session);
    ASSERT_TRUE(again.ok());
    ASSERT_EQ(*again, *r);
    Batch shuffled = b;
    std::shuffle(shuffled.orders.begin(), shuffled.orders.end(), rng);
    auto other = Clear(shuffled.orders, shuffled.pair, shuffled.session);
    ASSERT_TRUE(other.ok());
    ASSERT_EQ(ById(shuffled, *other), ById(b, *r));
    ++cov.permutations;
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
  EXPECT_GE(cov.withheld, 100);
  EXPECT_GE(cov.renetted, 20);
  EXPECT_GE(cov.better_than_price, 500);
  EXPECT_GE(cov.piece_at_price, 3);
  EXPECT_GE(cov.market_collar_rationed, 3);
  EXPECT_GE(cov.tick5, 500);
  EXPECT_EQ(cov.permutations, 3000);
}

TEST(AuctionProperties, WithoutMinimumFillsVolumeIsMaximalOverTheGrid) {
  Coverage cov;
  RunMany(7, 1500, {.max_orders = 16, .min_fill = false}, cov);
  EXPECT_GE(cov.withheld, 100);
}

TEST(AuctionProperties, HugeSizesDoNotWrap) {
  Coverage cov;
  RunMany(11, 400, {.max_orders = 8, .min_fill = true, .huge_sizes = true}, cov);
  EXPECT_GE(cov.rules[PriceRule::kMaxVolume] + cov.rules[PriceRule::kMinSurplus], 10);
}

TEST(AuctionProperties, LargerBatchesAgreeWithTheOracle) {
  Coverage cov;
  RunMany(99, 12, {.max_orders = 300}, cov);
  EXPECT_GE(cov.min_fill_left_out, 10);
}

}  // namespace
}  // namespace phantompool::auction
