// Self-trade prevention: one owner's crossing orders become pieces that keep the owner's
// net demand at every price and never meet each other (docs/auction.md, section 6).
//
// The owner's buys in netting order (highest effective price first) are matched against
// the owner's sells (lowest first) while they cross, as decrement-both self-match
// prevention does; each match is a chunk (q, buy at Pb, sell at Ps) with Ps <= Pb. Instead
// of withholding the chunk at every price, the chunk's buy quantity stays executable only
// below Ps (a piece of the buy order with threshold Ps - tick) and its sell quantity only
// above Pb (a piece of the sell order with threshold Pb + tick). At a price inside
// [Ps, Pb] the chunk is withheld from both orders, exactly where the owner would have been
// on both sides; outside it the owner still trades with others as the orders say. A piece
// whose threshold falls off the price grid can never execute and is not created.
//
// The pieces carry no priority of their own: the book ranks them by their threshold like
// any order, so at every price each owner is a buyer, a seller or neither.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "auction/order_view.h"
#include "auction/slot_keys.h"
#include "phantompool/order/pair_spec.h"

namespace phantompool::auction::internal {

// `qty` lots of order `order`, executable at prices up to `threshold` (a buy) or from
// `threshold` up (a sell). `market` marks a market order's own residual: its threshold is
// the pair's collar, which never becomes a candidate price. Sizes and prices are below 2^32
// (PairSpec), so a piece is 20 bytes: a million-order batch has over a million of them.
struct Piece {
  uint32_t qty = 0;        // lots; 0 once the piece has left the book
  uint32_t threshold = 0;  // ticks
  uint32_t order = 0;
  uint32_t slot = 0;  // the book's slot on the order's side, set when it enters the book
  bool market = false;
};

class OwnerNetting {
 public:
  // Appends the pieces of `orders` (one owner's orders that take part), grouped by order;
  // returns whether any of them crossed (else each order is one whole piece). An order
  // netted away at every price of the grid has no piece.
  bool Net(const OrderView& view, const order::PairSpec& pair, std::span<const uint32_t> orders,
           std::vector<Piece>& out);

  // Every limit threshold a netting of any subset of `orders` can give a piece, per side
  // (appended): each limit order's own price, each sell's price minus a tick (buy pieces)
  // and each buy's price plus a tick (sell pieces), where on the grid. The book needs them
  // as slots before a round leaves an order out and the owner is netted again.
  static void PotentialSlots(const OrderView& view, const order::PairSpec& pair,
                             std::span<const uint32_t> orders, SlotKeys& buy_slots,
                             SlotKeys& sell_slots);

 private:
  struct Chunk {
    uint32_t buy;  // positions in buys_ / sells_
    uint32_t sell;
    uint64_t qty;
  };
  // What the netting reads of an order, gathered once: the owner's orders lie anywhere in
  // the batch, and sorting them by reading the batch's arrays would miss the cache on every
  // comparison.
  struct Entry {
    uint64_t eff;
    uint64_t rank;
    uint64_t size;
    uint32_t order;
    uint8_t flags;
  };
  void EmitSide(const order::PairSpec& pair, bool buy_side, std::vector<Piece>& out);

  std::vector<Entry> buys_, sells_;
  std::vector<Chunk> chunks_;
  // Per position in buys_ / sells_: the first chunk and the number of chunks it is in
  // (consecutive: the netting walks both sides forward).
  std::vector<uint32_t> buy_first_, buy_count_, sell_first_, sell_count_;
};

}  // namespace phantompool::auction::internal
