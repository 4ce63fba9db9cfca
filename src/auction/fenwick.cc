#include "auction/fenwick.h"

namespace phantompool::auction::internal {

Fenwick::Fenwick(const std::vector<uint64_t>& values) : tree_(values) {
  const size_t n = tree_.size();
  for (size_t i = 1; i <= n; ++i) {
    const size_t parent = i + (i & (~i + 1));
    if (parent <= n) tree_[parent - 1] += tree_[i - 1];
  }
  top_bit_ = 1;
  while (top_bit_ <= n / 2) top_bit_ <<= 1;
  if (n == 0) top_bit_ = 0;
}

void Fenwick::Subtract(size_t i, uint64_t amount) {
  for (size_t j = i + 1; j <= tree_.size(); j += j & (~j + 1)) tree_[j - 1] -= amount;
}

void Fenwick::Add(size_t i, uint64_t amount) {
  for (size_t j = i + 1; j <= tree_.size(); j += j & (~j + 1)) tree_[j - 1] += amount;
}

uint64_t Fenwick::Prefix(size_t k) const {
  uint64_t sum = 0;
  for (size_t j = k; j > 0; j -= j & (~j + 1)) sum += tree_[j - 1];
  return sum;
}

size_t Fenwick::FirstBeyond(uint64_t v) const {
  // Descend from the top bit, keeping the largest position whose prefix is <= v.
  size_t pos = 0;
  uint64_t remaining = v;
  for (size_t step = top_bit_; step != 0; step >>= 1) {
    const size_t next = pos + step;
    if (next <= tree_.size() && tree_[next - 1] <= remaining) {
      pos = next;
      remaining -= tree_[next - 1];
    }
  }
  return pos;  // Prefix(pos) <= v < Prefix(pos + 1), or pos == size()
}

}  // namespace phantompool::auction::internal
