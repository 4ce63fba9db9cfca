// ReferenceClear: the auction's rules written out the slow, obvious way, for differential
// testing of Clear(). It shares nothing with src/auction but the public types and the
// priority ranks: no Fenwick trees, no radix sort, no "only four levels can win" shortcut;
// every candidate price is evaluated by summing over every order, O(n^2) per round.
// It assumes a batch that Clear() has accepted as valid.
#pragma once

#include <span>

#include "phantompool/auction/clear.h"

namespace phantompool::auction::testing {

AuctionResult ReferenceClear(std::span<const Order> orders, const PairParams& pair,
                             const SessionInputs& session);

}  // namespace phantompool::auction::testing
