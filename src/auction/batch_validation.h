// Validation of a batch before anything is decided: every error names the input it is
// about ("pair.tick_size", "reference_price", "now", "orders[3].price") and the first error
// in a fixed order (pair, session, then the orders in input order, field by field, then
// duplicate ids, then side totals) is reported, so the same bad batch always gets the same
// error.
#pragma once

#include <span>

#include "phantompool/auction/clear.h"

namespace phantompool::auction::internal {

// Pair parameters, reference price, and each order's own fields; then that the sizes of
// each side add up without overflowing 64 bits (so every volume the auction computes
// fits).
Status ValidateBatch(std::span<const Order> orders, const PairParams& pair,
                     const SessionInputs& session);

// Duplicate ids. `rank` holds a keyed hash of every order's id (the VRF priority rank);
// equal ids have equal ranks, so only orders whose ranks share their top 32 bits are
// compared. Reports the lowest index whose id occurred earlier.
Status CheckDuplicateIds(std::span<const Order> orders, std::span<const uint64_t> rank);

}  // namespace phantompool::auction::internal
