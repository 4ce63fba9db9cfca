// OracleClear: the auction's rules (docs/auction.md) evaluated by brute force, for
// differential testing of Clear(). It shares nothing with src/auction but the public types
// and the VRF ranks: no slots, Fenwick trees or radix sorts, no "only the levels next to
// the sign change can win". Every round it nets every owner from scratch, then evaluates
// demand, supply, volume, surplus, pressure and distance to the reference at EVERY price of
// the grid by summing over the pieces, and applies each price rule as a filter over that
// table; the allocation walks the priority levels one by one. O(grid x orders) per round.
// It assumes a batch that Clear() has accepted as valid.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "phantompool/auction/clear.h"

namespace phantompool::auction::testing {

// A piece of an order after self-trade prevention (docs/auction.md, section 6).
struct OraclePiece {
  size_t order;
  uint64_t qty;
  uint64_t threshold;
  bool market;  // a market order's own residual at its collar
};

// The pieces of every order with take_part[i], netting each owner's crossing orders.
std::vector<OraclePiece> OracleNet(std::span<const Order> orders, const order::PairSpec& pair,
                                   const SessionInputs& session,
                                   const std::vector<bool>& take_part);

AuctionResult OracleClear(std::span<const Order> orders, const order::PairSpec& pair,
                          const SessionInputs& session);

}  // namespace phantompool::auction::testing
