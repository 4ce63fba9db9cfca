// Unit tests of the building blocks behind Clear(): the radix sort, the Fenwick tree and the
// book's level queries, each against a direct computation.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <vector>

#include "auction/batch_validation.h"
#include "auction/book.h"
#include "auction/fenwick.h"
#include "auction/owners.h"
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
      } else if (n > 0 && step % 3 == 1) {
        const size_t i = rng() % n;
        const uint64_t more = rng() % 4;
        values[i] += more;
        tree.Add(i, more);
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

// A random book of pieces against direct sums over the pieces, through removals and new
// nettings (ReplacePieces).
TEST(AuctionInternals, BookLevelsMatchDirectSums) {
  std::mt19937_64 rng(9);
  const order::PairSpec pair = testing::TestPair();
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
    std::vector<uint64_t> eff(n), rank(n);
    std::vector<uint8_t> flags(n);
    std::vector<uint32_t> owner(n);
    for (size_t i = 0; i < n; ++i) {
      eff[i] = orders[i].price                ? *orders[i].price
               : orders[i].side == Side::kBuy ? pair.market_buy_collar()
                                              : pair.market_sell_collar();
      rank[i] = ranks.RankOf(orders[i].id);
      flags[i] = static_cast<uint8_t>((orders[i].side == Side::kBuy ? kFlagBuy : 0) |
                                      (orders[i].type == OrderType::kMarket ? kFlagMarket : 0) |
                                      kFlagLive);
      owner[i] = static_cast<uint32_t>(i);
    }
    const OrderView view{orders, eff, rank, flags, owner};
    // Each order: its own piece (sometimes absent) and sometimes a limit piece lower (a buy)
    // or higher (a sell), as netting makes them.
    auto make_pieces = [&](uint32_t i, std::vector<Piece>& out) {
      const uint64_t size = orders[i].size;
      const uint64_t part = rng() % 3 == 0 ? rng() % size : 0;
      const bool own = rng() % 5 != 0 || part == 0;
      if (own) {
        out.push_back({static_cast<uint32_t>(size - part), static_cast<uint32_t>(eff[i]), i, 0,
                       view.IsMarket(i)});
      }
      if (part > 0) {
        const uint64_t t = view.IsBuy(i) ? 30 + rng() % 10 : 160 + rng() % 10;
        out.push_back({static_cast<uint32_t>(part), static_cast<uint32_t>(t), i, 0, false});
      }
    };
    std::vector<Piece> pieces;
    for (uint32_t i = 0; i < n; ++i) make_pieces(i, pieces);
    SlotKeys potential_buy, potential_sell;
    for (uint64_t t = 30; t < 40; ++t) potential_buy.Insert(SlotKeyOf(true, t, false));
    for (uint64_t t = 160; t < 170; ++t) potential_sell.Insert(SlotKeyOf(false, t, false));
    for (uint32_t i = 0; i < n; ++i) {
      if (view.IsMarket(i)) continue;
      (view.IsBuy(i) ? potential_buy : potential_sell)
          .Insert(SlotKeyOf(view.IsBuy(i), eff[i], false));
    }
    const uint64_t reference = 30 + rng() % 140;
    Book book(view, pair, reference, pieces, std::move(potential_buy), std::move(potential_sell));
    std::vector<Piece> live = pieces;
    for (int step = 0; step < 6; ++step) {
      auto sum = [&](bool buy, uint64_t p) {
        uint64_t total = 0;
        for (const Piece& x : live) {
          if (view.IsBuy(x.order) != buy) continue;
          if (buy ? x.threshold >= p : x.threshold <= p) total += x.qty;
        }
        return total;
      };
      for (size_t l = 0; l < book.num_levels(); ++l) {
        const uint64_t p = book.level_price(l);
        ASSERT_EQ(book.Demand(l), sum(true, p));
        ASSERT_EQ(book.Supply(l), sum(false, p));
        // A candidate while a limit piece is there, or the reference level while market
        // pieces are on both sides.
        bool candidate = false, market_buy = false, market_sell = false;
        for (const Piece& x : live) {
          candidate |= !x.market && x.threshold == p;
          if (x.market) (view.IsBuy(x.order) ? market_buy : market_sell) = true;
        }
        candidate |=
            market_buy && market_sell &&
            p == std::clamp(reference, pair.market_sell_collar(), pair.market_buy_collar());
        const auto from = book.NonEmptyFrom(l);
        ASSERT_EQ(from.has_value() && *from == l, candidate) << "level " << p;
      }
      for (uint64_t p = 20; p < 180; ++p) {
        ASSERT_EQ(book.DemandAt(p), sum(true, p));
        ASSERT_EQ(book.SupplyAt(p), sum(false, p));
      }
      // Slots in priority order; every live piece listed in its slot.
      for (const SideSlots* side : {&book.buys(), &book.sells()}) {
        for (size_t k = 1; k < side->size(); ++k) {
          const uint64_t a = side->threshold(k - 1), b = side->threshold(k);
          ASSERT_TRUE(side->IsBuy() ? a > b || (a == b && k - 1 == side->market_slot())
                                    : a < b || (a == b && k - 1 == side->market_slot()));
        }
        uint64_t listed = 0;
        for (size_t k = 0; k < side->size(); ++k) {
          book.ForEachPieceInSlot(*side, k, [&](uint32_t p) {
            ASSERT_EQ(book.piece(p).slot, k);
            listed += book.piece(p).qty;
          });
        }
        ASSERT_EQ(listed, side->Total());
      }
      if (n == 0) break;
      // Leave one order out, or give one order new pieces.
      const auto i = static_cast<uint32_t>(rng() % n);
      std::erase_if(live, [i](const Piece& x) { return x.order == i; });
      if (rng() % 2) {
        book.RemoveOrder(i);
      } else {
        std::vector<Piece> fresh;
        make_pieces(i, fresh);
        const uint32_t orders_of[] = {i};
        book.ReplacePieces(orders_of, fresh);
        live.insert(live.end(), fresh.begin(), fresh.end());
      }
    }
  }
}

// One owner's netting: buy 100 at 12 against sells 30 at 10 and 50 at 11 (and a sell at
// 13 that does not cross). The buy keeps 20 at 12, 30 below 10 (threshold 9) and 50 below
// 11 (threshold 10); the sells keep their lots above 12 (threshold 13); the sell at 13 is
// whole.
TEST(AuctionInternals, NettingOneOwner) {
  const order::PairSpec pair = testing::TestPair();
  std::vector<Order> orders = {testing::Limit("b", Side::kBuy, 12, 100, 0, "A"),
                               testing::Limit("s1", Side::kSell, 10, 30, 0, "A"),
                               testing::Limit("s2", Side::kSell, 11, 50, 0, "A"),
                               testing::Limit("s3", Side::kSell, 13, 40, 0, "A")};
  const std::vector<uint64_t> eff = {12, 10, 11, 13}, rank = {1, 2, 3, 4};
  const std::vector<uint8_t> flags = {kFlagBuy | kFlagLive, kFlagLive, kFlagLive, kFlagLive};
  const std::vector<uint32_t> owner = {0, 0, 0, 0};
  const OrderView view{orders, eff, rank, flags, owner};
  const std::vector<uint32_t> all = {0, 1, 2, 3};
  OwnerNetting netting;
  std::vector<Piece> pieces;
  ASSERT_TRUE(netting.Net(view, pair, all, pieces));  // the orders cross
  std::map<std::pair<uint32_t, uint64_t>, uint64_t> got;
  for (const Piece& p : pieces) got[{p.order, p.threshold}] += p.qty;
  const std::map<std::pair<uint32_t, uint64_t>, uint64_t> want = {
      {{0, 9}, 30}, {{0, 10}, 50}, {{0, 12}, 20}, {{1, 13}, 30}, {{2, 13}, 50}, {{3, 13}, 40}};
  EXPECT_EQ(got, want);
  // Orders that do not cross stay whole: the buy at 12 with the sell at 13 only.
  const std::vector<uint32_t> no_cross = {0, 3};
  std::vector<Piece> whole;
  EXPECT_FALSE(netting.Net(view, pair, no_cross, whole));
  ASSERT_EQ(whole.size(), 2u);
  EXPECT_EQ(whole[0].qty + whole[1].qty, 140u);
  // A sell at the lowest price has its buy piece off the grid: withheld at every price.
  orders[1].price = 1;
  const std::vector<uint64_t> eff2 = {12, 1, 11, 13};
  const OrderView view2{orders, eff2, rank, flags, owner};
  pieces.clear();
  netting.Net(view2, pair, all, pieces);
  got.clear();
  for (const Piece& p : pieces) got[{p.order, p.threshold}] += p.qty;
  EXPECT_EQ((got.count({0, 0})), 0u);
  EXPECT_EQ((got[{0, 10}]), 50u);
  EXPECT_EQ((got[{0, 12}]), 20u);
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
                               testing::Limit("c1", Side::kBuy, 9, 7, 0, "C"),
                               testing::Limit("x1", Side::kBuy, 9, 7, 0, "X")};
  const std::vector<uint8_t> live = {kFlagLive, kFlagLive, kFlagLive, kFlagLive, 0};
  const std::vector<uint64_t> same_hash(orders.size(), 0x1234567800000000ull);
  const OwnerGroups g = GroupOwners(orders, live, same_hash);
  ASSERT_EQ(g.count(), 3u);
  EXPECT_EQ(g.of[0], g.of[2]);
  EXPECT_NE(g.of[0], g.of[1]);
  EXPECT_NE(g.of[1], g.of[3]);
  EXPECT_EQ(g.of[4], OwnerGroups::kNone);  // not taking part
  for (uint32_t o = 0; o < g.count(); ++o) {
    for (uint32_t i : g.OrdersOf(o)) EXPECT_EQ(g.of[i], o);
  }
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
