#include "auction/allocation.h"

#include <algorithm>
#include <string>

#include "auction/min_fill.h"
#include "auction/owners.h"
#include "auction/radix_sort.h"
#include "phantompool/common/check.h"

namespace phantompool::auction::internal {
namespace {

using u128 = unsigned __int128;

uint64_t ShareOf(uint64_t amount, uint64_t part, uint64_t whole) {
  return static_cast<uint64_t>(static_cast<u128>(amount) * part / whole);  // floor: < part
}

// The cut slot's `share` lots among its pieces: owners first, then each owner's pieces.
void ProRata(const Book& book, const OrderView& view, std::span<const uint64_t> owner_rank,
             const SideSlots& side, const Cut& cut, std::vector<uint64_t>& fill) {
  std::vector<uint32_t> pieces;
  book.ForEachPieceInSlot(side, cut.slot, [&](uint32_t p) { pieces.push_back(p); });
  auto order_of = [&book](uint32_t p) { return book.piece(p).order; };
  // Owners in rank order, each owner's pieces together and in order rank.
  std::sort(pieces.begin(), pieces.end(), [&](uint32_t pa, uint32_t pb) {
    const uint32_t a = order_of(pa), b = order_of(pb);
    if (view.owner[a] != view.owner[b]) {
      return OwnerRankBefore(owner_rank[view.owner[a]], view.orders[a].owner,
                             owner_rank[view.owner[b]], view.orders[b].owner);
    }
    return view.RankBefore(a, b);
  });
  std::vector<size_t> owner_begin;
  std::vector<uint64_t> owner_qty;
  for (size_t k = 0; k < pieces.size(); ++k) {
    if (k == 0 || view.owner[order_of(pieces[k])] != view.owner[order_of(pieces[k - 1])]) {
      owner_begin.push_back(k);
      owner_qty.push_back(0);
    }
    owner_qty.back() += book.piece(pieces[k]).qty;
  }
  owner_begin.push_back(pieces.size());
  const size_t owners = owner_qty.size();
  std::vector<uint64_t> owner_share(owners);
  uint64_t given = 0;
  for (size_t o = 0; o < owners; ++o) {
    owner_share[o] = ShareOf(cut.share, owner_qty[o], cut.slot_qty);
    given += owner_share[o];
  }
  PP_CHECK(given <= cut.share && cut.share - given < std::max<size_t>(owners, 1));
  for (size_t o = 0; o < cut.share - given; ++o) ++owner_share[o];  // < owner_qty[o]

  for (size_t o = 0; o < owners; ++o) {
    const size_t begin = owner_begin[o], end = owner_begin[o + 1];
    uint64_t owner_given = 0;
    for (size_t k = begin; k < end; ++k) {
      const Piece& p = book.piece(pieces[k]);
      const uint64_t f = ShareOf(owner_share[o], p.qty, owner_qty[o]);
      fill[p.order] += f;
      owner_given += f;
    }
    PP_CHECK(owner_share[o] - owner_given <= end - begin);
    for (size_t k = begin; k < begin + (owner_share[o] - owner_given); ++k) {
      ++fill[book.piece(pieces[k]).order];
    }
  }
}

void AllocateSide(const Book& book, const OrderView& view, std::span<const uint64_t> owner_rank,
                  const SideSlots& side, uint64_t volume, std::vector<uint64_t>& fill) {
  const Cut cut = CutAt(side, volume);
  for (size_t k = 0; k < cut.slot; ++k) {
    book.ForEachPieceInSlot(side, k,
                            [&](uint32_t p) { fill[book.piece(p).order] += book.piece(p).qty; });
  }
  if (cut.share > 0) ProRata(book, view, owner_rank, side, cut, fill);
}

// The filled orders of one side in priority order: a radix sort on (effective price, kind,
// top bits of the rank), then the full comparison within runs of equal keys.
std::vector<uint32_t> FilledInPriority(const OrderView& view, std::span<const uint64_t> fill,
                                       bool buy) {
  std::vector<KeyIndex> items;
  for (size_t i = 0; i < fill.size(); ++i) {
    if (fill[i] == 0 || view.IsBuy(i) != buy) continue;
    const uint64_t price_key = buy ? order::kMaxPairValue - view.eff[i] : view.eff[i];
    const uint64_t key = (price_key << 1 | (view.IsMarket(i) ? 0 : 1)) << 30 | view.rank[i] >> 34;
    items.push_back({key, static_cast<uint32_t>(i)});
  }
  RadixSortByKey(items);
  std::vector<uint32_t> out(items.size());
  for (size_t k = 0; k < items.size(); ++k) out[k] = items[k].index;
  for (size_t begin = 0; begin < items.size();) {
    size_t end = begin + 1;
    while (end < items.size() && items[end].key == items[begin].key) ++end;
    if (end - begin > 1) {
      std::sort(out.begin() + begin, out.begin() + end,
                [&view](uint32_t a, uint32_t b) { return view.PriorityBefore(a, b); });
    }
    begin = end;
  }
  return out;
}

}  // namespace

void Allocate(const Book& book, const OrderView& view, std::span<const uint64_t> owner_rank,
              uint64_t volume, std::vector<uint64_t>& fill) {
  AllocateSide(book, view, owner_rank, book.buys(), volume, fill);
  AllocateSide(book, view, owner_rank, book.sells(), volume, fill);
}

Status PairTrades(const OrderView& view, const order::PairSpec& pair, uint64_t price,
                  std::span<const uint64_t> fill, AuctionResult& result) {
  const std::vector<uint32_t> buys = FilledInPriority(view, fill, true);
  const std::vector<uint32_t> sells = FilledInPriority(view, fill, false);
  size_t b = 0, s = 0;
  uint64_t buy_left = 0, sell_left = 0;
  u128 total = 0;
  result.trades.reserve(buys.size() + sells.size());
  while (true) {
    if (buy_left == 0 && b < buys.size()) buy_left = fill[buys[b++]];
    if (sell_left == 0 && s < sells.size()) sell_left = fill[sells[s++]];
    if (buy_left == 0 || sell_left == 0) break;
    const uint32_t buy = buys[b - 1], sell = sells[s - 1];
    PP_CHECK(view.owner[buy] != view.owner[sell]);
    const uint64_t size = std::min(buy_left, sell_left);
    const uint64_t notional = pair.Notional(size, price);  // exact, < 2^63 (PairSpec)
    total += notional;
    result.trades.push_back({buy, sell, size, price, notional});
    buy_left -= size;
    sell_left -= size;
  }
  PP_CHECK(buy_left == 0 && sell_left == 0 && b == buys.size() && s == sells.size());
  if (total > order::kMaxLedgerAmount) {
    return Status::ResourceExhausted(
        "notional",
        "the session's notional exceeds 2^63 - 1 quote ledger units: the batch "
        "cannot be settled in one session");
  }
  result.notional = static_cast<uint64_t>(total);
  return Status::Ok();
}

}  // namespace phantompool::auction::internal
