// Book: a batch's taking-part orders, sorted once into priority order and price levels.
//
// Each side is an array of positions in allocation priority: its market orders first (by
// rank), then its limit orders by price. A Fenwick tree over the quantities still available
// at each position answers, in O(log n):
//   - demand at a price (market buys if the price is within their collar, plus the limit
//     buys priced at or above it) and supply likewise: the limit positions executable at a
//     price form a prefix of the limit segment;
//   - which order receives the V-th unit in priority order;
// and leaving an order out (the minimum-fill rule) is a point update.
// The levels are the candidate prices: the distinct prices of the limit orders still in the
// book, plus the reference price clamped into the collars while market orders remain on
// both sides (where market orders can meet each other). A level whose limit orders have all
// been left out is empty and no longer a candidate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "auction/fenwick.h"
#include "auction/priority_order.h"
#include "phantompool/auction/pair_params.h"

namespace phantompool::auction::internal {

class SideBook {
 public:
  SideBook() = default;
  // `markets` and `limits` in priority order; `collar` bounds where the markets execute.
  SideBook(Side side, uint64_t collar, const std::vector<uint32_t>& markets,
           const std::vector<uint32_t>& limits, const PriorityView& view,
           std::span<const uint64_t> avail);

  size_t size() const { return order_.size(); }
  uint32_t order_at(size_t k) const { return order_[k]; }
  uint64_t quantity_at(size_t k) const { return qty_[k]; }
  size_t market_end() const { return market_end_; }  // positions [0, market_end) are market
  uint64_t MarketQuantity() const { return tree_.Prefix(market_end_); }
  bool MarketExecutableAt(uint64_t price) const {
    return side_ == Side::kBuy ? price <= collar_ : price >= collar_;
  }

  uint64_t Prefix(size_t k) const { return tree_.Prefix(k); }
  // Everything executable at `price`.
  uint64_t QuantityExecutableAt(uint64_t price) const;
  // Executable limit positions at `price`: [market_end, market_end + count).
  size_t LimitCountExecutableAt(uint64_t price) const;
  // The first position allocated at `price` (market orders are skipped if out of collar).
  size_t FirstExecutable(uint64_t price) const {
    return MarketExecutableAt(price) ? 0 : market_end_;
  }
  // The position that receives unit number `volume` + 1 at `price`, and what it gets
  // (share < its quantity); position size() if the volume is used up before it.
  struct Marginal {
    size_t position;
    uint64_t share;
  };
  Marginal MarginalAt(uint64_t price, uint64_t volume) const;
  // The best price of a limit order still available, advancing `cursor` past empty ones.
  std::optional<uint64_t> BestLimit(size_t& cursor) const;
  void Remove(size_t k);

 private:
  Side side_ = Side::kBuy;
  uint64_t collar_ = 0;
  std::vector<uint32_t> order_;      // position -> order index
  std::vector<uint64_t> limit_eff_;  // limit position - market_end -> price (monotone)
  std::vector<uint64_t> qty_;        // position -> available quantity (0 once removed)
  size_t market_end_ = 0;
  Fenwick tree_;
};

class Book {
 public:
  // Takes part: every order with avail[i] > 0.
  Book(const PriorityView& view, std::span<const uint64_t> avail, const PairParams& pair,
       uint64_t reference_price);

  size_t num_levels() const { return prices_.size(); }
  uint64_t level_price(size_t l) const { return prices_[l]; }
  uint64_t Demand(size_t l) const;
  uint64_t Supply(size_t l) const;
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

  // Leaves an order of the book out of the batch.
  void Remove(uint32_t order);
  // The best price of an available limit order on each side (nullopt if none).
  std::optional<uint64_t> HighestLimitBuy() { return buys_.BestLimit(buy_cursor_); }
  std::optional<uint64_t> LowestLimitSell() { return sells_.BestLimit(sell_cursor_); }

 private:
  const PriorityView view_;
  std::vector<uint64_t> prices_;             // level -> price, ascending
  std::vector<uint32_t> buys_at_or_above_;   // level -> executable limit buy positions
  std::vector<uint32_t> sells_at_or_below_;  // level -> executable limit sell positions
  std::vector<uint32_t> position_of_;        // order -> position on its side
  std::vector<uint32_t> level_of_;           // limit order -> level
  std::optional<size_t> market_level_;       // the reference level while markets meet
  Fenwick level_orders_;                     // level -> limit orders left (+1 market level)
  SideBook buys_, sells_;
  size_t buy_cursor_ = 0, sell_cursor_ = 0;
};

}  // namespace phantompool::auction::internal
