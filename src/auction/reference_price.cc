#include "phantompool/auction/clear.h"

namespace phantompool::auction {

uint64_t ReferencePrice(const order::PairSpec& pair, const std::optional<uint64_t>& last) {
  if (last && pair.IsValidPrice(*last)) return *last;
  const uint64_t mid = pair.min_price() + (pair.max_price() - pair.min_price()) / 2;
  const uint64_t tick = pair.tick_size() == 0 ? 1 : pair.tick_size();
  uint64_t p = mid - (mid - pair.min_price()) % tick;
  if (!pair.IsValidPrice(p)) p = pair.min_price();
  return p;
}

}  // namespace phantompool::auction
