#include "auction/min_fill.h"

#include <algorithm>

namespace phantompool::auction::internal {
namespace {

using u128 = unsigned __int128;

struct Shortfall {
  uint32_t order;
  uint64_t need;  // lots it still needs from the cut slot (+1 if its owner has others there)
  uint64_t qty;   // its piece in the cut slot
};

void CutSlotShortfalls(const Book& book, const OrderView& view, const SideSlots& side,
                       const Cut& cut, std::vector<uint32_t>& out) {
  // Owners with more than one piece in the slot: their pieces can lose a lot to the
  // rounding within the owner.
  std::vector<uint32_t> owners;
  book.ForEachPieceInSlot(side, cut.slot,
                          [&](uint32_t p) { owners.push_back(view.owner[book.piece(p).order]); });
  std::sort(owners.begin(), owners.end());
  auto shares_slot = [&owners](uint32_t owner) {
    const auto range = std::equal_range(owners.begin(), owners.end(), owner);
    return range.second - range.first > 1;
  };
  std::vector<Shortfall> short_of;
  book.ForEachPieceInSlot(side, cut.slot, [&](uint32_t p) {
    const Piece& piece = book.piece(p);
    if (!view.HasMinFill(piece.order)) return;
    const uint64_t before = FilledBeforeCut(book, piece.order, cut);
    const uint64_t min_fill = view.orders[piece.order].min_fill;
    if (before >= min_fill) return;
    const uint64_t need = min_fill - before + (shares_slot(view.owner[piece.order]) ? 1 : 0);
    if (static_cast<u128>(cut.share) * piece.qty < static_cast<u128>(need) * cut.slot_qty) {
      short_of.push_back({piece.order, need, piece.qty});
    }
  });
  // Worst first: the largest need per lot offered (ties by VRF rank). Leaving one out
  // shrinks the slot, which only raises the others' shares; stop at the first that is
  // then covered, since every later one needs less per lot.
  std::sort(short_of.begin(), short_of.end(), [&view](const Shortfall& a, const Shortfall& b) {
    const u128 lhs = static_cast<u128>(a.need) * b.qty, rhs = static_cast<u128>(b.need) * a.qty;
    return lhs != rhs ? lhs > rhs : view.RankBefore(a.order, b.order);
  });
  uint64_t slot_qty = cut.slot_qty;
  for (const Shortfall& s : short_of) {
    if (static_cast<u128>(cut.share) * s.qty >= static_cast<u128>(s.need) * slot_qty) break;
    out.push_back(s.order);
    slot_qty -= s.qty;
  }
}

}  // namespace

Cut CutAt(const SideSlots& side, uint64_t volume) {
  Cut cut;
  cut.slot = side.FirstBeyond(volume);
  if (cut.slot == side.size()) return cut;
  cut.share = volume - side.Prefix(cut.slot);
  cut.slot_qty = side.QuantityAt(cut.slot);
  return cut;
}

uint64_t FilledBeforeCut(const Book& book, uint32_t order, const Cut& cut) {
  uint64_t sum = 0;
  for (const Piece& p : book.PiecesOf(order)) {
    if (p.qty > 0 && p.slot < cut.slot) sum += p.qty;
  }
  return sum;
}

bool IsFragile(const Book& book, const OrderView& view, uint32_t order) {
  if (!view.HasMinFill(order)) return false;
  uint64_t offered = 0;
  size_t pieces = 0;
  for (const Piece& p : book.PiecesOf(order)) {
    if (p.qty == 0) continue;
    offered += p.qty;
    ++pieces;
  }
  return pieces > 1 || (pieces == 1 && offered < view.orders[order].size);
}

void FindMinFillShortfalls(const Book& book, const OrderView& view, uint64_t volume,
                           std::span<const uint32_t> fragile, std::vector<uint32_t>& out) {
  const Cut buy_cut = CutAt(book.buys(), volume);
  const Cut sell_cut = CutAt(book.sells(), volume);
  if (buy_cut.share > 0) CutSlotShortfalls(book, view, book.buys(), buy_cut, out);
  if (sell_cut.share > 0) CutSlotShortfalls(book, view, book.sells(), sell_cut, out);
  for (uint32_t order : fragile) {
    if (!IsFragile(book, view, order)) continue;  // left out, or netted again since
    const Cut& cut = view.IsBuy(order) ? buy_cut : sell_cut;
    bool in_cut_slot = false;
    uint64_t before = 0;
    for (const Piece& p : book.PiecesOf(order)) {
      if (p.qty == 0) continue;
      if (p.slot < cut.slot) before += p.qty;
      if (p.slot == cut.slot && cut.share > 0) in_cut_slot = true;
    }
    if (in_cut_slot) continue;  // judged with the cut slot above
    if (before > 0 && before < view.orders[order].min_fill) out.push_back(order);
  }
}

}  // namespace phantompool::auction::internal
