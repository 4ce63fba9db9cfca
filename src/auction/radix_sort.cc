#include "auction/radix_sort.h"

#include <array>
#include <cstddef>
#include <utility>

namespace phantompool::auction::internal {

void RadixSortByKey(std::vector<KeyIndex>& items) {
  const size_t n = items.size();
  if (n < 2) return;
  std::array<std::array<size_t, 256>, 8> counts{};
  for (const KeyIndex& item : items) {
    for (int b = 0; b < 8; ++b) ++counts[b][(item.key >> (8 * b)) & 0xff];
  }
  std::vector<KeyIndex> scratch(n);
  std::vector<KeyIndex>* from = &items;
  std::vector<KeyIndex>* to = &scratch;
  for (int b = 0; b < 8; ++b) {
    auto& count = counts[b];
    // A byte that is equal in every key leaves the order unchanged: skip its pass.
    if (count[(items[0].key >> (8 * b)) & 0xff] == n) continue;
    std::array<size_t, 256> offset;
    size_t sum = 0;
    for (int v = 0; v < 256; ++v) {
      offset[v] = sum;
      sum += count[v];
    }
    for (const KeyIndex& item : *from) (*to)[offset[(item.key >> (8 * b)) & 0xff]++] = item;
    std::swap(from, to);
  }
  if (from != &items) items.swap(*from);
}

}  // namespace phantompool::auction::internal
