#include "phantompool/order/pair_params.h"

#include "phantompool/common/checked_math.h"

namespace phantompool::order {

Status PairParams::Validate() const {
  if (name.empty() || name.size() > 32) {
    return Status::InvalidArgument("pair.name", "must be 1 to 32 bytes");
  }
  if (base_lot == 0) return Status::InvalidArgument("pair.base_lot", "must be positive");
  if (quote_per_tick == 0)
    return Status::InvalidArgument("pair.quote_per_tick", "must be positive");
  if (min_order_size == 0) {
    return Status::InvalidArgument("pair.min_order_size", "must be at least 1 lot");
  }
  if (max_order_size < min_order_size) {
    return Status::InvalidArgument("pair.max_order_size", "must be at least min_order_size");
  }
  if (market_buy_collar == 0) {
    return Status::InvalidArgument("pair.market_buy_collar", "must be positive");
  }
  // The largest obligation must fit the 64-bit ledger, so that proofs never wrap.
  if (!CheckedMul(max_order_size, base_lot)) {
    return Status::InvalidArgument("pair.base_lot", "max_order_size × base_lot overflows 64 bits");
  }
  return Status::Ok();
}

}  // namespace phantompool::order
