#include "auction/price_rules.h"

#include <algorithm>
#include <vector>

#include "phantompool/common/check.h"

namespace phantompool::auction::internal {
namespace {

uint64_t VolumeOf(const LevelStat& l) {
  return std::min(l.demand, l.supply);
}
uint64_t SurplusOf(const LevelStat& l) {
  return l.demand > l.supply ? l.demand - l.supply : l.supply - l.demand;
}

// True if this side's market orders take all of its volume at `price`: they are executable
// there, nothing is ahead of them in priority (no limit piece beyond the collar) and they
// alone cover the volume.
bool OnlyMarketOrdersFill(const SideSlots& side, uint64_t price, uint64_t volume) {
  const size_t m = side.market_slot();
  if (m == SideSlots::kNone || side.ExecutableCount(price) <= m) return false;
  return side.Prefix(m) == 0 && volume <= side.QuantityAt(m);
}

}  // namespace

PriceDecision ApplyPriceRules(std::span<const LevelStat> levels, uint64_t reference_price) {
  PriceDecision d;
  uint64_t max_volume = 0;
  for (const LevelStat& l : levels) max_volume = std::max(max_volume, VolumeOf(l));
  if (max_volume == 0) return d;  // nothing crosses
  d.volume = max_volume;

  // Rule 1.
  size_t tied = 0;
  uint64_t min_surplus = UINT64_MAX;
  for (const LevelStat& l : levels) {
    if (VolumeOf(l) != max_volume) continue;
    ++tied;
    min_surplus = std::min(min_surplus, SurplusOf(l));
    d.price = l.price;
  }
  if (tied == 1) {
    d.rule = PriceRule::kMaxVolume;
    return d;
  }
  // Rule 2.
  size_t remaining = 0, buy_side = 0, sell_side = 0;
  uint64_t lowest = UINT64_MAX, highest = 0;
  uint64_t highest_buy_surplus = 0, lowest_sell_surplus = UINT64_MAX;
  for (const LevelStat& l : levels) {
    if (VolumeOf(l) != max_volume || SurplusOf(l) != min_surplus) continue;
    ++remaining;
    lowest = std::min(lowest, l.price);
    highest = std::max(highest, l.price);
    if (l.demand > l.supply) {
      ++buy_side;
      highest_buy_surplus = std::max(highest_buy_surplus, l.price);
    } else if (l.demand < l.supply) {
      ++sell_side;
      lowest_sell_surplus = std::min(lowest_sell_surplus, l.price);
    }
  }
  if (remaining == 1) {
    d.price = lowest;
    d.rule = PriceRule::kMinSurplus;
    return d;
  }
  // Rule 3.
  if (buy_side == remaining) {
    d.price = highest;
    d.rule = PriceRule::kBuyPressure;
    return d;
  }
  if (sell_side == remaining) {
    d.price = lowest;
    d.rule = PriceRule::kSellPressure;
    return d;
  }
  // Rule 4. With a surplus on both sides, the prices below the highest buy-surplus price
  // (and above the lowest sell-surplus price) would ration orders strictly better than the
  // price, so the reference is clamped into [highest buy surplus, lowest sell surplus]; with
  // no surplus anywhere every price between the tied ones is equally good.
  const uint64_t lo = min_surplus == 0 ? lowest : highest_buy_surplus;
  const uint64_t hi = min_surplus == 0 ? highest : lowest_sell_surplus;
  PP_CHECK(lo <= hi);
  d.price = std::clamp(reference_price, lo, hi);
  d.rule = PriceRule::kReference;
  return d;
}

PriceDecision DeterminePrice(const Book& book, const order::PairSpec& pair,
                             uint64_t reference_price) {
  if (book.num_levels() == 0) return {};
  // Below the sign change, volume = supply rises and surplus falls with the price; above
  // it, volume = demand and surplus rise as the price falls. So each side's best level is
  // the one next to the sign change, and walking away from it (volume, surplus) only gets
  // worse: collect the levels that tie with it plus the first that does not (which tells
  // whether the maximum volume is unique).
  const size_t sign_change = book.FirstLevelWithoutBuySurplus();
  std::vector<LevelStat> stats;
  auto stat = [&book](size_t l) {
    return LevelStat{book.level_price(l), book.Demand(l), book.Supply(l)};
  };
  auto same = [](const LevelStat& a, const LevelStat& b) {
    return VolumeOf(a) == VolumeOf(b) && SurplusOf(a) == SurplusOf(b);
  };
  for (auto l = book.NonEmptyBelow(sign_change); l;) {
    stats.push_back(stat(*l));
    if (stats.size() > 1 && !same(stats.back(), stats.front())) break;
    l = book.NonEmptyBelow(*l);
  }
  std::reverse(stats.begin(), stats.end());
  const size_t lower = stats.size();
  for (auto l = book.NonEmptyFrom(sign_change); l;) {
    stats.push_back(stat(*l));
    if (stats.size() > lower + 1 && !same(stats.back(), stats[lower])) break;
    l = book.NonEmptyFrom(*l + 1);
  }
  PriceDecision d = ApplyPriceRules(stats, reference_price);
  if (!d.price) return d;

  // Rule 5.
  if (OnlyMarketOrdersFill(book.buys(), *d.price, d.volume) &&
      OnlyMarketOrdersFill(book.sells(), *d.price, d.volume)) {
    uint64_t lo = pair.market_sell_collar(), hi = pair.market_buy_collar();
    if (auto b = book.buys().BestLimit()) lo = std::max(lo, *b);
    if (auto s = book.sells().BestLimit()) hi = std::min(hi, *s);
    if (lo <= hi) {
      d.price = std::clamp(reference_price, lo, hi);
      d.rule = PriceRule::kMarketOnlyReference;
    }
  }
  // Every rule keeps the volume (docs/auction.md proves it); a mismatch is a bug.
  PP_CHECK(std::min(book.DemandAt(*d.price), book.SupplyAt(*d.price)) == d.volume);
  return d;
}

}  // namespace phantompool::auction::internal
