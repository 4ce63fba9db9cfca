#include "phantompool/auction/clear.h"

#include <algorithm>
#include <string>
#include <vector>

#include "auction/batch_validation.h"
#include "auction/book.h"
#include "auction/price_rules.h"
#include "auction/self_trade.h"
#include "phantompool/auction/priority.h"
#include "phantompool/common/check.h"
#include "phantompool/common/checked_math.h"

namespace phantompool::auction {
namespace {

using internal::Book;
using internal::PriceDecision;
using internal::PriorityView;
using internal::SideBook;

// The order that would receive a partial fill below its minimum at this price and volume,
// if any. Only the last order to receive volume on a side can be filled partially, and
// only on the side with the surplus (the other side's executable orders add up to the
// volume exactly).
std::optional<uint32_t> FindMinFillShortfall(const Book& book, uint64_t price, uint64_t volume,
                                             std::span<const Order> orders) {
  for (const SideBook* side : {&book.buys(), &book.sells()}) {
    const SideBook::Marginal m = side->MarginalAt(price, volume);
    if (m.position == side->size() || m.share == 0) continue;
    const uint32_t order = side->order_at(m.position);
    if (m.share < orders[order].min_fill) return order;
  }
  return std::nullopt;
}

// Fills the first `volume` units of a side that are executable at `price`, in priority.
void AllocateSide(const SideBook& side, uint64_t price, uint64_t volume,
                  std::vector<uint64_t>& fill) {
  uint64_t remaining = volume;
  for (size_t k = side.FirstExecutable(price); k < side.size() && remaining > 0; ++k) {
    const uint64_t f = std::min(side.quantity_at(k), remaining);
    fill[side.order_at(k)] = f;
    remaining -= f;
  }
  PP_CHECK(remaining == 0);  // the volume never exceeds what a side can execute
}

// Pairs the filled buys with the filled sells, both in priority order. Owners never meet
// themselves here: after netting, no owner has a buy and a sell that both execute.
Status PairTrades(const Book& book, uint64_t price, const PairParams& pair,
                  std::span<const Order> orders, std::span<const uint64_t> owner_hash,
                  const std::vector<uint64_t>& fill, AuctionResult& result) {
  const SideBook& buys = book.buys();
  const SideBook& sells = book.sells();
  size_t b = 0, s = 0;
  uint64_t buy_left = 0, sell_left = 0;
  uint64_t total = 0;
  while (true) {
    while (buy_left == 0 && b < buys.size()) buy_left = fill[buys.order_at(b++)];
    while (sell_left == 0 && s < sells.size()) sell_left = fill[sells.order_at(s++)];
    if (buy_left == 0 || sell_left == 0) break;
    const uint32_t buy = buys.order_at(b - 1), sell = sells.order_at(s - 1);
    PP_CHECK(owner_hash[buy] != owner_hash[sell] || orders[buy].owner != orders[sell].owner);
    const uint64_t size = std::min(buy_left, sell_left);
    const auto notional = TradeNotional(size, price, pair);
    if (!notional) {
      return Status::ResourceExhausted("notional", "a trade's notional exceeds 2^64-1");
    }
    const auto sum = CheckedAdd(total, *notional);
    if (!sum) {
      return Status::ResourceExhausted("notional",
                                       "the session's notional exceeds 2^64-1 quote units");
    }
    total = *sum;
    result.orders[buy].notional += *notional;  // <= total: cannot wrap
    result.orders[sell].notional += *notional;
    result.trades.push_back({buy, sell, size, price, *notional});
    buy_left -= size;
    sell_left -= size;
  }
  PP_CHECK(buy_left == 0 && sell_left == 0);
  result.notional = total;
  return Status::Ok();
}

// Executable at `price`: a limit on the right side of it, or a market order within its
// collar (eff holds the collar).
bool ExecutableAt(const Order& order, uint64_t eff, uint64_t price) {
  return order.side == Side::kBuy ? eff >= price : eff <= price;
}

bool StrictlyBetter(const Order& order, uint64_t price) {
  if (order.type == OrderType::kMarket) return false;
  return order.side == Side::kBuy ? *order.price > price : *order.price < price;
}

}  // namespace

Result<AuctionResult> Clear(std::span<const Order> orders, const PairParams& pair,
                            const SessionInputs& session) {
  PP_RETURN_IF_ERROR(internal::ValidateBatch(orders, pair, session));
  const size_t n = orders.size();

  // One pass over the orders fills the flat arrays everything else works on.
  const PriorityRanks ranks(session.vrf_output);
  const KeyedStringHash owner_hasher(session.vrf_output, kOwnerGroupLabel);
  std::vector<uint64_t> rank(n), eff(n), owner_hash(n);
  std::vector<uint8_t> flags(n), live(n);
  for (size_t i = 0; i < n; ++i) {
    const Order& o = orders[i];
    const bool buy = o.side == Side::kBuy;
    rank[i] = ranks.RankOf(o.id);
    eff[i] = o.type == OrderType::kLimit ? *o.price : buy ? pair.collar_price : pair.collar_low;
    flags[i] = static_cast<uint8_t>((buy ? internal::kFlagBuy : 0) |
                                    (o.type == OrderType::kMarket ? internal::kFlagMarket : 0));
    // Expiry: a gtt order takes part while now < expiry.
    live[i] = !(o.validity == Validity::kGtt && *session.now >= *o.expiry);
    if (live[i]) owner_hash[i] = owner_hasher(o.owner);
  }
  PP_RETURN_IF_ERROR(internal::CheckDuplicateIds(orders, rank));

  // Self-trade netting, then what each order can still offer. An order netted below its
  // minimum fill cannot trade at all.
  const PriorityView view{orders, eff, rank, flags};
  std::vector<uint64_t> withheld(n, 0);
  internal::NetSelfCrossingOrders(view, live, owner_hash, withheld);
  std::vector<UnfilledReason> left_out(n, UnfilledReason::kNone);
  std::vector<uint64_t> avail(n, 0);
  for (size_t i = 0; i < n; ++i) {
    if (!live[i]) continue;
    const uint64_t a = orders[i].size - withheld[i];
    if (a == 0 || a < orders[i].min_fill) {
      left_out[i] = UnfilledReason::kSelfTrade;
    } else {
      avail[i] = a;
    }
  }

  // Price, and the minimum-fill rule: each round either accepts the allocation or leaves
  // one order out for good, so there are at most (orders with min_fill > 1) + 1 rounds.
  Book book(view, avail, pair, session.reference_price);
  PriceDecision decision;
  while (true) {
    decision = internal::DeterminePrice(book, pair, session.reference_price);
    if (!decision.price) break;
    const auto shortfall = FindMinFillShortfall(book, *decision.price, decision.volume, orders);
    if (!shortfall) break;
    book.Remove(*shortfall);
    left_out[*shortfall] = UnfilledReason::kMinFill;
  }

  AuctionResult result;
  result.orders.resize(n);
  std::vector<uint64_t> fill(n, 0);
  if (decision.price) {
    result.clearing_price = decision.price;
    result.volume = decision.volume;
    result.rule = decision.rule;
    AllocateSide(book.buys(), *decision.price, decision.volume, fill);
    AllocateSide(book.sells(), *decision.price, decision.volume, fill);
    PP_RETURN_IF_ERROR(PairTrades(book, *decision.price, pair, orders, owner_hash, fill, result));
  }

  for (size_t i = 0; i < n; ++i) {
    const Order& o = orders[i];
    OrderOutcome& out = result.orders[i];
    out.filled = fill[i];
    out.remaining = o.size - fill[i];
    out.withheld = withheld[i];
    if (out.remaining == 0) {
      out.reason = UnfilledReason::kNone;
    } else if (!live[i]) {
      out.reason = UnfilledReason::kExpired;
    } else if (left_out[i] != UnfilledReason::kNone) {
      out.reason = left_out[i];
    } else if (withheld[i] > 0) {
      out.reason = UnfilledReason::kSelfTrade;
    } else if (!decision.price) {
      out.reason = UnfilledReason::kNoPrice;
    } else if (!ExecutableAt(o, eff[i], *decision.price)) {
      out.reason = UnfilledReason::kNotExecutable;
    } else if (StrictlyBetter(o, *decision.price)) {
      out.reason = UnfilledReason::kMarketPriority;
    } else {
      out.reason = UnfilledReason::kRationed;
    }
    if (!live[i]) {
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
