// Clear(): the uniform-price call auction of one batch.
//
// A pure, deterministic function: no I/O, no clock (the time for good-till-time expiry is
// an input), no floating point, no dependence on the order of the input (a permutation of
// `orders` gives the same result, permuted). The rules, with worked examples, are in
// docs/auction.md:
//   1. validation: any bad input is rejected with a Status naming the order and field, and
//      nothing partial is returned;
//   2. good-till-time orders whose expiry has passed drop out (status expired);
//   3. self-trade: each owner's own crossing orders are netted against each other, so no
//      price can make two orders of one owner trade with each other;
//   4. the clearing price, among the limit prices: maximum volume, then minimum surplus,
//      then market pressure, then the reference price (the rules of Xetra's auctions, with
//      the refinement the docs explain); if only market orders trade, the reference price.
//      Market orders never set the price; the pair's collars bound where they execute;
//   5. allocation at that one price: market orders first, then limit orders by price, ties
//      by the VRF-drawn rank; never below an order's minimum fill: an order whose minimum
//      cannot be met is left out and the price is determined again without it.
// Runs in O(n log n) for n orders (plus O(log^2 n) per order left out by rule 5).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "phantompool/auction/auction_result.h"
#include "phantompool/auction/order.h"
#include "phantompool/auction/pair_params.h"
#include "phantompool/common/result.h"

namespace phantompool::auction {

struct SessionInputs {
  uint64_t reference_price = 0;          // ticks, on the pair's grid
  std::array<uint8_t, 32> vrf_output{};  // the session's threshold-VRF output
  std::optional<uint64_t> now;           // unix seconds; required if any order is gtt
};

Result<AuctionResult> Clear(std::span<const Order> orders, const PairParams& pair,
                            const SessionInputs& session);

}  // namespace phantompool::auction
