// The labels a session is cleared on and its reference price: what a replay recomputes
// from the published audit alone.
#include "phantompool/auction/session_owners.h"

#include <gtest/gtest.h>

#include "phantompool/auction/clear.h"
#include "phantompool/order/pair_spec.h"

namespace phantompool::auction {
namespace {

TEST(AuctionSessionOwners, LabelsFollowFirstAppearance) {
  SessionOwners owners;
  EXPECT_EQ(owners.Of("42"), "t1");
  EXPECT_EQ(owners.Of("7"), "t2");
  EXPECT_EQ(owners.Of("42"), "t1");  // the same owner keeps its label
  EXPECT_EQ(owners.Of("1000"), "t3");
  SessionOwners another;  // per session: a new session starts again
  EXPECT_EQ(another.Of("7"), "t1");
}

TEST(AuctionReferencePrice, TheLastClearingPriceElseTheBandsMiddleOnTheGrid) {
  const order::PairSpec pair = order::FindBuiltinPair("SOL/USDC", "pair").value();
  const uint64_t on_grid = pair.min_price() + pair.tick_size() * 7;
  ASSERT_TRUE(pair.IsValidPrice(on_grid));
  EXPECT_EQ(ReferencePrice(pair, on_grid), on_grid);
  const uint64_t mid = ReferencePrice(pair, std::nullopt);
  EXPECT_TRUE(pair.IsValidPrice(mid));
  EXPECT_LE(mid, pair.min_price() + (pair.max_price() - pair.min_price()) / 2);
  EXPECT_GT(mid + pair.tick_size(), pair.min_price() + (pair.max_price() - pair.min_price()) / 2);
  // A last price off the grid (never stored by a settlement) is not used.
  EXPECT_EQ(ReferencePrice(pair, pair.max_price() + 1), mid);
}

}  // namespace
}  // namespace phantompool::auction
