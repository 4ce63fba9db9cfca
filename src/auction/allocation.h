// Allocation at the clearing price (docs/auction.md, section 5), and the trades.
//
// On each side the slots are filled in priority order; the cut slot (min_fill.h) receives
// what is left of the volume, shared pro rata in whole lots in two steps:
//   1. among owners, in proportion to what each owner has in the slot: owner o gets
//      floor(share * Q_o / Q), and the lots left over go one each to the owners first in
//      VRF rank order;
//   2. within an owner, among its pieces in the slot, the same way by order rank.
// Because an owner's total in a slot does not depend on how the owner split its orders,
// splitting an order (without a minimum fill) changes nothing the owner receives.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "auction/book.h"
#include "phantompool/auction/auction_result.h"
#include "phantompool/order/pair_spec.h"

namespace phantompool::auction::internal {

// Adds to fill[order] what each order receives when `volume` lots trade. owner_rank is
// indexed by view.owner[order].
void Allocate(const Book& book, const OrderView& view, std::span<const uint64_t> owner_rank,
              uint64_t volume, std::vector<uint64_t>& fill);

// Pairs the filled buys with the filled sells, both in priority order (two pointers), so a
// batch has at most (filled buys + filled sells - 1) trades, and sets every trade's notional
// and the session's (result.trades, result.notional; an order's notional is
// Notional(filled, price), the sum over its trades, as notional is linear in size). No
// owner is on both sides at one price (self_trade.h), so no trade is a self-trade.
// ResourceExhausted("notional") if the session's notional, summed in 128 bits, exceeds
// what a ledger amount holds (2^63 - 1): an operational limit, not bad input.
Status PairTrades(const OrderView& view, const order::PairSpec& pair, uint64_t price,
                  std::span<const uint64_t> fill, AuctionResult& result);

}  // namespace phantompool::auction::internal
