// The priority orders of the auction.
//
// Allocation (Xetra's): on a side, market orders first; then limit orders by price (buys:
// higher first, sells: lower first); ties by the VRF-drawn rank, then by id bytes (only if
// two ranks collide). A market order has no limit: its collar only says where it may
// execute (a market buy at prices up to collar_price, a market sell down to collar_low).
//
// Self-trade netting walks an owner's orders by effective price instead (the collar
// standing in for a market order's limit), because it pairs the owner's orders that cross.
//
// Both are total orders on distinct ids, so nothing depends on where an order sits in the
// input. The fields they need are kept in flat arrays beside the orders (struct of
// arrays): sorting a million-order batch then touches 8-byte entries, not Order structs.
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
  std::span<const uint64_t> eff;   // effective price: the limit, or the collar of a market order
  std::span<const uint64_t> rank;  // PriorityRanks::RankOf(id)
  std::span<const uint8_t> flags;  // OrderFlags

  bool IsBuy(size_t i) const { return flags[i] & kFlagBuy; }
  bool IsMarket(size_t i) const { return flags[i] & kFlagMarket; }

  // Allocation priority: a before b (same side).
  bool Before(uint32_t a, uint32_t b) const {
    if (IsMarket(a) != IsMarket(b)) return IsMarket(a);
    if (!IsMarket(a) && eff[a] != eff[b]) return IsBuy(a) ? eff[a] > eff[b] : eff[a] < eff[b];
    return RankBefore(a, b);
  }
  // Netting order: by effective price, then market first, then rank.
  bool PriceBefore(uint32_t a, uint32_t b) const {
    if (eff[a] != eff[b]) return IsBuy(a) ? eff[a] > eff[b] : eff[a] < eff[b];
    if (IsMarket(a) != IsMarket(b)) return IsMarket(a);
    return RankBefore(a, b);
  }
  bool RankBefore(uint32_t a, uint32_t b) const {
    if (rank[a] != rank[b]) return rank[a] < rank[b];
    return orders[a].id < orders[b].id;
  }
};

}  // namespace phantompool::auction::internal
