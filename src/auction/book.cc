#include "auction/book.h"

#include <algorithm>

#include "auction/radix_sort.h"
#include "phantompool/common/check.h"

namespace phantompool::auction::internal {

SideBook::SideBook(Side side, uint64_t collar, const std::vector<uint32_t>& markets,
                   const std::vector<uint32_t>& limits, const PriorityView& view,
                   std::span<const uint64_t> avail)
    : side_(side), collar_(collar), market_end_(markets.size()) {
  order_.reserve(markets.size() + limits.size());
  order_.insert(order_.end(), markets.begin(), markets.end());
  order_.insert(order_.end(), limits.begin(), limits.end());
  qty_.resize(order_.size());
  for (size_t k = 0; k < order_.size(); ++k) qty_[k] = avail[order_[k]];
  limit_eff_.resize(limits.size());
  for (size_t k = 0; k < limits.size(); ++k) limit_eff_[k] = view.eff[limits[k]];
  tree_ = Fenwick(qty_);
}

size_t SideBook::LimitCountExecutableAt(uint64_t price) const {
  const auto end = side_ == Side::kBuy
                       ? std::partition_point(limit_eff_.begin(), limit_eff_.end(),
                                              [price](uint64_t e) { return e >= price; })
                       : std::partition_point(limit_eff_.begin(), limit_eff_.end(),
                                              [price](uint64_t e) { return e <= price; });
  return static_cast<size_t>(end - limit_eff_.begin());
}

uint64_t SideBook::QuantityExecutableAt(uint64_t price) const {
  const uint64_t limits =
      tree_.Prefix(market_end_ + LimitCountExecutableAt(price)) - tree_.Prefix(market_end_);
  return (MarketExecutableAt(price) ? MarketQuantity() : 0) + limits;
}

SideBook::Marginal SideBook::MarginalAt(uint64_t price, uint64_t volume) const {
  const uint64_t skipped = MarketExecutableAt(price) ? 0 : MarketQuantity();
  const size_t k = tree_.FirstBeyond(skipped + volume);
  if (k == size()) return {k, 0};
  return {k, skipped + volume - tree_.Prefix(k)};
}

std::optional<uint64_t> SideBook::BestLimit(size_t& cursor) const {
  if (cursor < market_end_) cursor = market_end_;
  while (cursor < size() && qty_[cursor] == 0) ++cursor;
  if (cursor == size()) return std::nullopt;
  return limit_eff_[cursor - market_end_];
}

void SideBook::Remove(size_t k) {
  tree_.Subtract(k, qty_[k]);
  qty_[k] = 0;
}

Book::Book(const PriorityView& view, std::span<const uint64_t> avail, const PairParams& pair,
           uint64_t reference_price)
    : view_(view) {
  const size_t n = view.orders.size();
  position_of_.assign(n, UINT32_MAX);
  level_of_.assign(n, UINT32_MAX);

  std::vector<KeyIndex> items;
  items.reserve(n);
  std::vector<uint32_t> market_buys, market_sells;
  for (size_t i = 0; i < n; ++i) {
    if (avail[i] == 0) continue;
    if (view.IsMarket(i)) {
      (view.IsBuy(i) ? market_buys : market_sells).push_back(static_cast<uint32_t>(i));
    } else {
      items.push_back({view.eff[i], static_cast<uint32_t>(i)});
    }
  }
  auto by_rank = [&view](uint32_t a, uint32_t b) { return view.RankBefore(a, b); };
  std::sort(market_buys.begin(), market_buys.end(), by_rank);
  std::sort(market_sells.begin(), market_sells.end(), by_rank);
  RadixSortByKey(items);

  // Market orders meet each other within the collars: the reference price, clamped there,
  // is a candidate while both sides have some.
  std::optional<uint64_t> market_price;
  if (!market_buys.empty() && !market_sells.empty()) {
    market_price = std::clamp(reference_price, pair.collar_low, pair.collar_price);
  }

  // Levels: runs of equal price (buys first, then sells, each by rank), with the market
  // level merged in at its place.
  std::vector<uint32_t> sorted(items.size());
  std::vector<size_t> begin_of, split_of;  // per level: first index, first sell index
  std::vector<uint64_t> counts;
  auto within_level = [&view](uint32_t a, uint32_t b) {
    if (view.IsBuy(a) != view.IsBuy(b)) return view.IsBuy(a);
    return view.RankBefore(a, b);
  };
  auto add_market_level = [&](size_t at) {
    market_level_ = prices_.size();
    prices_.push_back(*market_price);
    begin_of.push_back(at);
    split_of.push_back(at);
    counts.push_back(1);
  };
  for (size_t begin = 0; begin < items.size();) {
    size_t end = begin + 1;
    while (end < items.size() && items[end].key == items[begin].key) ++end;
    const uint64_t price = items[begin].key;
    if (market_price && !market_level_ && *market_price < price) add_market_level(begin);
    const bool shared = market_price && *market_price == price;
    for (size_t k = begin; k < end; ++k) {
      sorted[k] = items[k].index;
      level_of_[items[k].index] = static_cast<uint32_t>(prices_.size());
    }
    std::sort(sorted.begin() + begin, sorted.begin() + end, within_level);
    const auto split = std::partition_point(sorted.begin() + begin, sorted.begin() + end,
                                            [&view](uint32_t i) { return view.IsBuy(i); });
    if (shared) market_level_ = prices_.size();
    prices_.push_back(price);
    begin_of.push_back(begin);
    split_of.push_back(static_cast<size_t>(split - sorted.begin()));
    counts.push_back(end - begin + (shared ? 1 : 0));
    begin = end;
  }
  if (market_price && !market_level_) add_market_level(items.size());
  const size_t levels = prices_.size();
  begin_of.push_back(items.size());

  std::vector<uint32_t> limit_buys, limit_sells;
  buys_at_or_above_.assign(levels, 0);
  sells_at_or_below_.assign(levels, 0);
  for (size_t l = levels; l-- > 0;) {  // buys: highest price first
    limit_buys.insert(limit_buys.end(), sorted.begin() + begin_of[l], sorted.begin() + split_of[l]);
    buys_at_or_above_[l] = static_cast<uint32_t>(limit_buys.size());
  }
  for (size_t l = 0; l < levels; ++l) {  // sells: lowest price first
    limit_sells.insert(limit_sells.end(), sorted.begin() + split_of[l],
                       sorted.begin() + begin_of[l + 1]);
    sells_at_or_below_[l] = static_cast<uint32_t>(limit_sells.size());
  }
  level_orders_ = Fenwick(counts);
  buys_ = SideBook(Side::kBuy, pair.collar_price, market_buys, limit_buys, view, avail);
  sells_ = SideBook(Side::kSell, pair.collar_low, market_sells, limit_sells, view, avail);
  for (const SideBook* side : {&buys_, &sells_}) {
    for (size_t k = 0; k < side->size(); ++k) {
      position_of_[side->order_at(k)] = static_cast<uint32_t>(k);
    }
  }
}

uint64_t Book::Demand(size_t l) const {
  const uint64_t limits =
      buys_.Prefix(buys_.market_end() + buys_at_or_above_[l]) - buys_.Prefix(buys_.market_end());
  return (buys_.MarketExecutableAt(prices_[l]) ? buys_.MarketQuantity() : 0) + limits;
}

uint64_t Book::Supply(size_t l) const {
  const uint64_t limits = sells_.Prefix(sells_.market_end() + sells_at_or_below_[l]) -
                          sells_.Prefix(sells_.market_end());
  return (sells_.MarketExecutableAt(prices_[l]) ? sells_.MarketQuantity() : 0) + limits;
}

size_t Book::FirstLevelWithoutBuySurplus() const {
  size_t lo = 0, hi = prices_.size();
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (Demand(mid) <= Supply(mid)) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo;
}

std::optional<size_t> Book::NonEmptyBelow(size_t l) const {
  const uint64_t before = level_orders_.Prefix(l);
  if (before == 0) return std::nullopt;
  return level_orders_.FirstBeyond(before - 1);
}

std::optional<size_t> Book::NonEmptyFrom(size_t l) const {
  const uint64_t before = level_orders_.Prefix(l);
  if (before == level_orders_.Total()) return std::nullopt;
  return level_orders_.FirstBeyond(before);
}

void Book::Remove(uint32_t order) {
  const size_t k = position_of_[order];
  PP_CHECK(k != UINT32_MAX);
  SideBook& side = view_.IsBuy(order) ? buys_ : sells_;
  PP_CHECK(side.quantity_at(k) > 0);
  side.Remove(k);
  if (!view_.IsMarket(order)) {
    level_orders_.Subtract(level_of_[order], 1);
  } else if (market_level_ && side.MarketQuantity() == 0) {
    // The last market order of a side is gone: markets no longer meet.
    level_orders_.Subtract(*market_level_, 1);
    market_level_.reset();
  }
}

}  // namespace phantompool::auction::internal
