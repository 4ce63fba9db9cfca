// Order: one decrypted order as the call auction sees it.
//
// By the time an order reaches the auction its size and limit price have been decrypted by
// the executor quorum; everything here is plain data, checked by Clear() before it is used
// (see batch_validation in src/auction). Sizes are lots and prices are ticks, both
// uint64_t; nothing in the auction uses floating point.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "phantompool/common/result.h"
#include "phantompool/order/order.h"

namespace phantompool::auction {

// The order module's enums and their stable wire names ("buy"/"sell", "limit"/"market",
// "gtc"/"gtt"/"ioc") with their strict parsers. gtc rests until filled or cancelled; gtt
// as gtc until `expiry` (unix seconds); ioc takes part in one batch only, whatever is not
// filled there is cancelled.
using order::OrderType;
using order::OrderTypeName;
using order::ParseOrderType;
using order::ParseSide;
using order::ParseValidity;
using order::Side;
using order::SideName;
using order::Validity;
using order::ValidityName;

struct Order {
  std::string id;     // unique within the batch
  std::string owner;  // the trader; orders of one owner never trade with each other
  std::string pair;   // empty: the batch's pair; otherwise it must name the batch's pair
  Side side = Side::kBuy;
  OrderType type = OrderType::kLimit;
  uint64_t size = 0;              // lots (what is left of the order for this batch)
  std::optional<uint64_t> price;  // ticks; limit orders only, absent for market orders
  uint64_t min_fill = 0;          // lots; 0 = no minimum; min_fill == size: all or none
  Validity validity = Validity::kGtc;
  std::optional<uint64_t> expiry;  // unix seconds; gtt only
};

}  // namespace phantompool::auction
