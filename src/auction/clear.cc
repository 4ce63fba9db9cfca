#include "phantompool/auction/clear.h"

#include <algorithm>
#include <vector>

#include "auction/allocation.h"
#include "auction/batch_validation.h"
#include "auction/book.h"
#include "auction/min_fill.h"
#include "auction/owners.h"
#include "auction/price_rules.h"
#include "auction/self_trade.h"
#include "phantompool/auction/priority.h"
#include "phantompool/common/check.h"

namespace phantompool::auction {
namespace {

using internal::Book;
using internal::OrderView;
using internal::OwnerGroups;
using internal::Piece;

// The book's first pieces: each owner's crossing orders netted, every other order whole.
struct InitialBook {
  std::vector<Piece> pieces;                 // grouped by order
  internal::SlotKeys buy_slots, sell_slots;  // what a new netting of the owners may use
  std::vector<uint8_t> crossing;             // owner -> its orders crossed each other
};

InitialBook NetOwners(const OrderView& view, const OwnerGroups& owners, const order::PairSpec& pair,
                      internal::OwnerNetting& netting) {
  InitialBook b;
  b.pieces.reserve(view.orders.size() + view.orders.size() / 2);
  b.crossing.assign(owners.count(), 0);
  for (uint32_t owner = 0; owner < owners.count(); ++owner) {
    const auto orders = owners.OrdersOf(owner);
    if (orders.size() == 1) {
      const uint32_t i = orders[0];
      b.pieces.push_back({static_cast<uint32_t>(view.orders[i].size),
                          static_cast<uint32_t>(view.eff[i]), i, 0, view.IsMarket(i)});
    } else if (netting.Net(view, pair, orders, b.pieces)) {
      b.crossing[owner] = 1;
      internal::OwnerNetting::PotentialSlots(view, pair, orders, b.buy_slots, b.sell_slots);
    }
  }
  return b;
}

// What an order offers at `price`: its pieces executable there.
uint64_t OfferAt(const Book& book, uint32_t order, uint64_t price) {
  const internal::SideSlots& side = book.side_of(order);
  uint64_t offer = 0;
  for (const internal::Piece& p : book.PiecesOf(order)) {
    const uint64_t t = side.threshold(p.slot);
    if (p.qty > 0 && (side.IsBuy() ? t >= price : t <= price)) offer += p.qty;
  }
  return offer;
}

}  // namespace

Result<AuctionResult> Clear(std::span<const Order> orders, const order::PairSpec& pair,
                            const SessionInputs& session) {
  PP_RETURN_IF_ERROR(internal::ValidateBatch(orders, pair, session));
  const size_t n = orders.size();

  // One pass over the orders fills the flat arrays everything else works on.
  const PriorityRanks ranks(session.vrf_output);
  const OwnerRanks owner_ranks(session.vrf_output);
  std::vector<uint64_t> rank(n), eff(n), owner_hash(n);
  std::vector<uint8_t> flags(n);
  for (size_t i = 0; i < n; ++i) {
    const Order& o = orders[i];
    const bool buy = o.side == Side::kBuy;
    rank[i] = ranks.RankOf(o.id);
    eff[i] = o.type == OrderType::kLimit ? *o.price
             : buy                       ? pair.market_buy_collar()
                                         : pair.market_sell_collar();
    // Expiry: a gtt order takes part while now < expiry.
    const bool live = !(o.validity == Validity::kGtt && *session.now >= *o.expiry);
    flags[i] = static_cast<uint8_t>((buy ? internal::kFlagBuy : 0) |
                                    (o.type == OrderType::kMarket ? internal::kFlagMarket : 0) |
                                    (live ? internal::kFlagLive : 0) |
                                    (o.min_fill >= 2 ? internal::kFlagMinFill : 0));
    if (live) owner_hash[i] = owner_ranks.RankOf(o.owner);
  }
  PP_RETURN_IF_ERROR(internal::CheckDuplicateIds(orders, rank));
  const OwnerGroups owners = internal::GroupOwners(orders, flags, owner_hash);
  std::vector<uint64_t>().swap(owner_hash);  // only the grouping needed it
  const OrderView view{orders, eff, rank, flags, owners.of};

  internal::OwnerNetting netting;
  InitialBook initial = NetOwners(view, owners, pair, netting);
  // Orders with a minimum fill that netting split or cut short: only they can fall short
  // of it without a piece in the marginal slot (min_fill.h). The pieces are grouped by order.
  std::vector<uint32_t> fragile;
  std::vector<uint8_t> in_fragile(n, 0), left_out(n, 0);
  for (size_t k = 0; k < initial.pieces.size();) {
    const uint32_t i = initial.pieces[k].order;
    uint64_t offered = 0;
    size_t end = k;
    for (; end < initial.pieces.size() && initial.pieces[end].order == i; ++end) {
      offered += initial.pieces[end].qty;
    }
    if (view.HasMinFill(i) && (end - k > 1 || offered < orders[i].size)) {
      fragile.push_back(i);
      in_fragile[i] = 1;
    }
    k = end;
  }
  Book book(view, pair, session.reference_price, std::move(initial.pieces),
            std::move(initial.buy_slots), std::move(initial.sell_slots));

  // Price, and the minimum-fill rule: each round either accepts the allocation or leaves
  // orders out for good (and nets their owners again without them), so there are at most
  // (orders with min_fill >= 2) + 1 rounds.
  internal::PriceDecision decision;
  std::vector<uint32_t> shortfalls, renet, remaining;
  std::vector<Piece> pieces;
  while (true) {
    decision = internal::DeterminePrice(book, pair, session.reference_price);
    if (!decision.price) break;
    shortfalls.clear();
    internal::FindMinFillShortfalls(book, view, decision.volume, fragile, shortfalls);
    if (shortfalls.empty()) break;
    renet.clear();
    for (uint32_t i : shortfalls) {
      if (left_out[i]) continue;
      left_out[i] = 1;
      book.RemoveOrder(i);
      if (initial.crossing[owners.of[i]]) renet.push_back(owners.of[i]);
    }
    std::sort(renet.begin(), renet.end());
    renet.erase(std::unique(renet.begin(), renet.end()), renet.end());
    for (uint32_t owner : renet) {
      remaining.clear();
      for (uint32_t i : owners.OrdersOf(owner)) {
        if (!left_out[i]) remaining.push_back(i);
      }
      pieces.clear();
      netting.Net(view, pair, remaining, pieces);
      book.ReplacePieces(remaining, pieces);
      for (uint32_t i : remaining) {
        if (!in_fragile[i] && internal::IsFragile(book, view, i)) {
          fragile.push_back(i);
          in_fragile[i] = 1;
        }
      }
    }
  }

  AuctionResult result;
  std::vector<uint64_t> fill(n, 0);
  if (decision.price) {
    result.clearing_price = decision.price;
    result.volume = decision.volume;
    result.rule = decision.rule;
    internal::Allocate(book, view, owners.rank, decision.volume, fill);
    PP_RETURN_IF_ERROR(internal::PairTrades(view, pair, *decision.price, fill, result));
  }

  // Each outcome is written once (a million of them are 40 MB of fresh memory).
  result.orders.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    const Order& o = orders[i];
    const bool live = view.IsLive(i);
    OrderOutcome& out = result.orders.emplace_back();
    out.filled = fill[i];
    if (out.filled > 0) out.notional = pair.Notional(out.filled, *decision.price);
    out.remaining = o.size - fill[i];
    PP_CHECK(out.filled == 0 || out.filled >= o.min_fill);
    const bool executable = decision.price && view.ExecutableAt(i, *decision.price);
    // Withheld: what self-trade prevention kept out at the clearing price, and only there
    // (only an owner whose orders crossed has pieces that can be short of the order).
    if (live && !left_out[i] && executable && initial.crossing[owners.of[i]]) {
      out.withheld = o.size - OfferAt(book, i, *decision.price);
    }
    PP_CHECK(out.filled + out.withheld <= o.size);
    if (out.remaining == 0) {
      out.reason = UnfilledReason::kNone;
    } else if (!live) {
      out.reason = UnfilledReason::kExpired;
    } else if (left_out[i]) {
      out.reason = UnfilledReason::kMinFill;
    } else if (!decision.price) {
      out.reason = UnfilledReason::kNoPrice;
    } else if (!executable) {
      out.reason = UnfilledReason::kNotExecutable;
    } else if (out.remaining == out.withheld) {
      out.reason = UnfilledReason::kSelfTrade;
    } else {
      out.reason = UnfilledReason::kRationed;
    }
    if (!live) {
      out.status = OrderStatus::kExpired;
    } else if (out.remaining == 0) {
      out.status = OrderStatus::kFilled;
    } else if (o.validity == Validity::kIoc) {
      out.status = OrderStatus::kCancelled;
    } else {
      out.status = out.filled > 0 ? OrderStatus::kPartiallyFilled : OrderStatus::kOpen;
    }
  }
  return result;
}

}  // namespace phantompool::auction
