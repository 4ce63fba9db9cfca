#include "auction/owners.h"

#include <algorithm>

#include "auction/order_view.h"
#include "auction/radix_sort.h"

namespace phantompool::auction::internal {

OwnerGroups GroupOwners(std::span<const Order> orders, std::span<const uint8_t> flags,
                        std::span<const uint64_t> owner_hash) {
  OwnerGroups g;
  g.of.assign(orders.size(), OwnerGroups::kNone);
  std::vector<KeyIndex> items;
  items.reserve(orders.size());
  for (size_t i = 0; i < orders.size(); ++i) {
    if (flags[i] & kFlagLive) items.push_back({owner_hash[i] >> 32, static_cast<uint32_t>(i)});
  }
  RadixSortByKey(items);  // four passes: the low 32 bits of every key are zero; stable
  g.orders.reserve(items.size());
  auto start_owner = [&g, &owner_hash](uint32_t first_order) {
    g.begin.push_back(static_cast<uint32_t>(g.orders.size()));
    g.rank.push_back(owner_hash[first_order]);
  };
  std::vector<uint32_t> run;
  for (size_t begin = 0; begin < items.size();) {
    size_t end = begin + 1;
    while (end < items.size() && items[end].key == items[begin].key) ++end;
    run.clear();
    for (size_t k = begin; k < end; ++k) run.push_back(items[k].index);
    begin = end;
    const std::string& first = orders[run[0]].owner;
    const bool one_owner =
        std::all_of(run.begin(), run.end(), [&](uint32_t i) { return orders[i].owner == first; });
    if (!one_owner) {
      // Two owners share the hash prefix: separate them by name.
      std::sort(run.begin(), run.end(), [&](uint32_t a, uint32_t b) {
        return orders[a].owner != orders[b].owner ? orders[a].owner < orders[b].owner : a < b;
      });
    }
    for (size_t k = 0; k < run.size(); ++k) {
      if (k == 0 || orders[run[k]].owner != orders[run[k - 1]].owner) start_owner(run[k]);
      g.of[run[k]] = static_cast<uint32_t>(g.rank.size() - 1);
      g.orders.push_back(run[k]);
    }
  }
  g.begin.push_back(static_cast<uint32_t>(g.orders.size()));
  return g;
}

}  // namespace phantompool::auction::internal
