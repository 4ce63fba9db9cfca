#include "auction/book.h"

#include <algorithm>

#include "auction/radix_sort.h"
#include "phantompool/common/check.h"

namespace phantompool::auction::internal {

SideBook::SideBook(Side side, std::vector<uint32_t> orders, const PriorityView& view,
                   std::span<const uint64_t> avail)
    : side_(side), order_(std::move(orders)) {
  const size_t n = order_.size();
  eff_.resize(n);
  qty_.resize(n);
  size_t markets = 0;
  market_begin_ = market_end_ = n;
  for (size_t k = 0; k < n; ++k) {
    const uint32_t i = order_[k];
    eff_[k] = view.eff[i];
    qty_[k] = avail[i];
    if (view.IsMarket(i)) {
      if (markets++ == 0) market_begin_ = k;
      market_end_ = k + 1;
    }
  }
  if (markets == 0) market_begin_ = market_end_ = 0;
  // Market orders share one effective price (the collar) and go first at it.
  PP_CHECK(market_end_ - market_begin_ == markets);
  tree_ = Fenwick(qty_);
}

size_t SideBook::CountExecutableAt(uint64_t price) const {
  const auto end =
      side_ == Side::kBuy
          ? std::partition_point(eff_.begin(), eff_.end(), [price](uint64_t e) { return e >= price; })
          : std::partition_point(eff_.begin(), eff_.end(), [price](uint64_t e) { return e <= price; });
  return static_cast<size_t>(end - eff_.begin());
}

void SideBook::Remove(size_t k) {
  tree_.Subtract(k, qty_[k]);
  qty_[k] = 0;
}

Book::Book(const PriorityView& view, std::span<const uint64_t> avail) : view_(view) {
  const size_t n = view.orders.size();
  position_of_.assign(n, UINT32_MAX);
  level_of_.assign(n, UINT32_MAX);

  std::vector<KeyIndex> items;
  items.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (avail[i] > 0) items.push_back({view.eff[i], static_cast<uint32_t>(i)});
  }
  RadixSortByKey(items);

  // Within a level: buys first, then sells, each in priority order.
  std::vector<uint32_t> sorted(items.size());
  std::vector<size_t> begin_of, split_of;  // per level: first index, first sell index
  auto within_level = [&view](uint32_t a, uint32_t b) {
    if (view.IsBuy(a) != view.IsBuy(b)) return view.IsBuy(a);
    return view.Before(a, b);
  };
  for (size_t begin = 0; begin < items.size();) {
    size_t end = begin + 1;
    while (end < items.size() && items[end].key == items[begin].key) ++end;
    for (size_t k = begin; k < end; ++k) {
      sorted[k] = items[k].index;
      level_of_[items[k].index] = static_cast<uint32_t>(prices_.size());
    }
    std::sort(sorted.begin() + begin, sorted.begin() + end, within_level);
    const auto split = std::partition_point(sorted.begin() + begin, sorted.begin() + end,
                                            [&view](uint32_t i) { return view.IsBuy(i); });
    prices_.push_back(items[begin].key);
    begin_of.push_back(begin);
    split_of.push_back(static_cast<size_t>(split - sorted.begin()));
    begin = end;
  }
  const size_t levels = prices_.size();
  begin_of.push_back(items.size());

  std::vector<uint32_t> buy_order, sell_order;
  buys_at_or_above_.assign(levels, 0);
  sells_at_or_below_.assign(levels, 0);
  for (size_t l = levels; l-- > 0;) {  // buys: highest price first
    buy_order.insert(buy_order.end(), sorted.begin() + begin_of[l],
                     sorted.begin() + split_of[l]);
    buys_at_or_above_[l] = static_cast<uint32_t>(buy_order.size());
  }
  for (size_t l = 0; l < levels; ++l) {  // sells: lowest price first
    sell_order.insert(sell_order.end(), sorted.begin() + split_of[l],
                      sorted.begin() + begin_of[l + 1]);
    sells_at_or_below_[l] = static_cast<uint32_t>(sell_order.size());
  }
  for (size_t k = 0; k < buy_order.size(); ++k) position_of_[buy_order[k]] = k;
  for (size_t k = 0; k < sell_order.size(); ++k) position_of_[sell_order[k]] = k;

  std::vector<uint64_t> counts(levels);
  for (size_t l = 0; l < levels; ++l) counts[l] = begin_of[l + 1] - begin_of[l];
  level_orders_ = Fenwick(counts);
  buys_ = SideBook(Side::kBuy, std::move(buy_order), view, avail);
  sells_ = SideBook(Side::kSell, std::move(sell_order), view, avail);
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
  level_orders_.Subtract(level_of_[order], 1);
}

std::optional<uint64_t> Book::BestLimit(const SideBook& side, size_t& cursor) {
  while (cursor < side.size() && (side.quantity_at(cursor) == 0 || side.is_market(cursor))) {
    ++cursor;
  }
  if (cursor == side.size()) return std::nullopt;
  return side.eff_at(cursor);
}

std::optional<uint64_t> Book::HighestLimitBuy() { return BestLimit(buys_, buy_cursor_); }
std::optional<uint64_t> Book::LowestLimitSell() { return BestLimit(sells_, sell_cursor_); }

}  // namespace phantompool::auction::internal
