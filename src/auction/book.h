// Book: a batch's taking-part orders sorted once into price levels and priority order.
//
// Each side is an array of positions in priority order (best first) with a Fenwick tree
// over the quantities still available at each position, so that:
//   - demand at a price (all buys whose effective price is >= it) and supply (sells <=) are
//     a binary search and a prefix sum;
//   - "which order receives the V-th unit" is one Fenwick descent;
//   - leaving an order out (the minimum-fill rule) is a point update.
// A level is a distinct effective price of some order in the book; a level whose orders
// have all been left out is empty and is no longer a candidate price.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "auction/fenwick.h"
#include "auction/priority_order.h"

namespace phantompool::auction::internal {

class SideBook {
 public:
  SideBook() = default;
  SideBook(Side side, std::vector<uint32_t> orders, const PriorityView& view,
           std::span<const uint64_t> avail);

  size_t size() const { return order_.size(); }
  uint32_t order_at(size_t k) const { return order_[k]; }
  uint64_t eff_at(size_t k) const { return eff_[k]; }
  uint64_t quantity_at(size_t k) const { return qty_[k]; }
  bool is_market(size_t k) const { return k >= market_begin_ && k < market_end_; }
  size_t market_begin() const { return market_begin_; }
  size_t market_end() const { return market_end_; }

  // Available quantity of positions [0, k).
  uint64_t Prefix(size_t k) const { return tree_.Prefix(k); }
  uint64_t Range(size_t begin, size_t end) const { return Prefix(end) - Prefix(begin); }
  // The position that receives unit number v + 1 in priority order (size() if none).
  size_t FirstBeyond(uint64_t v) const { return tree_.FirstBeyond(v); }
  // Positions executable at `price` form a prefix; its length.
  size_t CountExecutableAt(uint64_t price) const;
  uint64_t QuantityExecutableAt(uint64_t price) const { return Prefix(CountExecutableAt(price)); }
  // Sets position k's quantity to zero.
  void Remove(size_t k);

 private:
  Side side_ = Side::kBuy;
  std::vector<uint32_t> order_;  // position -> order index
  std::vector<uint64_t> eff_;    // position -> effective price (monotone in position)
  std::vector<uint64_t> qty_;    // position -> available quantity (0 once removed)
  size_t market_begin_ = 0, market_end_ = 0;  // market orders are contiguous
  Fenwick tree_;
};

class Book {
 public:
  // Takes part: every order with avail[i] > 0.
  Book(const PriorityView& view, std::span<const uint64_t> avail);

  size_t num_levels() const { return prices_.size(); }
  uint64_t level_price(size_t l) const { return prices_[l]; }
  uint64_t Demand(size_t l) const { return buys_.Prefix(buys_at_or_above_[l]); }
  uint64_t Supply(size_t l) const { return sells_.Prefix(sells_at_or_below_[l]); }
  uint64_t DemandAt(uint64_t price) const { return buys_.QuantityExecutableAt(price); }
  uint64_t SupplyAt(uint64_t price) const { return sells_.QuantityExecutableAt(price); }

  // The first level (empty or not) where demand <= supply; num_levels() if none. Surplus
  // (demand - supply) never increases with the price, so levels below it have a buy surplus.
  size_t FirstLevelWithoutBuySurplus() const;
  // The highest non-empty level < l, and the lowest non-empty level >= l.
  std::optional<size_t> NonEmptyBelow(size_t l) const;
  std::optional<size_t> NonEmptyFrom(size_t l) const;

  const SideBook& buys() const { return buys_; }
  const SideBook& sells() const { return sells_; }
  const SideBook& side(Side s) const { return s == Side::kBuy ? buys_ : sells_; }

  // Leaves an order of the book out of the batch.
  void Remove(uint32_t order);
  // The best effective price of an available limit order on each side (nullopt if none).
  std::optional<uint64_t> HighestLimitBuy();
  std::optional<uint64_t> LowestLimitSell();

 private:
  std::optional<uint64_t> BestLimit(const SideBook& side, size_t& cursor);

  const PriorityView view_;
  std::vector<uint64_t> prices_;             // level -> price, ascending
  std::vector<uint32_t> buys_at_or_above_;   // level -> number of buy positions executable
  std::vector<uint32_t> sells_at_or_below_;  // level -> number of sell positions executable
  std::vector<uint32_t> position_of_;        // order -> position on its side
  std::vector<uint32_t> level_of_;           // order -> level
  Fenwick level_orders_;                     // level -> orders still available there
  SideBook buys_, sells_;
  size_t buy_cursor_ = 0, sell_cursor_ = 0;  // every position before is market or removed
};

}  // namespace phantompool::auction::internal
