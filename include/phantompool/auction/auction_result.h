// AuctionResult: everything one call auction decided.
//
// Orders are referred to by their index in the input span (no strings are copied, so a
// million-order result costs no per-order allocation); the replay JSON maps indices back
// to ids. Invariants that Clear() guarantees and the tests check:
//   - sum of buy fills == sum of sell fills == volume == sum of trade sizes;
//   - every trade is at clearing_price, between a buy and a sell of different owners;
//   - sum of trade notionals == notional <= 2^63 - 1, and each order's notional is the sum
//     over its trades (the buyer pays exactly what the seller receives);
//   - filled == 0 or filled >= min_fill, and filled + withheld <= size.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "phantompool/common/result.h"

namespace phantompool::auction {

// The order after the batch.
enum class OrderStatus : uint8_t {
  kFilled,           // nothing left
  kPartiallyFilled,  // some filled, the rest stays open (gtc/gtt)
  kOpen,             // nothing filled, stays open (gtc/gtt)
  kCancelled,        // ioc: whatever was not filled is cancelled (filled may be > 0)
  kExpired,          // gtt whose expiry had passed: it did not take part
};

// Why an order has something left (kNone when it is fully filled).
enum class UnfilledReason : uint8_t {
  kNone,
  kExpired,        // gtt past its expiry
  kSelfTrade,      // all that is left was withheld: at the clearing price it would have
                   // crossed the owner's own orders
  kMinFill,        // left out of this batch: its minimum fill could not be met
  kNoPrice,        // the batch did not cross: no clearing price
  kNotExecutable,  // its limit (or collar) is on the wrong side of the clearing price
  kRationed,       // executable, but the volume ran out before all of it (beyond what was
                   // withheld) could trade: at the marginal level, or a market order whose
                   // collar lies beyond the price (docs/auction.md, section 5)
};

// Which rule settled the clearing price (docs/auction.md, "The clearing price").
enum class PriceRule : uint8_t {
  kNone,                 // no price: nothing crosses
  kMaxVolume,            // the single price with the largest executable volume
  kMinSurplus,           // of those, the single one with the smallest surplus
  kBuyPressure,          // surplus on the buy side at every tied price: the highest
  kSellPressure,         // surplus on the sell side at every tied price: the lowest
  kReference,            // surplus on both sides or none: nearest the reference price
  kMarketOnlyReference,  // only market orders trade: the reference price
};

// Every rule, in the order of the enum (for parsers and for documents that list them).
inline constexpr PriceRule kPriceRules[] = {PriceRule::kNone,
                                            PriceRule::kMaxVolume,
                                            PriceRule::kMinSurplus,
                                            PriceRule::kBuyPressure,
                                            PriceRule::kSellPressure,
                                            PriceRule::kReference,
                                            PriceRule::kMarketOnlyReference};

std::string_view OrderStatusName(OrderStatus status);        // "filled", "partially_filled", ...
std::string_view UnfilledReasonName(UnfilledReason reason);  // "", "expired", "self_trade", ...
std::string_view PriceRuleName(PriceRule rule);              // "none", "max_volume", ...
// The inverse of PriceRuleName, strictly: any other text is InvalidArgument naming `field`
// (the store reads a settled session's rule back through it).
Result<PriceRule> ParsePriceRule(std::string_view name, std::string_view field);

struct Trade {
  uint32_t buy = 0;       // index of the buy order in the input
  uint32_t sell = 0;      // index of the sell order in the input
  uint64_t size = 0;      // lots
  uint64_t price = 0;     // ticks: always the clearing price
  uint64_t notional = 0;  // quote ledger units, PairSpec::Notional(size, price): exact

  friend bool operator==(const Trade&, const Trade&) = default;
};

struct OrderOutcome {
  uint64_t filled = 0;     // lots
  uint64_t remaining = 0;  // size - filled
  // Lots that self-trade prevention kept out at the clearing price: the part of the order
  // that there would have crossed its owner's own orders (0 when it is not executable at
  // the price, or there is no price).
  uint64_t withheld = 0;
  uint64_t notional = 0;  // quote ledger units paid (buy) or received (sell)
  OrderStatus status = OrderStatus::kOpen;
  UnfilledReason reason = UnfilledReason::kNone;

  friend bool operator==(const OrderOutcome&, const OrderOutcome&) = default;
};

struct AuctionResult {
  std::optional<uint64_t> clearing_price;  // ticks; nullopt when nothing trades
  uint64_t volume = 0;                     // lots bought == lots sold
  uint64_t notional = 0;  // quote ledger units, sum over trades (summed in 128 bits)
  PriceRule rule = PriceRule::kNone;
  std::vector<Trade> trades;         // in priority order of the buys, then the sells
  std::vector<OrderOutcome> orders;  // parallel to the input orders

  friend bool operator==(const AuctionResult&, const AuctionResult&) = default;
};

}  // namespace phantompool::auction
