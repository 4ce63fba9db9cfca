// Validation of a batch before anything is decided: every error names the input it is
// about ("reference_price", "now", "orders[3].price") and the first error in a fixed order
// (session, then the orders in input order, field by field, then duplicate ids) is
// reported, so the same bad batch always gets the same error. The pair needs no check: a
// PairSpec cannot exist invalid.
#pragma once

#include <span>

#include "phantompool/auction/clear.h"

namespace phantompool::auction::internal {

// The reference price, and each order's own fields against the pair. With sizes below 2^32
// lots and at most 2^32 - 1 orders, no side's total can exceed 2^64 - 1, so every sum of
// sizes the auction forms fits in 64 bits.
Status ValidateBatch(std::span<const Order> orders, const order::PairSpec& pair,
                     const SessionInputs& session);

// Duplicate ids. `rank` holds a keyed hash of every order's id (the VRF priority rank);
// equal ids have equal ranks, so only orders whose ranks share their top 32 bits are
// compared. Reports the lowest index whose id occurred earlier.
Status CheckDuplicateIds(std::span<const Order> orders, std::span<const uint64_t> rank);

}  // namespace phantompool::auction::internal
