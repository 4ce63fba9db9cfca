// PairSpec: everything PhantomPool knows about a trading pair, defined once.
//
// The order module proves orders against it, the auction clears against it and the store
// keeps it in trading_pairs; all three use this one type, so the number a market buy's
// obligation is proven at and the number the auction lets it pay are the same field.
//
// Units (docs/order.md): a size counts lots, one lot being `base_lot` units of the base
// token's ledger; a price counts ticks, and one lot at one tick is worth `quote_per_tick`
// units of the quote token's ledger. Every notional is therefore the exact integer
// size × price × quote_per_tick: nothing is ever rounded, and splitting a trade into
// smaller trades changes no one's total. Sizes and prices are below 2^32 (the order's range
// proof is 32 bits per value); the factory checks that the largest obligation fits the
// store's 63-bit amounts.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "phantompool/common/result.h"

namespace phantompool::order {

// Sizes (lots) and prices (ticks) are at most this: the order proves them in 32 bits.
inline constexpr uint64_t kMaxPairValue = 0xffffffffULL;
// Amounts the store keeps are at most this (signed 64-bit columns).
inline constexpr uint64_t kMaxLedgerAmount = 0x7fffffffffffffffULL;
inline constexpr uint32_t kMaxFeeBps = 1000;  // 10 %
inline constexpr size_t kMaxPairSymbolBytes = 32;

// The fields of a pair, as an operator writes them down. Only PairSpec::Create turns them
// into a pair that anything else accepts.
struct PairFields {
  std::string symbol;            // "SOL/USDC": printable ASCII, no spaces, 3..32 bytes
  std::string base_token;        // ledger id of the base token (its mint address)
  std::string quote_token;       // ledger id of the quote token, different from the base
  std::string base_token_name;   // "SOL"
  std::string quote_token_name;  // "USDC"
  uint32_t base_decimals = 0;    // display only, ≤ 18
  uint32_t quote_decimals = 0;   // display only, ≤ 18
  uint64_t base_lot = 1;         // base ledger units per lot
  uint64_t quote_per_tick = 1;   // quote ledger units of one lot at one tick
  uint64_t tick_size = 1;        // the price grid: valid prices are multiples of this
  uint64_t min_price = 1;        // ticks, on the grid
  uint64_t max_price = 0;        // ticks, on the grid, ≤ kMaxPairValue
  // Market orders have no limit of their own: a market sell executes only at prices at or
  // above market_sell_collar; a market buy only at or below market_buy_collar, and its
  // obligation is proven at market_buy_collar (docs/order.md).
  uint64_t market_sell_collar = 0;  // ticks, on the grid
  uint64_t market_buy_collar = 0;   // ticks, on the grid, ≥ market_sell_collar
  uint64_t min_order_size = 1;      // lots, ≥ 1
  uint64_t max_order_size = 0;      // lots, ≤ kMaxPairValue
  // Charged on what each side receives (the seller's quote, the buyer's base), rounded
  // down, so an order never needs more than its obligation (docs/store.md, "Fees").
  uint32_t fee_bps = 0;
  // The batch schedule: a session closes when `batch_period_ms` has passed since the
  // previous close, or as soon as `batch_max_orders` orders wait. The executors check it
  // themselves before they decrypt anything.
  uint32_t batch_period_ms = 5000;
  uint32_t batch_max_orders = 10000;

  friend bool operator==(const PairFields&, const PairFields&) = default;
};

class PairSpec {
 public:
  // Checks every field; errors name "pair.<field>".
  static Result<PairSpec> Create(PairFields fields);

  const PairFields& fields() const { return f_; }
  const std::string& symbol() const { return f_.symbol; }
  const std::string& base_token() const { return f_.base_token; }
  const std::string& quote_token() const { return f_.quote_token; }
  uint64_t base_lot() const { return f_.base_lot; }
  uint64_t quote_per_tick() const { return f_.quote_per_tick; }
  uint64_t tick_size() const { return f_.tick_size; }
  uint64_t min_price() const { return f_.min_price; }
  uint64_t max_price() const { return f_.max_price; }
  uint64_t market_sell_collar() const { return f_.market_sell_collar; }
  uint64_t market_buy_collar() const { return f_.market_buy_collar; }
  uint64_t min_order_size() const { return f_.min_order_size; }
  uint64_t max_order_size() const { return f_.max_order_size; }
  uint32_t fee_bps() const { return f_.fee_bps; }
  uint32_t batch_period_ms() const { return f_.batch_period_ms; }
  uint32_t batch_max_orders() const { return f_.batch_max_orders; }

  // On the grid and within [min_price, max_price].
  bool IsValidPrice(uint64_t price) const;
  // size × price × quote_per_tick quote ledger units, exact. The factory guarantees it fits
  // in 63 bits for every size ≤ max_order_size and price ≤ max_price; larger inputs are a
  // programmer error (they abort).
  uint64_t Notional(uint64_t size, uint64_t price) const;
  // size × base_lot base ledger units; the same bound.
  uint64_t BaseAmount(uint64_t size) const;
  // floor(amount × fee_bps / 10000): the fee on `amount` ledger units received.
  uint64_t FeeOn(uint64_t amount) const;

  // The same pair with max_order_size lowered to `user_max_order_size` if that is smaller:
  // the bound a user's orders are proven against (docs/order.md, "Per-user limits").
  Result<PairSpec> WithUserLimit(uint64_t user_max_order_size) const;

  friend bool operator==(const PairSpec&, const PairSpec&) = default;

 private:
  explicit PairSpec(PairFields f) : f_(std::move(f)) {}
  PairFields f_;
};

// The built-in pairs (SOL/USDC, USDT/USDC, SOL/USDT), defined here and nowhere else: the
// store seeds trading_pairs from them.
std::span<const PairSpec> BuiltinPairs();
// The built-in pair called `symbol`; InvalidArgument naming `field` if there is none.
Result<PairSpec> FindBuiltinPair(std::string_view symbol, std::string_view field);

}  // namespace phantompool::order
