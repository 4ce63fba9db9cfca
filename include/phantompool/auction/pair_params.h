// PairParams: what the auction needs to know about a trading pair.
//
// Prices are integers in ticks and sizes integers in base units. A price is valid when it
// lies on the pair's tick grid (a multiple of tick_size) within [min_price, max_price].
// Market orders have no limit of their own and never set the price; the pair's collars
// bound where they execute: a market buy only at prices up to collar_price, a market sell
// only down to collar_low (docs/auction.md, section 4). collar_price is the same
// number the order module proves a market buy's obligation at (market_buy_collar).
//
// Notional (quote units) of a trade = floor(size * price * quote_per_tick / base_scale):
// quote_per_tick is the quote value of one tick for base_scale base units. Rounding is
// always down, per trade; the buyer pays and the seller receives that same integer, so
// quote value is conserved exactly. With the units of docs/order.md (sizes in lots, one lot
// at one tick worth quote_per_tick) base_scale is 1 and nothing is ever rounded; a pair
// whose sizes are finer than its quote unit sets base_scale > 1.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "phantompool/common/result.h"

namespace phantompool::auction {

struct PairParams {
  std::string name;             // "SOL/USDC"
  uint64_t tick_size = 1;       // price grid step, in ticks
  uint64_t min_price = 1;       // ticks, on the grid
  uint64_t max_price = 0;       // ticks, on the grid
  uint64_t quote_per_tick = 1;  // quote units per tick per base_scale base units
  uint64_t base_scale = 1;      // divisor of size * price * quote_per_tick
  uint64_t min_order_size = 1;  // base units
  uint64_t max_order_size = 0;  // base units
  uint64_t collar_low = 0;      // floor for market sells, ticks, on the grid
  uint64_t collar_price = 0;    // ceiling for market buys, ticks, on the grid

  friend bool operator==(const PairParams&, const PairParams&) = default;
};

// Checks every field (errors name "pair.<field>"): positive tick size, scale and quote per
// tick; grid prices with min_price <= collar_low <= collar_price <= max_price;
// 1 <= min_order_size <= max_order_size; and the notional of the largest possible trade
// (max_order_size at max_price) fits in 64 bits, so no single trade can overflow.
Status ValidatePairParams(const PairParams& pair);

// True if `price` is on the grid and within [min_price, max_price].
bool IsValidPrice(const PairParams& pair, uint64_t price);

// floor(size * price * quote_per_tick / base_scale), exact (no intermediate can wrap);
// nullopt if the result exceeds 2^64-1 or base_scale is 0.
std::optional<uint64_t> TradeNotional(uint64_t size, uint64_t price, const PairParams& pair);

// The built-in pairs (docs/auction.md lists their parameters).
std::span<const PairParams> KnownPairs();
// The built-in pair called `name`; InvalidArgument naming `field` if there is none.
Result<PairParams> FindKnownPair(std::string_view name, std::string_view field);

}  // namespace phantompool::auction
