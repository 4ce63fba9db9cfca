#include "auction/slot_keys.h"

#include <algorithm>

namespace phantompool::auction::internal {

void SlotKeys::Grow() {
  std::vector<Cell> old(2 * cells_.size(), Cell{kEmpty, 0});
  old.swap(cells_);
  for (const Cell& c : old) {
    if (c.key == kEmpty) continue;
    size_t i = Hash(c.key) & (cells_.size() - 1);
    while (cells_[i].key != kEmpty) i = (i + 1) & (cells_.size() - 1);
    cells_[i] = c;
  }
}

std::vector<uint64_t> SlotKeys::Number() {
  std::vector<uint64_t> keys;
  keys.reserve(count_);
  for (const Cell& c : cells_) {
    if (c.key != kEmpty) keys.push_back(c.key);
  }
  std::sort(keys.begin(), keys.end());
  for (size_t k = 0; k < keys.size(); ++k) {
    size_t i = Hash(keys[k]) & (cells_.size() - 1);
    while (cells_[i].key != keys[k]) i = (i + 1) & (cells_.size() - 1);
    cells_[i].slot = static_cast<uint32_t>(k);
  }
  return keys;
}

}  // namespace phantompool::auction::internal
