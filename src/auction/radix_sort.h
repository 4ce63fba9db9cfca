// A stable LSD radix sort of (key, index) pairs: the one sort of a batch's orders.
//
// Orders are sorted by price and grouped by owner and id hash. A comparison sort of a
// million orders is the benchmark's yardstick; this does the same work in a few linear
// passes: one pass builds all eight byte histograms, then one scatter per byte that is
// not the same in every key (prices spanning a few thousand ticks need two).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace phantompool::auction::internal {

struct KeyIndex {
  uint64_t key;
  uint32_t index;
};

// Sorts by key, ascending; equal keys keep their relative order.
void RadixSortByKey(std::vector<KeyIndex>& items);

}  // namespace phantompool::auction::internal
