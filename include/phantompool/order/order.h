// Order: what a trader wants, in the clear, on the trader's own machine. It never leaves
// that machine in this form: EncryptOrder turns it into an EncryptedOrder.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "phantompool/common/result.h"
#include "phantompool/order/pair_spec.h"

namespace phantompool::order {

enum class Side : uint8_t { kBuy = 1, kSell = 2 };
enum class OrderType : uint8_t { kLimit = 1, kMarket = 2 };
// gtc: good till cancelled; gtt: good till `expiry` (unix seconds); ioc: this batch only.
enum class Validity : uint8_t { kGtc = 1, kGtt = 2, kIoc = 3 };

inline constexpr size_t kNonceBytes = 32;
inline constexpr size_t kMaxPairNameBytes = 32;
inline constexpr size_t kMaxUserIdBytes = 64;
using Nonce = std::array<uint8_t, kNonceBytes>;

std::string_view SideName(Side side);            // "buy" / "sell"
std::string_view OrderTypeName(OrderType type);  // "limit" / "market"
std::string_view ValidityName(Validity v);       // "gtc" / "gtt" / "ioc"
Result<Side> ParseSide(std::string_view s, std::string_view field);
Result<OrderType> ParseOrderType(std::string_view s, std::string_view field);
Result<Validity> ParseValidity(std::string_view s, std::string_view field);
// From the wire byte; anything else is an error naming `field`.
Result<Side> SideFromByte(uint8_t b, std::string_view field);
Result<OrderType> OrderTypeFromByte(uint8_t b, std::string_view field);
Result<Validity> ValidityFromByte(uint8_t b, std::string_view field);

struct Order {
  std::string pair;
  std::string user_id;
  Side side = Side::kBuy;
  OrderType type = OrderType::kLimit;
  uint64_t size = 0;                    // base lots
  std::optional<uint64_t> limit_price;  // ticks, on the pair's grid; limit orders only
  uint64_t min_fill = 0;                // base lots, 0 = no minimum
  Validity validity = Validity::kGtc;
  uint64_t expiry = 0;  // unix seconds; gtt only, else 0
  // Unique per user: the server refuses a reused one (replay protection). Nothing secret
  // is derived from it; a retry with the same nonce is refused, never re-encrypted alike.
  Nonce nonce{};
};

// Checks an order against its pair in the clear, naming the field at fault. EncryptOrder
// runs this first: an order that fails it cannot be proven.
Status ValidateOrder(const Order& order, const PairSpec& pair);

// The order's obligation in ledger units: what it locks and, at most, what it can spend.
// Sell: size × base_lot (base). Limit buy: size × price × quote_per_tick (quote).
// Market buy: size × market_buy_collar × quote_per_tick (quote). Exact: the pair's factory
// bounds every such product below 2^63. nullopt if size or price exceed the pair's bounds.
std::optional<uint64_t> Obligation(const Order& order, const PairSpec& pair);

}  // namespace phantompool::order
