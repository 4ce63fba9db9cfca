// Self-trade prevention by netting an owner's own crossing orders.
//
// In a uniform-price batch an owner who buys and sells at the one clearing price ends
// where they started: whether the counterparty is themselves or a third party is only
// bookkeeping of the pairing, and the trades would only inflate volume. So before the
// price is sought, each owner's buys and sells that cross each other (buy effective price
// >= sell effective price, a market order's being its collar) are matched against each
// other, highest buy with lowest sell (PriorityView::PriceBefore), and the matched
// quantity is withheld from both: it does not
// trade in this batch (it stays on a gtc/gtt order; an ioc order's rest is cancelled).
// Afterwards every owner's remaining buys are priced below their remaining sells, so at no
// price can two of their orders both execute: self-trade is impossible by construction.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "auction/priority_order.h"

namespace phantompool::auction::internal {

// For the orders with live[i] != 0, adds to withheld[i] the quantity netted away.
// owner_hash[i] is a keyed hash of orders[i].owner: orders are grouped by it, and the owner
// strings are compared only in groups that cross themselves (a group that does not cross
// cannot contain an owner that does, so a hash collision there changes nothing). Expected
// O(n) plus a sort of the orders of owners who do cross themselves.
void NetSelfCrossingOrders(const PriorityView& view, std::span<const uint8_t> live,
                           std::span<const uint64_t> owner_hash, std::vector<uint64_t>& withheld);

}  // namespace phantompool::auction::internal
