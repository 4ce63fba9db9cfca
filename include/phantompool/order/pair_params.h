// PairParams: the public parameters of a trading pair that orders and proofs depend on.
//
// Units (docs/order.md): a size is a count of base lots; one lot is `base_lot` units of the
// base token's ledger; a price is a count of ticks, and one lot at one tick is worth
// `quote_per_tick` units of the quote token's ledger. Both multipliers are integers so that
// every obligation is an exact integer in ledger units (no rounding inside a proof).
#pragma once

#include <cstdint>
#include <string>

#include "phantompool/common/status.h"

namespace phantompool::order {

struct PairParams {
  std::string name;             // "SOL/USDC"
  uint64_t base_lot = 1;        // base ledger units per lot
  uint64_t quote_per_tick = 1;  // quote ledger units per lot per tick
  uint64_t min_order_size = 1;  // lots, ≥ 1
  uint64_t max_order_size = 0;  // lots, ≥ min_order_size
  // The highest price, in ticks, a market buy may pay. A market buy has no limit price, so
  // its obligation (and what the auction lets it pay) is bounded by this collar.
  uint64_t market_buy_collar = 0;

  Status Validate() const;
};

}  // namespace phantompool::order
