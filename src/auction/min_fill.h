// The minimum-fill rule (docs/auction.md, section 7): which orders an allocation at a price
// cannot give at least their minimum fill, so that they are left out of the batch.
//
// On each side the allocation fills the slots in priority order; the cut is the first slot
// not filled in full, which receives `share` lots (0 <= share < its quantity), shared pro
// rata. An order with a minimum fill m can fall short in two ways:
//   - it has a piece in the cut slot: the piece's exact pro-rata share share * q / Q,
//     rounded down, must cover what m still needs after the order's pieces in better slots
//     (one lot more if its owner has other pieces in the slot: the rounding within the
//     owner can take one away); otherwise it is left out. The orders that fall short are
//     taken worst first (the largest need per lot offered), and the slot is re-checked as
//     it shrinks, so no order is left out that the others' leaving would already save;
//   - it has no piece there but pieces on both sides of the cut (only an order split by
//     self-trade prevention, or with a piece off the grid): what it gets, its pieces before
//     the cut, must be 0 or at least m.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "auction/book.h"

namespace phantompool::auction::internal {

struct Cut {
  size_t slot = 0;        // slots before it are filled in full
  uint64_t share = 0;     // lots for slot `slot`, < its quantity (0: nothing for it)
  uint64_t slot_qty = 0;  // the quantity in slot `slot` (0 if slot == size())
};

// Where `volume` lots end on a side (volume <= what the side can execute at the price).
Cut CutAt(const SideSlots& side, uint64_t volume);

// What an order gets from its pieces before the cut.
uint64_t FilledBeforeCut(const Book& book, uint32_t order, const Cut& cut);

// Appends to `out` every order to leave out of an allocation of `volume` at the clearing
// price. `fragile`: the orders with a minimum fill whose pieces can straddle a cut (others
// can only fall short through a piece in the cut slot); stale entries are skipped.
void FindMinFillShortfalls(const Book& book, const OrderView& view, uint64_t volume,
                           std::span<const uint32_t> fragile, std::vector<uint32_t>& out);

// An order with a minimum fill whose pieces can straddle a cut.
bool IsFragile(const Book& book, const OrderView& view, uint32_t order);

}  // namespace phantompool::auction::internal
