// Book: a batch's pieces (self_trade.h) in priority slots, and the candidate price levels.
//
// A slot holds every piece of one side with the same threshold and kind (a market order's
// residual at its collar, or a limit piece); a side's slots are in priority order: buys by
// threshold from the highest, sells from the lowest, the market slot before the limit slot
// at the same threshold. At any price the executable slots are a prefix, so a Fenwick tree
// over the slots' quantities answers in O(log n):
//   - demand (or supply) at a price;
//   - which slot receives the V-th lot (the marginal slot of an allocation);
// and leaving an order out, or netting its owner again, is a point update per piece.
// Every threshold a later netting can produce is a slot from the start (empty until used).
//
// The levels are the candidate prices: the thresholds of the limit slots, plus the
// reference price clamped into the collars (where market orders meet each other). A level
// is a candidate while it holds a limit piece, or, for the reference level, while both
// sides hold market quantity.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "auction/fenwick.h"
#include "auction/order_view.h"
#include "auction/self_trade.h"
#include "auction/slot_keys.h"
#include "phantompool/order/pair_spec.h"

namespace phantompool::auction::internal {

class SideSlots {
 public:
  static constexpr size_t kNone = SIZE_MAX;

  size_t size() const { return threshold_.size(); }
  uint64_t threshold(size_t k) const { return threshold_[k]; }
  size_t market_slot() const { return market_slot_; }  // kNone if the side has none
  bool IsBuy() const { return buy_; }
  uint64_t Prefix(size_t k) const { return qty_.Prefix(k); }
  uint64_t QuantityAt(size_t k) const { return qty_.Prefix(k + 1) - qty_.Prefix(k); }
  uint64_t Total() const { return qty_.Total(); }
  // The smallest k with Prefix(k + 1) > v, or size().
  size_t FirstBeyond(uint64_t v) const { return qty_.FirstBeyond(v); }
  // The slots executable at `price`: [0, ExecutableCount(price)).
  size_t ExecutableCount(uint64_t price) const;
  uint64_t QuantityExecutableAt(uint64_t price) const { return Prefix(ExecutableCount(price)); }
  uint64_t MarketQuantity() const { return market_slot_ == kNone ? 0 : QuantityAt(market_slot_); }
  // The first non-empty limit slot's threshold: the best limit price on this side.
  std::optional<uint64_t> BestLimit() const;

 private:
  friend class Book;
  bool buy_ = true;
  std::vector<uint64_t> threshold_;  // slot -> threshold, in priority order
  size_t market_slot_ = kNone;
  std::vector<uint32_t> level_;  // slot -> level (limit slots only)
  Fenwick qty_;
  // Pieces by slot: the book's first pieces as one array (list_begin_ per slot), pieces
  // added later by a new netting as a linked list per slot.
  std::vector<uint32_t> list_begin_, list_;
  std::vector<uint32_t> extra_head_;
};

class Book {
 public:
  static constexpr uint32_t kNoPiece = UINT32_MAX;

  // `pieces`: the first pieces, grouped by order (the book keeps them). `buy_slots`,
  // `sell_slots`: further slots that a new netting may use (OwnerNetting::PotentialSlots);
  // the pieces' slots and every market order's collar slot are added here.
  Book(const OrderView& view, const order::PairSpec& pair, uint64_t reference_price,
       std::vector<Piece> pieces, SlotKeys buy_slots, SlotKeys sell_slots);

  size_t num_levels() const { return prices_.size(); }
  uint64_t level_price(size_t l) const { return prices_[l]; }
  uint64_t Demand(size_t l) const { return buys_.Prefix(buys_at_or_above_[l]); }
  uint64_t Supply(size_t l) const { return sells_.Prefix(sells_at_or_below_[l]); }
  uint64_t DemandAt(uint64_t price) const { return buys_.QuantityExecutableAt(price); }
  uint64_t SupplyAt(uint64_t price) const { return sells_.QuantityExecutableAt(price); }
  // The first level (empty or not) where demand <= supply; num_levels() if none. Surplus
  // (demand - supply) never increases with the price, so levels below it have a buy surplus.
  size_t FirstLevelWithoutBuySurplus() const;
  // The highest candidate level < l, and the lowest candidate level >= l.
  std::optional<size_t> NonEmptyBelow(size_t l) const;
  std::optional<size_t> NonEmptyFrom(size_t l) const;

  const SideSlots& buys() const { return buys_; }
  const SideSlots& sells() const { return sells_; }
  const SideSlots& side_of(uint32_t order) const { return view_.IsBuy(order) ? buys_ : sells_; }

  // The live pieces of an order (and removed ones, with qty 0).
  std::span<const Piece> PiecesOf(uint32_t order) const {
    return {pieces_.data() + piece_begin_[order], piece_count_[order]};
  }
  const Piece& piece(uint32_t p) const { return pieces_[p]; }
  // Calls f(piece index) for every live piece in a slot.
  template <typename F>
  void ForEachPieceInSlot(const SideSlots& side, size_t slot, F&& f) const {
    for (uint32_t k = side.list_begin_[slot]; k < side.list_begin_[slot + 1]; ++k) {
      if (pieces_[side.list_[k]].qty > 0) f(side.list_[k]);
    }
    for (uint32_t p = side.extra_head_[slot]; p != kNoPiece; p = next_extra_[p - first_extra_]) {
      if (pieces_[p].qty > 0) f(p);
    }
  }

  // Takes an order out of the book.
  void RemoveOrder(uint32_t order);
  // Replaces the pieces of `orders` (every one of them) by `pieces` (grouped by order, a
  // subset of `orders`): a new netting of an owner.
  void ReplacePieces(std::span<const uint32_t> orders, std::span<const Piece> pieces);

 private:
  // Numbers the distinct keys and makes them the side's slots.
  static void BuildSlots(SideSlots& side, SlotKeys& keys);
  uint32_t SlotOf(bool buy, uint64_t threshold, bool market) const {
    return (buy ? buy_keys_ : sell_keys_).Find(SlotKeyOf(buy, threshold, market));
  }
  void AddPiece(const Piece& spec);
  void RemovePieces(uint32_t order);
  void UpdateMarketLevel();

  const OrderView view_;
  std::vector<uint64_t> prices_;             // level -> price, ascending
  std::vector<uint32_t> buys_at_or_above_;   // level -> executable buy slots
  std::vector<uint32_t> sells_at_or_below_;  // level -> executable sell slots
  std::optional<size_t> market_level_;       // the reference level, if markets can meet
  bool markets_meet_ = false;
  Fenwick level_pieces_;  // level -> live limit pieces (+1 on the market level while active)
  SideSlots buys_, sells_;
  SlotKeys buy_keys_, sell_keys_;
  std::vector<Piece> pieces_;
  std::vector<uint32_t> piece_begin_, piece_count_;  // order -> its pieces
  uint32_t first_extra_ = 0;                         // pieces from here on are in extra lists
  std::vector<uint32_t> next_extra_;
};

}  // namespace phantompool::auction::internal
