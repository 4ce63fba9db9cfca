// OrderView: the fields of a batch's orders that the auction's inner loops need, in flat
// arrays beside the orders (struct of arrays): sorting or scanning a million-order batch
// then touches 8-byte entries, not Order structs.
//
// Two orders are defined here, both total on distinct ids so that nothing depends on where
// an order sits in the input:
//   - priority: effective price (a limit, or the collar for a market order; buys higher
//     first, sells lower first), a market order before a limit order at the same effective
//     price, then the VRF rank, then the id bytes (only if two ranks collide). The book's
//     slots follow it; the trades list pairs orders in it.
//   - netting: the order in which one owner's crossing orders are netted against each other
//     (self_trade.h). As priority, except that at the same effective price and type the
//     orders without a minimum fill come first, so that splitting an order without one
//     never moves netted quantity onto an order that has one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "phantompool/auction/order.h"

namespace phantompool::auction::internal {

enum OrderFlags : uint8_t {
  kFlagBuy = 1,
  kFlagMarket = 2,
  kFlagLive = 4,     // takes part: not a gtt order past its expiry
  kFlagMinFill = 8,  // min_fill >= 2: a fill of one lot or more can fall short of it
};

struct OrderView {
  std::span<const Order> orders;
  std::span<const uint64_t> eff;    // effective price: the limit, or the collar
  std::span<const uint64_t> rank;   // PriorityRanks::RankOf(id)
  std::span<const uint8_t> flags;   // OrderFlags
  std::span<const uint32_t> owner;  // dense owner number (equal iff equal owner strings)

  bool IsBuy(size_t i) const { return flags[i] & kFlagBuy; }
  bool IsMarket(size_t i) const { return flags[i] & kFlagMarket; }
  bool IsLive(size_t i) const { return flags[i] & kFlagLive; }
  bool HasMinFill(size_t i) const { return flags[i] & kFlagMinFill; }

  // Executable at `price`: a buy whose effective price is at or above it, a sell at or
  // below.
  bool ExecutableAt(size_t i, uint64_t price) const {
    return IsBuy(i) ? eff[i] >= price : eff[i] <= price;
  }

  bool RankBefore(uint32_t a, uint32_t b) const {
    if (rank[a] != rank[b]) return rank[a] < rank[b];
    return orders[a].id < orders[b].id;
  }
  // Priority: a before b (same side).
  bool PriorityBefore(uint32_t a, uint32_t b) const {
    if (eff[a] != eff[b]) return IsBuy(a) ? eff[a] > eff[b] : eff[a] < eff[b];
    if (IsMarket(a) != IsMarket(b)) return IsMarket(a);
    return RankBefore(a, b);
  }
  // Netting order within one owner: a before b (same side).
  bool NettingBefore(uint32_t a, uint32_t b) const {
    if (eff[a] != eff[b]) return IsBuy(a) ? eff[a] > eff[b] : eff[a] < eff[b];
    if (IsMarket(a) != IsMarket(b)) return IsMarket(a);
    if (HasMinFill(a) != HasMinFill(b)) return HasMinFill(b);
    return RankBefore(a, b);
  }
};

}  // namespace phantompool::auction::internal
