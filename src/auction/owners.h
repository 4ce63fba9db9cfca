// Owners: the orders that take part, grouped by owner and numbered densely.
//
// Self-trade prevention nets each owner's orders and the pro-rata allocation shares the
// marginal slot first among owners, so both need "which orders belong to one owner". The
// orders are grouped by a keyed hash of the owner string (radix sort on it), and the strings
// are compared only where two owners share a hash prefix, so no input can make the grouping
// quadratic and colliding owners cannot be crafted (the key comes from the VRF output).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "phantompool/auction/order.h"

namespace phantompool::auction::internal {

struct OwnerGroups {
  static constexpr uint32_t kNone = UINT32_MAX;

  std::vector<uint32_t> of;      // order -> owner number, kNone if it does not take part
  std::vector<uint32_t> begin;   // owner -> first position in `orders` (one extra at the end)
  std::vector<uint32_t> orders;  // order indices, grouped by owner, each group ascending
  std::vector<uint64_t> rank;    // owner -> its keyed hash: the owner's VRF rank

  size_t count() const { return rank.size(); }
  std::span<const uint32_t> OrdersOf(uint32_t owner) const {
    return {orders.data() + begin[owner], begin[owner + 1] - begin[owner]};
  }
};

// Groups the orders that take part (flags[i] has kFlagLive, order_view.h). owner_hash[i]
// is the keyed hash of orders[i].owner.
OwnerGroups GroupOwners(std::span<const Order> orders, std::span<const uint8_t> flags,
                        std::span<const uint64_t> owner_hash);

// Owner a before owner b in rank order: the lower hash, then the owner string.
inline bool OwnerRankBefore(uint64_t rank_a, std::string_view owner_a, uint64_t rank_b,
                            std::string_view owner_b) {
  return rank_a != rank_b ? rank_a < rank_b : owner_a < owner_b;
}

}  // namespace phantompool::auction::internal
