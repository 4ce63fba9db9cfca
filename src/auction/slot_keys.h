// SlotKeys: the distinct slot keys of one side of the book, and the slot of each.
//
// A batch has millions of pieces but few distinct thresholds (prices cluster; a netting adds
// a tick either side), so the distinct keys are collected in an open-addressing hash table
// that stays in cache, instead of sorting a key per piece; every piece then finds its slot
// with one probe sequence. Keys are below 2^34 (book.h), so UINT64_MAX marks an empty cell.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace phantompool::auction::internal {

// The key of a slot: keys sort ascending in priority order (buys from the highest threshold,
// sells from the lowest, the market slot first at an equal threshold). Thresholds are below
// 2^32, so keys are below 2^34.
inline uint64_t SlotKeyOf(bool buy, uint64_t threshold, bool market) {
  const uint64_t t = buy ? 0xffffffffull - threshold : threshold;
  return t << 1 | (market ? 0 : 1);
}
inline uint64_t ThresholdOfKey(bool buy, uint64_t key) {
  return buy ? 0xffffffffull - (key >> 1) : key >> 1;
}
inline bool IsMarketKey(uint64_t key) {
  return (key & 1) == 0;
}

class SlotKeys {
 public:
  SlotKeys() : cells_(64, Cell{kEmpty, 0}) {}

  void Insert(uint64_t key) {
    size_t i = Hash(key) & (cells_.size() - 1);
    while (cells_[i].key != kEmpty) {
      if (cells_[i].key == key) return;
      i = (i + 1) & (cells_.size() - 1);
    }
    cells_[i].key = key;
    if (++count_ * 2 > cells_.size()) Grow();
  }
  // The distinct keys, ascending; afterwards Find(key) is the key's position among them.
  std::vector<uint64_t> Number();
  uint32_t Find(uint64_t key) const {
    size_t i = Hash(key) & (cells_.size() - 1);
    while (cells_[i].key != key) i = (i + 1) & (cells_.size() - 1);
    return cells_[i].slot;
  }
  bool Contains(uint64_t key) const {
    size_t i = Hash(key) & (cells_.size() - 1);
    while (cells_[i].key != kEmpty) {
      if (cells_[i].key == key) return true;
      i = (i + 1) & (cells_.size() - 1);
    }
    return false;
  }

 private:
  static constexpr uint64_t kEmpty = UINT64_MAX;
  struct Cell {
    uint64_t key;
    uint32_t slot;
  };
  // Keys are public prices, not attacker-chosen hash inputs that could collide on purpose
  // beyond what a few thousand distinct prices allow; a multiplicative hash spreads them.
  static size_t Hash(uint64_t key) {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 20);
  }
  void Grow();

  std::vector<Cell> cells_;
  size_t count_ = 0;
};

}  // namespace phantompool::auction::internal
