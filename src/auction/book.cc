#include "auction/book.h"

#include <algorithm>

#include "phantompool/common/check.h"

namespace phantompool::auction::internal {
void Book::BuildSlots(SideSlots& side, SlotKeys& keys) {
  const std::vector<uint64_t> sorted = keys.Number();
  side.threshold_.resize(sorted.size());
  for (size_t k = 0; k < sorted.size(); ++k) {
    side.threshold_[k] = ThresholdOfKey(side.buy_, sorted[k]);
    if (IsMarketKey(sorted[k])) side.market_slot_ = k;
  }
}

size_t SideSlots::ExecutableCount(uint64_t price) const {
  const auto end = buy_ ? std::partition_point(threshold_.begin(), threshold_.end(),
                                               [price](uint64_t t) { return t >= price; })
                        : std::partition_point(threshold_.begin(), threshold_.end(),
                                               [price](uint64_t t) { return t <= price; });
  return static_cast<size_t>(end - threshold_.begin());
}

std::optional<uint64_t> SideSlots::BestLimit() const {
  size_t k = FirstBeyond(0);
  if (k == market_slot_) k = FirstBeyond(Prefix(k + 1));
  if (k == size()) return std::nullopt;
  return threshold_[k];
}

Book::Book(const OrderView& view, const order::PairSpec& pair, uint64_t reference_price,
           std::vector<Piece> pieces, SlotKeys buy_slots, SlotKeys sell_slots)
    : view_(view),
      buy_keys_(std::move(buy_slots)),
      sell_keys_(std::move(sell_slots)),
      pieces_(std::move(pieces)) {
  const size_t n = view.orders.size();
  buys_.buy_ = true;
  sells_.buy_ = false;

  // Slots: every threshold a piece has now or may have after a new netting, and the collar
  // slot of every market order (its residual can grow back after a new netting).
  bool market_buy = false, market_sell = false;
  for (const Piece& p : pieces_) {
    const bool buy = view.IsBuy(p.order);
    (buy ? buy_keys_ : sell_keys_).Insert(SlotKeyOf(buy, p.threshold, p.market));
  }
  for (size_t i = 0; i < n; ++i) {
    if (!view.IsLive(i) || !view.IsMarket(i)) continue;
    const bool buy = view.IsBuy(i);
    (buy ? buy_keys_ : sell_keys_).Insert(SlotKeyOf(buy, view.eff[i], true));
    (buy ? market_buy : market_sell) = true;
  }
  BuildSlots(buys_, buy_keys_);
  BuildSlots(sells_, sell_keys_);

  // Levels: the limit slots' thresholds and, if market orders are on both sides, the
  // reference price clamped into the collars. Both sides' slots are sorted already (buys
  // descending), so the levels are a merge, and each slot's level and each level's
  // executable slot counts are found by walking along.
  std::optional<uint64_t> market_price;
  if (market_buy && market_sell) {
    market_price = std::clamp(reference_price, pair.market_sell_collar(), pair.market_buy_collar());
  }
  prices_.reserve(buys_.size() + sells_.size() + 1);
  {
    size_t b = buys_.size(), s = 0;  // buys from their end: ascending thresholds
    bool market_added = !market_price;
    auto push = [this](uint64_t p) {
      if (prices_.empty() || prices_.back() < p) prices_.push_back(p);
    };
    while (true) {
      while (b > 0 && b - 1 == buys_.market_slot_) --b;
      while (s < sells_.size() && s == sells_.market_slot_) ++s;
      const bool has_b = b > 0, has_s = s < sells_.size();
      if (!has_b && !has_s) break;
      const uint64_t next = !has_s   ? buys_.threshold_[b - 1]
                            : !has_b ? sells_.threshold_[s]
                                     : std::min(buys_.threshold_[b - 1], sells_.threshold_[s]);
      if (!market_added && *market_price <= next) {
        push(*market_price);
        market_added = true;
      }
      push(next);
      if (has_b && buys_.threshold_[b - 1] == next) --b;
      if (has_s && sells_.threshold_[s] == next) ++s;
    }
    if (!market_added) push(*market_price);
  }
  if (market_price) {
    market_level_ = static_cast<size_t>(
        std::lower_bound(prices_.begin(), prices_.end(), *market_price) - prices_.begin());
  }
  for (SideSlots* side : {&buys_, &sells_}) {
    side->level_.assign(side->size(), UINT32_MAX);
    size_t l = 0;
    for (size_t j = 0; j < side->size(); ++j) {
      const size_t k = side->buy_ ? side->size() - 1 - j : j;  // ascending thresholds
      if (k == side->market_slot_) continue;
      while (prices_[l] < side->threshold_[k]) ++l;
      side->level_[k] = static_cast<uint32_t>(l);
    }
  }
  buys_at_or_above_.resize(prices_.size());
  sells_at_or_below_.resize(prices_.size());
  {
    size_t b = buys_.size(), s = 0;
    for (size_t l = 0; l < prices_.size(); ++l) {
      while (b > 0 && buys_.threshold_[b - 1] < prices_[l]) --b;
      while (s < sells_.size() && sells_.threshold_[s] <= prices_[l]) ++s;
      buys_at_or_above_[l] = static_cast<uint32_t>(b);
      sells_at_or_below_[l] = static_cast<uint32_t>(s);
    }
  }

  // Pieces: quantities into the slot trees, counts into the level tree, and the per-slot
  // lists (a counting sort by slot).
  piece_begin_.assign(n, 0);
  piece_count_.assign(n, 0);
  std::vector<uint64_t> buy_qty(buys_.size(), 0), sell_qty(sells_.size(), 0);
  std::vector<uint64_t> level_count(prices_.size(), 0);
  buys_.list_begin_.assign(buys_.size() + 1, 0);
  sells_.list_begin_.assign(sells_.size() + 1, 0);
  for (size_t k = 0; k < pieces_.size(); ++k) {
    Piece& p = pieces_[k];
    const bool buy = view.IsBuy(p.order);
    SideSlots& side = buy ? buys_ : sells_;
    const uint32_t slot = SlotOf(buy, p.threshold, p.market);
    if (piece_count_[p.order]++ == 0) piece_begin_[p.order] = static_cast<uint32_t>(k);
    p.slot = slot;
    (buy ? buy_qty : sell_qty)[slot] += p.qty;
    if (!p.market) ++level_count[side.level_[slot]];
    ++side.list_begin_[slot + 1];
  }
  for (SideSlots* side : {&buys_, &sells_}) {
    for (size_t k = 0; k < side->size(); ++k) side->list_begin_[k + 1] += side->list_begin_[k];
    side->list_.resize(side->list_begin_.back());
    side->extra_head_.assign(side->size(), kNoPiece);
  }
  std::vector<uint32_t> fill_buy(buys_.list_begin_.begin(), buys_.list_begin_.end() - 1);
  std::vector<uint32_t> fill_sell(sells_.list_begin_.begin(), sells_.list_begin_.end() - 1);
  for (uint32_t p = 0; p < pieces_.size(); ++p) {
    const bool buy = view.IsBuy(pieces_[p].order);
    SideSlots& side = buy ? buys_ : sells_;
    side.list_[(buy ? fill_buy : fill_sell)[pieces_[p].slot]++] = p;
  }
  first_extra_ = static_cast<uint32_t>(pieces_.size());
  buys_.qty_ = Fenwick(buy_qty);
  sells_.qty_ = Fenwick(sell_qty);
  level_pieces_ = Fenwick(level_count);
  UpdateMarketLevel();
}

void Book::UpdateMarketLevel() {
  const bool meet = buys_.MarketQuantity() > 0 && sells_.MarketQuantity() > 0;
  if (meet == markets_meet_ || !market_level_) return;
  if (meet) {
    level_pieces_.Add(*market_level_, 1);
  } else {
    level_pieces_.Subtract(*market_level_, 1);
  }
  markets_meet_ = meet;
}

void Book::RemovePieces(uint32_t order) {
  SideSlots& side = view_.IsBuy(order) ? buys_ : sells_;
  for (uint32_t p = piece_begin_[order]; p < piece_begin_[order] + piece_count_[order]; ++p) {
    Piece& piece = pieces_[p];
    if (piece.qty == 0) continue;
    side.qty_.Subtract(piece.slot, piece.qty);
    if (piece.slot != side.market_slot_) level_pieces_.Subtract(side.level_[piece.slot], 1);
    piece.qty = 0;
  }
  piece_count_[order] = 0;
}

void Book::AddPiece(const Piece& spec) {
  const bool buy = view_.IsBuy(spec.order);
  SideSlots& side = buy ? buys_ : sells_;
  PP_CHECK((buy ? buy_keys_ : sell_keys_).Contains(SlotKeyOf(buy, spec.threshold, spec.market)));
  const uint32_t slot = SlotOf(buy, spec.threshold, spec.market);
  const auto p = static_cast<uint32_t>(pieces_.size());
  pieces_.push_back(spec);
  pieces_.back().slot = slot;
  next_extra_.push_back(side.extra_head_[slot]);
  side.extra_head_[slot] = p;
  side.qty_.Add(slot, spec.qty);
  if (!spec.market) level_pieces_.Add(side.level_[slot], 1);
}

void Book::RemoveOrder(uint32_t order) {
  RemovePieces(order);
  UpdateMarketLevel();
}

void Book::ReplacePieces(std::span<const uint32_t> orders, std::span<const Piece> pieces) {
  for (uint32_t order : orders) RemovePieces(order);
  for (const Piece& spec : pieces) {
    if (piece_count_[spec.order] == 0) {
      piece_begin_[spec.order] = static_cast<uint32_t>(pieces_.size());
    }
    PP_CHECK(piece_begin_[spec.order] + piece_count_[spec.order] == pieces_.size());
    ++piece_count_[spec.order];
    AddPiece(spec);
  }
  UpdateMarketLevel();
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
  const uint64_t before = level_pieces_.Prefix(l);
  if (before == 0) return std::nullopt;
  return level_pieces_.FirstBeyond(before - 1);
}

std::optional<size_t> Book::NonEmptyFrom(size_t l) const {
  const uint64_t before = level_pieces_.Prefix(l);
  if (before == level_pieces_.Total()) return std::nullopt;
  return level_pieces_.FirstBeyond(before);
}

}  // namespace phantompool::auction::internal
