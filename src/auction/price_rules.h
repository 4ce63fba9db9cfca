// The clearing price of a call auction (docs/auction.md, "The clearing price").
//
// Rules 1-4 are Xetra's, applied to the candidate prices (the thresholds of the limit pieces
// in the book, and the reference price clamped into the collars while market orders are on
// both sides; market orders never set the price, they only count where they may execute):
//   1. the largest executable volume min(demand, supply);
//   2. of those, the smallest surplus |demand - supply|;
//   3. if every remaining price has its surplus on the buy side, the highest; if every one
//      on the sell side, the lowest ("market pressure");
//   4. otherwise (surplus on both sides, or none) the reference price, clamped into the
//      range where it keeps volume and priority: between the highest remaining price with a
//      buy surplus and the lowest with a sell surplus (or between the lowest and highest
//      remaining prices if none has a surplus).
// Rule 5 (Xetra's market-order rule): if at that price only market orders would trade, the
// price is the reference price, clamped between the collars and the best limits, so that
// no limit order is left unfilled at a price it would have accepted.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "auction/book.h"
#include "phantompool/auction/auction_result.h"
#include "phantompool/order/pair_spec.h"

namespace phantompool::auction::internal {

struct LevelStat {
  uint64_t price = 0;
  uint64_t demand = 0;  // buys executable at price
  uint64_t supply = 0;  // sells executable at price
};

struct PriceDecision {
  std::optional<uint64_t> price;
  uint64_t volume = 0;
  PriceRule rule = PriceRule::kNone;
};

// Rules 1-4 over `levels` (ascending by price), which must include every level that has
// the largest volume and, among those, the smallest surplus, and another level of the
// largest volume if there is one.
PriceDecision ApplyPriceRules(std::span<const LevelStat> levels, uint64_t reference_price);

// Rules 1-5 on a book, in O(log^2 n): demand falls and supply rises with the price, so the
// only levels that can win are the few non-empty levels either side of where the surplus
// changes sign (docs/auction.md, section 9).
PriceDecision DeterminePrice(const Book& book, const order::PairSpec& pair,
                             uint64_t reference_price);

}  // namespace phantompool::auction::internal
