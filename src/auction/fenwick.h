// A Fenwick (binary indexed) tree of unsigned quantities: prefix sums, point updates and
// "first position whose prefix exceeds v" in O(log n).
//
// The auction keeps one per side over its priority slots (the quantity each holds) and one
// over price levels (how many pieces each still holds). Leaving an order out of a batch, or
// netting its owner's orders again, is then a few point updates, and finding the price
// again costs O(log^2 n) instead of a pass over the book.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace phantompool::auction::internal {

class Fenwick {
 public:
  Fenwick() = default;
  // Builds in O(n) from the initial values.
  explicit Fenwick(const std::vector<uint64_t>& values);

  size_t size() const { return tree_.size(); }
  // values[i] -= amount; the caller never takes a value below zero, so every prefix sum is
  // a true (non-negative) sum and unsigned arithmetic cannot wrap.
  void Subtract(size_t i, uint64_t amount);
  // values[i] += amount; the caller keeps the total within 64 bits.
  void Add(size_t i, uint64_t amount);
  // Sum of values[0, k).
  uint64_t Prefix(size_t k) const;
  uint64_t Total() const { return Prefix(tree_.size()); }
  // The smallest k with Prefix(k + 1) > v, or size() if Total() <= v.
  size_t FirstBeyond(uint64_t v) const;

 private:
  std::vector<uint64_t> tree_;  // 1-based internally: tree_[i - 1]
  size_t top_bit_ = 0;          // highest power of two <= size()
};

}  // namespace phantompool::auction::internal
