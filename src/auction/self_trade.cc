#include "auction/self_trade.h"

#include <algorithm>

#include "phantompool/common/check.h"

namespace phantompool::auction::internal {

void OwnerNetting::PotentialSlots(const OrderView& view, const order::PairSpec& pair,
                                  std::span<const uint32_t> orders, SlotKeys& buy_slots,
                                  SlotKeys& sell_slots) {
  const uint64_t tick = pair.tick_size();
  for (uint32_t i : orders) {
    const uint64_t e = view.eff[i];
    const bool buy = view.IsBuy(i);
    // The order's own slot, where its residual goes when a new netting leaves more of it.
    (buy ? buy_slots : sell_slots).Insert(SlotKeyOf(buy, e, view.IsMarket(i)));
    if (buy) {
      if (e + tick <= pair.max_price()) sell_slots.Insert(SlotKeyOf(false, e + tick, false));
    } else {
      if (e >= pair.min_price() + tick) buy_slots.Insert(SlotKeyOf(true, e - tick, false));
    }
  }
}

bool OwnerNetting::Net(const OrderView& view, const order::PairSpec& pair,
                       std::span<const uint32_t> orders, std::vector<Piece>& out) {
  buys_.clear();
  sells_.clear();
  chunks_.clear();
  uint64_t best_buy = 0, best_sell = UINT64_MAX;
  for (uint32_t i : orders) {
    const Entry e{view.eff[i], view.rank[i], view.orders[i].size, i, view.flags[i]};
    if (view.IsBuy(i)) {
      buys_.push_back(e);
      best_buy = std::max(best_buy, e.eff);
    } else {
      sells_.push_back(e);
      best_sell = std::min(best_sell, e.eff);
    }
  }
  if (buys_.empty() || sells_.empty() || best_buy < best_sell) {
    for (const std::vector<Entry>* side : {&buys_, &sells_}) {
      for (const Entry& e : *side) {
        out.push_back({static_cast<uint32_t>(e.size), static_cast<uint32_t>(e.eff), e.order, 0,
                       (e.flags & kFlagMarket) != 0});
      }
    }
    return false;
  }
  // The netting order of order_view.h, on the gathered entries.
  auto before = [&view](const Entry& a, const Entry& b) {
    if (a.eff != b.eff) return (a.flags & kFlagBuy) ? a.eff > b.eff : a.eff < b.eff;
    if ((a.flags ^ b.flags) & kFlagMarket) return (a.flags & kFlagMarket) != 0;
    if ((a.flags ^ b.flags) & kFlagMinFill) return (b.flags & kFlagMinFill) != 0;
    return view.RankBefore(a.order, b.order);
  };
  std::sort(buys_.begin(), buys_.end(), before);
  std::sort(sells_.begin(), sells_.end(), before);
  buy_first_.assign(buys_.size(), 0);
  buy_count_.assign(buys_.size(), 0);
  sell_first_.assign(sells_.size(), 0);
  sell_count_.assign(sells_.size(), 0);

  // Highest buy against lowest sell while they cross; each match is one chunk.
  size_t b = 0, s = 0;
  uint64_t buy_left = buys_.empty() ? 0 : buys_[0].size;
  uint64_t sell_left = sells_.empty() ? 0 : sells_[0].size;
  while (b < buys_.size() && s < sells_.size() && buys_[b].eff >= sells_[s].eff) {
    const uint64_t q = std::min(buy_left, sell_left);
    const auto k = static_cast<uint32_t>(chunks_.size());
    if (buy_count_[b]++ == 0) buy_first_[b] = k;
    if (sell_count_[s]++ == 0) sell_first_[s] = k;
    chunks_.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(s), q});
    buy_left -= q;
    sell_left -= q;
    if (buy_left == 0 && ++b < buys_.size()) buy_left = buys_[b].size;
    if (sell_left == 0 && ++s < sells_.size()) sell_left = sells_[s].size;
  }
  EmitSide(pair, true, out);
  EmitSide(pair, false, out);
  return true;
}

void OwnerNetting::EmitSide(const order::PairSpec& pair, bool buy_side, std::vector<Piece>& out) {
  const std::vector<Entry>& side = buy_side ? buys_ : sells_;
  const std::vector<Entry>& other = buy_side ? sells_ : buys_;
  const uint64_t tick = pair.tick_size();
  for (size_t k = 0; k < side.size(); ++k) {
    const Entry& e = side[k];
    const uint32_t first = buy_side ? buy_first_[k] : sell_first_[k];
    const uint32_t count = buy_side ? buy_count_[k] : sell_count_[k];
    uint64_t netted = 0;
    // The chunks' counterparts come in netting order (sells ascending for a buy, buys
    // descending for a sell), so equal thresholds are adjacent and merge into one piece.
    for (uint32_t c = first; c < first + count; ++c) {
      const Chunk& chunk = chunks_[c];
      netted += chunk.qty;
      const uint64_t counter_eff = other[buy_side ? chunk.sell : chunk.buy].eff;
      const bool on_grid = buy_side ? counter_eff >= pair.min_price() + tick
                                    : counter_eff + tick <= pair.max_price();
      if (!on_grid) continue;  // it could never execute: withheld at every valid price
      const uint64_t threshold = buy_side ? counter_eff - tick : counter_eff + tick;
      if (c > first && !out.empty() && out.back().order == e.order &&
          out.back().threshold == threshold && !out.back().market) {
        out.back().qty += chunk.qty;
      } else {
        out.push_back({static_cast<uint32_t>(chunk.qty), static_cast<uint32_t>(threshold), e.order,
                       0, false});
      }
    }
    PP_CHECK(netted <= e.size);
    if (netted < e.size) {
      out.push_back({static_cast<uint32_t>(e.size - netted), static_cast<uint32_t>(e.eff), e.order,
                     0, (e.flags & kFlagMarket) != 0});
    }
  }
}

}  // namespace phantompool::auction::internal
