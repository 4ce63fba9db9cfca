// Clear(): the uniform-price call auction of one batch.
//
// A pure, deterministic function: no I/O, no clock (the time for good-till-time expiry is
// an input), no floating point, no dependence on the order of the input (a permutation of
// `orders` gives the same result, permuted). The rules, with worked examples and proofs,
// are in docs/auction.md:
//   1. validation: any bad input is rejected with a Status naming the order and field, and
//      nothing partial is returned;
//   2. good-till-time orders whose expiry has passed drop out (status expired);
//   3. self-trade prevention: each owner's crossing orders are split into pieces that keep
//      the owner's net demand at every price, so the owner never trades with itself and
//      its crossing never costs a trade with anyone else where it does not cross;
//   4. the clearing price, among the limit prices: maximum volume, then minimum surplus,
//      then market pressure, then the reference price (the rules of Xetra's auctions, with
//      the refinement the docs explain); if only market orders trade, the reference price.
//      Market orders never set the price; the pair's collars bound where they execute;
//   5. allocation at that price by effective price (a market order's being its collar);
//      the marginal level pro rata in whole lots, first among owners, then among each
//      owner's orders, leftover lots by VRF rank; never below an order's minimum fill: an
//      order whose minimum cannot be met is left out, its owner's orders are netted again
//      without it, and the price is found again.
// Runs in O(n log n) for n orders, plus per round of rule 5 O(log^2 n), the orders checked
// in it and the netting again of the owners of the orders left out (docs/auction.md, 9).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "phantompool/auction/auction_result.h"
#include "phantompool/auction/order.h"
#include "phantompool/common/result.h"
#include "phantompool/order/pair_spec.h"

namespace phantompool::auction {

struct SessionInputs {
  uint64_t reference_price = 0;          // ticks, on the pair's grid (ReferencePrice)
  std::array<uint8_t, 32> vrf_output{};  // the session's threshold-VRF output
  std::optional<uint64_t> now;           // unix seconds; required if any order is gtt
};

// The reference price of a session (section 4): the pair's last clearing price, else the
// middle of its price band rounded down onto the grid.
uint64_t ReferencePrice(const order::PairSpec& pair, const std::optional<uint64_t>& last);

// Errors: InvalidArgument / AlreadyExists for bad input (naming the field);
// ResourceExhausted("notional") if the session's notional exceeds 2^63 - 1 quote ledger
// units (an operational limit: the batch is valid but cannot be settled as one session).
Result<AuctionResult> Clear(std::span<const Order> orders, const order::PairSpec& pair,
                            const SessionInputs& session);

}  // namespace phantompool::auction
