// The one priority order of the auction, used for allocation, self-trade netting and
// pairing alike: on a side, a better effective price first (buys: higher, sells: lower);
// at the same price market orders before limit orders; then the VRF-drawn rank; then the
// id bytes (only if two ranks collide). It is a total order on distinct ids, so nothing
// depends on where an order sits in the input.
//
// The fields it needs are kept in flat arrays beside the orders (struct of arrays): the
// sorts of a million-order batch then touch 8-byte entries, not 120-byte Order structs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "phantompool/auction/order.h"

namespace phantompool::auction::internal {

enum OrderFlags : uint8_t {
  kFlagBuy = 1,
  kFlagMarket = 2,
};

struct PriorityView {
  std::span<const Order> orders;
  std::span<const uint64_t> eff;   // effective price: limit, or the collar for market orders
  std::span<const uint64_t> rank;  // PriorityRanks::RankOf(id)
  std::span<const uint8_t> flags;  // OrderFlags

  bool IsBuy(size_t i) const { return flags[i] & kFlagBuy; }
  bool IsMarket(size_t i) const { return flags[i] & kFlagMarket; }

  // True if order a comes strictly before order b; both are on the same side.
  bool Before(uint32_t a, uint32_t b) const {
    if (eff[a] != eff[b]) return IsBuy(a) ? eff[a] > eff[b] : eff[a] < eff[b];
    if (IsMarket(a) != IsMarket(b)) return IsMarket(a);
    if (rank[a] != rank[b]) return rank[a] < rank[b];
    return orders[a].id < orders[b].id;
  }
};

}  // namespace phantompool::auction::internal
