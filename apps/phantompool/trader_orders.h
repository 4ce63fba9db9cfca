// The trader's view of its own orders: the server holds them encrypted, the key recovers
// their size and price (order/order_open.h, RecoverOwnOrder) for display.
#pragma once

#include <string>
#include <vector>

#include "phantompool/api/resources.h"
#include "phantompool/common/result.h"
#include "phantompool/order/trader_key.h"

namespace phantompool::cli {

struct OwnOrderView {
  std::string size, price, min_fill, filled;  // in the pair's tokens, for a table
  uint64_t size_lots = 0;
  std::optional<uint64_t> price_ticks;
  uint64_t min_fill_lots = 0;
};

// Corruption when the order does not open with this key (it is not this trader's, or the
// server returned other bytes than were submitted).
Result<OwnOrderView> ViewOwnOrder(const api::OrderInfo& info,
                                  const std::vector<api::PairInfo>& pairs,
                                  const order::TraderKey& key);

}  // namespace phantompool::cli
