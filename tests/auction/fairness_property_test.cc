// The fairness properties of docs/auction.md, checked on seeded random batches:
//   - self-trade prevention keeps every owner's net demand at every price of the grid, puts
//     every owner on at most one side at every price, and takes out of the volume at each
//     price exactly the owners' own crossing there (sections 6.1-6.3);
//   - splitting an order without a minimum fill into k orders changes nothing its owner
//     receives: the bound is 0 lots (section 5.2);
//   - another VRF output moves at most one lot per owner, and never the price, the volume
//     or the rule (batches without minimum fills).
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "oracle_clear.h"
#include "random_batch.h"

namespace phantompool::auction {
namespace {

using testing::Batch;
using testing::Eff;
using testing::Live;
using u128 = unsigned __int128;

TEST(AuctionFairness, SelfTradePiecesKeepNetDemandAndNeverMeet) {
  std::mt19937_64 rng(31);
  int crossing_owner_prices = 0;
  for (int k = 0; k < 1500; ++k) {
    const Batch b = testing::RandomBatch(rng, {.max_orders = 14});
    std::vector<bool> in(b.orders.size());
    for (size_t i = 0; i < b.orders.size(); ++i) in[i] = Live(b.orders[i], b.session);
    const auto pieces = testing::OracleNet(b.orders, b.pair, b.session, in);
    // Every order's lots are in its pieces, or off the grid.
    std::vector<u128> in_pieces(b.orders.size(), 0);
    for (const auto& x : pieces) in_pieces[x.order] += x.qty;
    for (size_t i = 0; i < b.orders.size(); ++i)
      ASSERT_LE(in_pieces[i], in[i] ? b.orders[i].size : 0);
    for (uint64_t p = b.pair.min_price(); p <= b.pair.max_price(); p += b.pair.tick_size()) {
      std::map<std::string, std::pair<u128, u128>> raw, net;  // owner -> (buys, sells) at p
      for (size_t i = 0; i < b.orders.size(); ++i) {
        const Order& o = b.orders[i];
        if (!in[i]) continue;
        if (o.side == Side::kBuy && Eff(o, b.pair) >= p) raw[o.owner].first += o.size;
        if (o.side == Side::kSell && Eff(o, b.pair) <= p) raw[o.owner].second += o.size;
      }
      for (const auto& x : pieces) {
        const Order& o = b.orders[x.order];
        if (o.side == Side::kBuy && x.threshold >= p) net[o.owner].first += x.qty;
        if (o.side == Side::kSell && x.threshold <= p) net[o.owner].second += x.qty;
      }
      u128 raw_d = 0, raw_s = 0, net_d = 0, net_s = 0, crossing = 0;
      for (const auto& [owner, ds] : raw) {
        const auto& [d, s] = ds;
        const auto& [nd, ns] = net[owner];
        ASSERT_EQ(nd + s, ns + d) << owner << " at " << p << ": net demand changed";
        ASSERT_TRUE(nd == 0 || ns == 0) << owner << " is on both sides at " << p;
        crossing += std::min(d, s);
        crossing_owner_prices += std::min(d, s) > 0;
        raw_d += d, raw_s += s, net_d += nd, net_s += ns;
      }
      ASSERT_EQ(net_d, raw_d - crossing) << "at " << p;
      ASSERT_EQ(net_s, raw_s - crossing) << "at " << p;
    }
  }
  EXPECT_GE(crossing_owner_prices, 1000);
}

// Splits order `i` into k orders of the same owner, side, type, price and validity.
Batch Split(const Batch& b, size_t i, size_t k, std::mt19937_64& rng) {
  Batch s = b;
  const Order original = b.orders[i];
  s.orders.erase(s.orders.begin() + static_cast<long>(i));
  uint64_t left = original.size;
  for (size_t j = 0; j < k; ++j) {
    Order part = original;
    part.id = original.id + "-part" + std::to_string(j);
    part.size = j + 1 == k ? left : 1 + rng() % (left - (k - 1 - j));
    left -= part.size;
    s.orders.push_back(part);
  }
  return s;
}

std::map<std::string, u128> FillByOwner(const Batch& b, const AuctionResult& r) {
  std::map<std::string, u128> out;
  for (size_t i = 0; i < b.orders.size(); ++i) out[b.orders[i].owner] += r.orders[i].filled;
  return out;
}

TEST(AuctionFairness, SplittingAnOrderChangesNothingItsOwnerReceives) {
  std::mt19937_64 rng(32);
  int splits = 0, rationed_splits = 0;
  for (int k = 0; k < 3000; ++k) {
    const Batch b = testing::RandomBatch(rng, {.max_orders = 12});
    if (b.orders.empty()) continue;
    const size_t i = rng() % b.orders.size();
    const Order& o = b.orders[i];
    if (o.min_fill >= 2 || o.size < 2) continue;  // a minimum fill does not split
    const size_t parts = 2 + rng() % std::min<uint64_t>(3, o.size - 1);
    const Batch s = Split(b, i, parts, rng);
    auto r1 = Clear(b.orders, b.pair, b.session);
    auto r2 = Clear(s.orders, s.pair, s.session);
    ASSERT_TRUE(r1.ok() && r2.ok());
    SCOPED_TRACE("batch " + std::to_string(k) + ", split " + o.id);
    ASSERT_EQ(r1->clearing_price, r2->clearing_price);
    ASSERT_EQ(r1->volume, r2->volume);
    ASSERT_EQ(FillByOwner(b, *r1), FillByOwner(s, *r2)) << "splitting changed an owner's fill";
    ++splits;
    rationed_splits +=
        r1->orders[i].reason == UnfilledReason::kRationed && r1->orders[i].filled > 0;
  }
  EXPECT_GE(splits, 1500);
  EXPECT_GE(rationed_splits, 50);  // the split order shared a marginal level
}

TEST(AuctionFairness, AnotherDrawMovesAtMostOneLotPerOwner) {
  std::mt19937_64 rng(33);
  int changed = 0;
  for (int k = 0; k < 2000; ++k) {
    const Batch b = testing::RandomBatch(rng, {.max_orders = 16, .min_fill = false});
    SessionInputs other = b.session;
    other.vrf_output[0] ^= 0x5a;
    auto r1 = Clear(b.orders, b.pair, b.session);
    auto r2 = Clear(b.orders, b.pair, other);
    ASSERT_TRUE(r1.ok() && r2.ok());
    ASSERT_EQ(r1->clearing_price, r2->clearing_price);
    ASSERT_EQ(r1->volume, r2->volume);
    ASSERT_EQ(r1->rule, r2->rule);
    const auto f1 = FillByOwner(b, *r1), f2 = FillByOwner(b, *r2);
    for (const auto& [owner, fill] : f1) {
      const u128 g = f2.at(owner);
      ASSERT_LE(fill > g ? fill - g : g - fill, 1u) << owner;
      changed += fill != g;
    }
  }
  EXPECT_GE(changed, 50);
}

}  // namespace
}  // namespace phantompool::auction
