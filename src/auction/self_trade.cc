#include "auction/self_trade.h"

#include <algorithm>

#include "auction/radix_sort.h"

namespace phantompool::auction::internal {
namespace {

// True if some buy in the group is priced at or above some sell in it.
bool Crosses(const PriorityView& view, std::span<const uint32_t> group) {
  uint64_t best_buy = 0, best_sell = UINT64_MAX;
  bool any_buy = false, any_sell = false;
  for (uint32_t i : group) {
    if (view.IsBuy(i)) {
      any_buy = true;
      best_buy = std::max(best_buy, view.eff[i]);
    } else {
      any_sell = true;
      best_sell = std::min(best_sell, view.eff[i]);
    }
  }
  return any_buy && any_sell && best_buy >= best_sell;
}

// Nets one owner's crossing orders: best buy against best sell, in priority order, while
// they cross.
void NetOwner(const PriorityView& view, std::span<const uint32_t> group,
              std::vector<uint32_t>& buys, std::vector<uint32_t>& sells,
              std::vector<uint64_t>& withheld) {
  buys.clear();
  sells.clear();
  for (uint32_t i : group) (view.IsBuy(i) ? buys : sells).push_back(i);
  auto before = [&view](uint32_t a, uint32_t b) { return view.PriceBefore(a, b); };
  std::sort(buys.begin(), buys.end(), before);
  std::sort(sells.begin(), sells.end(), before);
  size_t b = 0, s = 0;
  while (b < buys.size() && s < sells.size() && view.eff[buys[b]] >= view.eff[sells[s]]) {
    const uint32_t buy = buys[b], sell = sells[s];
    const uint64_t buy_left = view.orders[buy].size - withheld[buy];
    const uint64_t sell_left = view.orders[sell].size - withheld[sell];
    const uint64_t q = std::min(buy_left, sell_left);
    withheld[buy] += q;
    withheld[sell] += q;
    if (q == buy_left) ++b;
    if (q == sell_left) ++s;
  }
}

}  // namespace

void NetSelfCrossingOrders(const PriorityView& view, std::span<const uint8_t> live,
                           std::span<const uint64_t> owner_hash, std::vector<uint64_t>& withheld) {
  const auto& orders = view.orders;
  // Group by the top 32 bits of the owner hash: four radix passes.
  std::vector<KeyIndex> items;
  items.reserve(orders.size());
  for (size_t i = 0; i < orders.size(); ++i) {
    if (live[i]) items.push_back({owner_hash[i] >> 32, static_cast<uint32_t>(i)});
  }
  RadixSortByKey(items);

  std::vector<uint32_t> group, buys, sells;
  for (size_t begin = 0; begin < items.size();) {
    size_t end = begin + 1;
    while (end < items.size() && items[end].key == items[begin].key) ++end;
    group.clear();
    for (size_t k = begin; k < end; ++k) group.push_back(items[k].index);
    begin = end;
    if (!Crosses(view, group)) continue;  // the common case: no owner here crosses itself
    const std::string& first_owner = orders[group[0]].owner;
    const bool one_owner = std::all_of(group.begin(), group.end(),
                                       [&](uint32_t i) { return orders[i].owner == first_owner; });
    if (one_owner) {
      NetOwner(view, group, buys, sells, withheld);
      continue;
    }
    // Two owners share the hash prefix: separate them by name.
    std::sort(group.begin(), group.end(), [&](uint32_t a, uint32_t b) {
      return orders[a].owner != orders[b].owner ? orders[a].owner < orders[b].owner : a < b;
    });
    for (size_t g = 0; g < group.size();) {
      size_t h = g + 1;
      while (h < group.size() && orders[group[h]].owner == orders[group[g]].owner) ++h;
      const auto owner = std::span<const uint32_t>(group).subspan(g, h - g);
      if (Crosses(view, owner)) NetOwner(view, owner, buys, sells, withheld);
      g = h;
    }
  }
}

}  // namespace phantompool::auction::internal
