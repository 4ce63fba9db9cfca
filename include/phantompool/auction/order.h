// Order: one decrypted order as the call auction sees it.
//
// By the time an order reaches the auction its size and limit price have been decrypted by
// the executor quorum; everything here is plain data, checked by Clear() before it is used
// (see batch_validation in src/auction). Sizes are base units and prices are ticks, both
// uint64_t; nothing in the auction uses floating point.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "phantompool/common/result.h"

namespace phantompool::auction {

enum class Side : uint8_t { kBuy, kSell };
enum class OrderType : uint8_t { kLimit, kMarket };
// gtc: rests until filled or cancelled; gtt: as gtc until `expiry` (unix seconds);
// ioc: takes part in one batch only, whatever is not filled there is cancelled.
enum class Validity : uint8_t { kGtc, kGtt, kIoc };

struct Order {
  std::string id;     // unique within the batch
  std::string owner;  // the trader; orders of one owner never trade with each other
  std::string pair;   // empty: the batch's pair; otherwise it must name the batch's pair
  Side side = Side::kBuy;
  OrderType type = OrderType::kLimit;
  uint64_t size = 0;              // base units (what is left of the order for this batch)
  std::optional<uint64_t> price;  // ticks; limit orders only, absent for market orders
  uint64_t min_fill = 0;          // base units; 0 = no minimum; min_fill == size: all or none
  Validity validity = Validity::kGtc;
  std::optional<uint64_t> expiry;  // unix seconds; gtt only
};

// Stable wire names: "buy"/"sell", "limit"/"market", "gtc"/"gtt"/"ioc".
std::string_view SideName(Side side);
std::string_view OrderTypeName(OrderType type);
std::string_view ValidityName(Validity validity);

// Strict inverses of the names above (exact, lower-case); `field` names the input.
Result<Side> ParseSide(std::string_view text, std::string_view field);
Result<OrderType> ParseOrderType(std::string_view text, std::string_view field);
Result<Validity> ParseValidity(std::string_view text, std::string_view field);

}  // namespace phantompool::auction
