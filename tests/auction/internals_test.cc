// Unit tests of the building blocks behind Clear(): the radix sort, the Fenwick tree and the
// book's level queries, each against a direct computation.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "auction/batch_validation.h"
#include "auction/book.h"
#include "auction/fenwick.h"
#include "auction/price_rules.h"
#include "auction/radix_sort.h"
#include "auction/self_trade.h"
#include "auction_test_util.h"
#include "phantompool/auction/priority.h"

namespace phantompool::auction::internal {
namespace {

TEST(AuctionInternals, RadixSortIsAStableSortByKey) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 50; ++round) {
    const size_t n = rng() % 3000;
    const int shift = static_cast<int>(rng() % 64);
    std::vector<KeyIndex> items(n);
    for (size_t i = 0; i < n; ++i) {
      // One rng() call per statement: operand order is unspecified, the data must not be.
      const uint64_t high = (rng() % 50) << shift;
      items[i] = {high | (round % 2 ? rng() : 0), static_cast<uint32_t>(i)};
    }
    std::vector<KeyIndex> expected = items;
    std::stable_sort(expected.begin(), expected.end(),
                     [](const KeyIndex& a, const KeyIndex& b) { return a.key < b.key; });
    RadixSortByKey(items);
    ASSERT_EQ(items.size(), expected.size());
    for (size_t i = 0; i < n; ++i) {
      ASSERT_EQ(items[i].key, expected[i].key);
      ASSERT_EQ(items[i].index, expected[i].index);
    }
  }
}

TEST(AuctionInternals, FenwickAgreesWithPrefixSums) {
  std::mt19937_64 rng(8);
  for (size_t n : {0, 1, 2, 3, 5, 8, 13, 64, 100, 1000}) {
    std::vector<uint64_t> values(n);
    for (auto& v : values) v = rng() % 5;  // zeros included: FirstBeyond must skip them
    Fenwick tree(values);
    for (int step = 0; step < 200; ++step) {
      if (n > 0 && step % 3 == 0) {
        const size_t i = rng() % n;
        const uint64_t cut = values[i] == 0 ? 0 : rng() % (values[i] + 1);
        values[i] -= cut;
        tree.Subtract(i, cut);
      }
      uint64_t prefix = 0;
      for (size_t k = 0; k <= n; ++k) {
        ASSERT_EQ(tree.Prefix(k), prefix);
        if (k < n) prefix += values[k];
      }
      const uint64_t v = rng() % (prefix + 2);
      size_t expected = n;
      uint64_t sum = 0;
      for (size_t k = 0; k < n; ++k) {
        sum += values[k];
        if (sum > v) {
          expected = k;
          break;
        }
      }
      ASSERT_EQ(tree.FirstBeyond(v), expected) << "n=" << n << " v=" << v;
    }
  }
}

TEST(AuctionInternals, BookLevelsMatchDirectSums) {
  std::mt19937_64 rng(9);
  const PairParams pair = testing::TestPair();
  for (int round = 0; round < 200; ++round) {
    std::vector<Order> orders;
    const size_t n = rng() % 30;
    for (size_t i = 0; i < n; ++i) {
      const Side side = rng() % 2 ? Side::kBuy : Side::kSell;
      // One rng() call per statement, so the batches do not depend on the compiler's order
      // of evaluating function arguments.
      const bool market = rng() % 8 == 0;
      const uint64_t price = 40 + rng() % 120;
      const uint64_t size = 1 + rng() % 9;
      orders.push_back(market ? testing::Market(testing::Id("o", i), side, size)
                              : testing::Limit(testing::Id("o", i), side, price, size));
    }
    const PriorityRanks ranks(testing::Vrf(3));
    std::vector<uint64_t> eff(n), rank(n), avail(n);
    std::vector<uint8_t> flags(n);
    for (size_t i = 0; i < n; ++i) {
      eff[i] = orders[i].price                ? *orders[i].price
               : orders[i].side == Side::kBuy ? pair.collar_price
                                              : pair.collar_low;
      rank[i] = ranks.RankOf(orders[i].id);
      avail[i] = rng() % 4 == 0 ? 0 : orders[i].size;
      flags[i] = static_cast<uint8_t>((orders[i].side == Side::kBuy ? kFlagBuy : 0) |
                                      (orders[i].type == OrderType::kMarket ? kFlagMarket : 0));
    }
    const PriorityView view{orders, eff, rank, flags};
    const uint64_t reference = 30 + rng() % 140;
    Book book(view, avail, pair, reference);
    for (int removal = 0; removal < 4; ++removal) {
      auto demand = [&](uint64_t p) {
        uint64_t d = 0;
        for (size_t i = 0; i < n; ++i) {
          if (orders[i].side == Side::kBuy && eff[i] >= p) d += avail[i];
        }
        return d;
      };
      auto supply = [&](uint64_t p) {
        uint64_t s = 0;
        for (size_t i = 0; i < n; ++i) {
          if (orders[i].side == Side::kSell && eff[i] <= p) s += avail[i];
        }
        return s;
      };
      for (size_t l = 0; l < book.num_levels(); ++l) {
        ASSERT_EQ(book.Demand(l), demand(book.level_price(l)));
        ASSERT_EQ(book.Supply(l), supply(book.level_price(l)));
        // A level is a candidate while a limit order is there, or if it is the reference
        // (clamped into the collars) and market orders remain on both sides.
        bool non_empty = false, market_buy = false, market_sell = false;
        for (size_t i = 0; i < n; ++i) {
          if (avail[i] == 0) continue;
          const bool market = orders[i].type == OrderType::kMarket;
          non_empty |= !market && eff[i] == book.level_price(l);
          (orders[i].side == Side::kBuy ? market_buy : market_sell) |= market;
        }
        non_empty |=
            market_buy && market_sell &&
            book.level_price(l) == std::clamp(reference, pair.collar_low, pair.collar_price);
        const auto from = book.NonEmptyFrom(l);
        ASSERT_EQ(from.has_value() && *from == l, non_empty);
      }
      for (uint64_t p = 30; p < 170; ++p) {
        ASSERT_EQ(book.DemandAt(p), demand(p));
        ASSERT_EQ(book.SupplyAt(p), supply(p));
      }
      // Priority order on each side.
      for (const SideBook* side : {&book.buys(), &book.sells()}) {
        for (size_t k = 1; k < side->size(); ++k) {
          ASSERT_TRUE(view.Before(side->order_at(k - 1), side->order_at(k)));
        }
      }
      // Leave one available order out.
      std::vector<uint32_t> present;
      for (size_t i = 0; i < n; ++i) {
        if (avail[i] > 0) present.push_back(static_cast<uint32_t>(i));
      }
      if (present.empty()) break;
      const uint32_t out = present[rng() % present.size()];
      book.Remove(out);
      avail[out] = 0;
    }
  }
}

TEST(AuctionInternals, PriceRulesOnHandMadeLevels) {
  // Rule 1: one maximum.
  LevelStat a[] = {{10, 300, 100}, {11, 250, 200}, {12, 100, 300}};
  PriceDecision d = ApplyPriceRules(a, 0);
  EXPECT_EQ(d.price, 11u);
  EXPECT_EQ(d.volume, 200u);
  EXPECT_EQ(d.rule, PriceRule::kMaxVolume);
  // Rule 2.
  LevelStat b[] = {{10, 300, 200}, {11, 220, 200}, {12, 200, 260}};
  d = ApplyPriceRules(b, 0);
  EXPECT_EQ(d.price, 11u);
  EXPECT_EQ(d.rule, PriceRule::kMinSurplus);
  // Rule 3, both ways.
  LevelStat c[] = {{10, 250, 200}, {11, 250, 200}, {12, 100, 300}};
  d = ApplyPriceRules(c, 0);
  EXPECT_EQ(d.price, 11u);
  EXPECT_EQ(d.rule, PriceRule::kBuyPressure);
  LevelStat e[] = {{10, 300, 100}, {11, 200, 250}, {12, 200, 250}};
  d = ApplyPriceRules(e, 0);
  EXPECT_EQ(d.price, 11u);
  EXPECT_EQ(d.rule, PriceRule::kSellPressure);
  // Rule 4: no surplus; and surplus on both sides, clamped between 11 and 12.
  LevelStat f[] = {{10, 200, 200}, {13, 200, 200}};
  EXPECT_EQ(ApplyPriceRules(f, 12).price, 12u);
  EXPECT_EQ(ApplyPriceRules(f, 99).price, 13u);
  EXPECT_EQ(ApplyPriceRules(f, 1).price, 10u);
  EXPECT_EQ(ApplyPriceRules(f, 1).rule, PriceRule::kReference);
  LevelStat g[] = {{10, 240, 200}, {11, 240, 200}, {12, 200, 240}, {13, 200, 240}};
  EXPECT_EQ(ApplyPriceRules(g, 1).price, 11u);
  EXPECT_EQ(ApplyPriceRules(g, 99).price, 12u);
  // Nothing crosses.
  LevelStat h[] = {{10, 0, 200}, {13, 200, 0}};
  EXPECT_FALSE(ApplyPriceRules(h, 11).price.has_value());
  EXPECT_EQ(ApplyPriceRules(h, 11).rule, PriceRule::kNone);
}

// Hash collisions must never merge two owners or two ids: force every hash to collide.
TEST(AuctionInternals, OwnerHashCollisionsAreSeparatedByName) {
  std::vector<Order> orders = {testing::Limit("a1", Side::kBuy, 12, 10, 0, "A"),
                               testing::Limit("b1", Side::kSell, 10, 10, 0, "B"),
                               testing::Limit("a2", Side::kSell, 11, 5, 0, "A"),
                               testing::Limit("c1", Side::kBuy, 9, 7, 0, "C")};
  const std::vector<uint64_t> eff = {12, 10, 11, 9}, rank = {4, 3, 2, 1};
  const std::vector<uint8_t> flags = {kFlagBuy, 0, 0, kFlagBuy}, live = {1, 1, 1, 1};
  const PriorityView view{orders, eff, rank, flags};
  const std::vector<uint64_t> same_hash(orders.size(), 0x1234567800000000ull);
  std::vector<uint64_t> withheld(orders.size(), 0);
  NetSelfCrossingOrders(view, live, same_hash, withheld);
  // Only A crosses itself (buy 12 against its own sell 11); B's sell at 10 is not A's.
  EXPECT_EQ(withheld, (std::vector<uint64_t>{5, 0, 5, 0}));
}

TEST(AuctionInternals, IdHashCollisionsAreNotDuplicates) {
  std::vector<Order> orders;
  for (int i = 0; i < 50; ++i)
    orders.push_back(testing::Limit(testing::Id("o", i), Side::kBuy, 10, 1));
  const std::vector<uint64_t> same_rank(orders.size(), 42);
  EXPECT_TRUE(CheckDuplicateIds(orders, same_rank).ok());
  orders[37].id = "o12";
  const Status s = CheckDuplicateIds(orders, same_rank);
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(s.field(), "orders[37].id");
  EXPECT_EQ(s.message(), "duplicate of orders[12].id");
}

}  // namespace
}  // namespace phantompool::auction::internal
