// OrderBook: reading orders, cancelling them, expiring them.
#pragma once

#include "store_context.h"

namespace phantompool::store::internal {

class OrderBook {
 public:
  explicit OrderBook(StoreContext& ctx) : ctx_(ctx) {}

  Result<OrderRecord> Get(const Principal& p, int64_t order_id);
  Result<std::vector<OrderRecord>> List(const Principal& p, const OrderQuery& q);
  Status Cancel(const Principal& p, int64_t user_id, int64_t order_id);
  Result<int64_t> CleanupExpired(const Principal& p);

 private:
  StoreContext& ctx_;
};

}  // namespace phantompool::store::internal
