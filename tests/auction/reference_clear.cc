#include "reference_clear.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "phantompool/auction/priority.h"

namespace phantompool::auction::testing {
namespace {

struct Ctx {
  std::span<const Order> orders;
  std::vector<uint64_t> eff, rank, avail;
  std::vector<bool> active;  // in the book: avail > 0 and not left out
};

bool IsBuy(const Ctx& c, size_t i) {
  return c.orders[i].side == Side::kBuy;
}
bool IsMarket(const Ctx& c, size_t i) {
  return c.orders[i].type == OrderType::kMarket;
}

bool RankBefore(const Ctx& c, size_t a, size_t b) {
  if (c.rank[a] != c.rank[b]) return c.rank[a] < c.rank[b];
  return c.orders[a].id < c.orders[b].id;
}

// Allocation priority: market orders first, then limits by price, then rank.
bool Before(const Ctx& c, size_t a, size_t b) {
  if (IsMarket(c, a) != IsMarket(c, b)) return IsMarket(c, a);
  if (!IsMarket(c, a) && c.eff[a] != c.eff[b]) {
    return IsBuy(c, a) ? c.eff[a] > c.eff[b] : c.eff[a] < c.eff[b];
  }
  return RankBefore(c, a, b);
}

// Netting order: by effective price (the collar for a market order), market first, rank.
bool PriceBefore(const Ctx& c, size_t a, size_t b) {
  if (c.eff[a] != c.eff[b]) return IsBuy(c, a) ? c.eff[a] > c.eff[b] : c.eff[a] < c.eff[b];
  if (IsMarket(c, a) != IsMarket(c, b)) return IsMarket(c, a);
  return RankBefore(c, a, b);
}

bool Executable(const Ctx& c, size_t i, uint64_t p) {
  return IsBuy(c, i) ? c.eff[i] >= p : c.eff[i] <= p;
}

// Active orders of one side, executable at p, in priority order.
std::vector<size_t> Queue(const Ctx& c, bool buy, std::optional<uint64_t> p) {
  std::vector<size_t> q;
  for (size_t i = 0; i < c.orders.size(); ++i) {
    if (c.active[i] && IsBuy(c, i) == buy && (!p || Executable(c, i, *p))) q.push_back(i);
  }
  std::sort(q.begin(), q.end(), [&](size_t a, size_t b) { return Before(c, a, b); });
  return q;
}

uint64_t Quantity(const Ctx& c, bool buy, uint64_t p) {
  uint64_t sum = 0;
  for (size_t i : Queue(c, buy, p)) sum += c.avail[i];
  return sum;
}

// Fills the first `volume` units of each queue.
std::vector<uint64_t> Allocate(const Ctx& c, uint64_t p, uint64_t volume) {
  std::vector<uint64_t> fill(c.orders.size(), 0);
  for (bool buy : {true, false}) {
    uint64_t left = volume;
    for (size_t i : Queue(c, buy, p)) {
      fill[i] = std::min(left, c.avail[i]);
      left -= fill[i];
    }
  }
  return fill;
}

struct Decision {
  std::optional<uint64_t> price;
  uint64_t volume = 0;
  PriceRule rule = PriceRule::kNone;
};

Decision Decide(const Ctx& c, const PairParams& pair, uint64_t ref) {
  // Candidates: limit prices, and the reference within the collars if markets can meet.
  std::set<uint64_t> candidates;
  bool market_buy = false, market_sell = false;
  for (size_t i = 0; i < c.orders.size(); ++i) {
    if (!c.active[i]) continue;
    if (!IsMarket(c, i)) candidates.insert(c.eff[i]);
    if (IsMarket(c, i)) (IsBuy(c, i) ? market_buy : market_sell) = true;
  }
  if (market_buy && market_sell)
    candidates.insert(std::clamp(ref, pair.collar_low, pair.collar_price));
  struct Level {
    uint64_t p, d, s;
    uint64_t v() const { return std::min(d, s); }
    uint64_t surplus() const { return d > s ? d - s : s - d; }
  };
  std::vector<Level> levels;
  for (uint64_t p : candidates) levels.push_back({p, Quantity(c, true, p), Quantity(c, false, p)});
  Decision out;
  uint64_t vmax = 0;
  for (const Level& l : levels) vmax = std::max(vmax, l.v());
  if (vmax == 0) return out;
  out.volume = vmax;
  std::vector<Level> t1, t;
  for (const Level& l : levels) {
    if (l.v() == vmax) t1.push_back(l);
  }
  if (t1.size() == 1) {
    out.price = t1[0].p;
    out.rule = PriceRule::kMaxVolume;
  } else {
    uint64_t m = UINT64_MAX;
    for (const Level& l : t1) m = std::min(m, l.surplus());
    for (const Level& l : t1) {
      if (l.surplus() == m) t.push_back(l);
    }
    const bool all_buy = std::all_of(t.begin(), t.end(), [](const Level& l) { return l.d > l.s; });
    const bool all_sell = std::all_of(t.begin(), t.end(), [](const Level& l) { return l.d < l.s; });
    if (t.size() == 1) {
      out.price = t[0].p;
      out.rule = PriceRule::kMinSurplus;
    } else if (all_buy) {
      out.price = t.back().p;
      out.rule = PriceRule::kBuyPressure;
    } else if (all_sell) {
      out.price = t.front().p;
      out.rule = PriceRule::kSellPressure;
    } else {
      uint64_t lo = t.front().p, hi = t.back().p;
      if (m > 0) {
        for (const Level& l : t) {
          if (l.d > l.s) lo = l.p;  // ascending: ends at the highest buy-surplus price
        }
        for (auto it = t.rbegin(); it != t.rend(); ++it) {
          if (it->d < it->s) hi = it->p;  // ends at the lowest sell-surplus price
        }
      }
      out.price = std::clamp(ref, lo, hi);
      out.rule = PriceRule::kReference;
    }
  }
  // Only market orders trade: the reference price, within the collars and best limits.
  const std::vector<uint64_t> fill = Allocate(c, *out.price, vmax);
  bool only_market = true;
  for (size_t i = 0; i < fill.size(); ++i) {
    if (fill[i] > 0 && !IsMarket(c, i)) only_market = false;
  }
  if (only_market) {
    uint64_t lo = pair.collar_low, hi = pair.collar_price;
    for (size_t i = 0; i < c.orders.size(); ++i) {
      if (!c.active[i] || IsMarket(c, i)) continue;
      if (IsBuy(c, i)) lo = std::max(lo, c.eff[i]);
      if (!IsBuy(c, i)) hi = std::min(hi, c.eff[i]);
    }
    if (lo <= hi) {
      out.price = std::clamp(ref, lo, hi);
      out.rule = PriceRule::kMarketOnlyReference;
    }
  }
  return out;
}

}  // namespace

AuctionResult ReferenceClear(std::span<const Order> orders, const PairParams& pair,
                             const SessionInputs& session) {
  const size_t n = orders.size();
  Ctx c{orders, std::vector<uint64_t>(n), std::vector<uint64_t>(n), std::vector<uint64_t>(n),
        std::vector<bool>(n, false)};
  const PriorityRanks ranks(session.vrf_output);
  std::vector<bool> expired(n, false);
  std::vector<UnfilledReason> left_out(n, UnfilledReason::kNone);
  std::vector<uint64_t> withheld(n, 0);
  std::map<std::string, std::vector<size_t>> by_owner;
  for (size_t i = 0; i < n; ++i) {
    const Order& o = orders[i];
    c.rank[i] = ranks.RankOf(o.id);
    c.eff[i] = o.price ? *o.price : (o.side == Side::kBuy ? pair.collar_price : pair.collar_low);
    expired[i] = o.validity == Validity::kGtt && *session.now >= *o.expiry;
    if (!expired[i]) by_owner[o.owner].push_back(i);
  }
  // Self-trade: the owner's best buy against their best sell while they cross.
  for (auto& [owner, idx] : by_owner) {
    std::vector<size_t> buys, sells;
    for (size_t i : idx) (IsBuy(c, i) ? buys : sells).push_back(i);
    auto before = [&](size_t a, size_t b) { return PriceBefore(c, a, b); };
    std::sort(buys.begin(), buys.end(), before);
    std::sort(sells.begin(), sells.end(), before);
    for (size_t b = 0, s = 0; b < buys.size() && s < sells.size();) {
      if (c.eff[buys[b]] < c.eff[sells[s]]) break;
      const uint64_t q = std::min(orders[buys[b]].size - withheld[buys[b]],
                                  orders[sells[s]].size - withheld[sells[s]]);
      withheld[buys[b]] += q;
      withheld[sells[s]] += q;
      if (withheld[buys[b]] == orders[buys[b]].size) ++b;
      if (withheld[sells[s]] == orders[sells[s]].size) ++s;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (expired[i]) continue;
    const uint64_t a = orders[i].size - withheld[i];
    if (a == 0 || a < orders[i].min_fill) {
      left_out[i] = UnfilledReason::kSelfTrade;
    } else {
      c.avail[i] = a;
      c.active[i] = true;
    }
  }
  // Rounds: leave out the order whose minimum fill the allocation would break.
  Decision d;
  std::vector<uint64_t> fill(n, 0);
  while (true) {
    d = Decide(c, pair, session.reference_price);
    if (!d.price) {
      std::fill(fill.begin(), fill.end(), 0);
      break;
    }
    fill = Allocate(c, *d.price, d.volume);
    std::optional<size_t> shortfall;
    for (bool buy : {true, false}) {
      for (size_t i : Queue(c, buy, d.price)) {
        if (!shortfall && fill[i] > 0 && fill[i] < orders[i].min_fill) shortfall = i;
      }
    }
    if (!shortfall) break;
    c.active[*shortfall] = false;
    left_out[*shortfall] = UnfilledReason::kMinFill;
  }

  AuctionResult r;
  r.orders.resize(n);
  if (d.price) {
    r.clearing_price = d.price;
    r.volume = d.volume;
    r.rule = d.rule;
    std::vector<size_t> buys = Queue(c, true, d.price), sells = Queue(c, false, d.price);
    std::erase_if(buys, [&](size_t i) { return fill[i] == 0; });
    std::erase_if(sells, [&](size_t i) { return fill[i] == 0; });
    size_t b = 0, s = 0;
    uint64_t bl = buys.empty() ? 0 : fill[buys[0]], sl = sells.empty() ? 0 : fill[sells[0]];
    while (b < buys.size() && s < sells.size()) {
      const uint64_t q = std::min(bl, sl);
      const uint64_t notional = *TradeNotional(q, *d.price, pair);
      r.trades.push_back(
          {static_cast<uint32_t>(buys[b]), static_cast<uint32_t>(sells[s]), q, *d.price, notional});
      r.notional += notional;
      r.orders[buys[b]].notional += notional;
      r.orders[sells[s]].notional += notional;
      bl -= q;
      sl -= q;
      if (bl == 0 && ++b < buys.size()) bl = fill[buys[b]];
      if (sl == 0 && ++s < sells.size()) sl = fill[sells[s]];
    }
  }
  for (size_t i = 0; i < n; ++i) {
    const Order& o = orders[i];
    OrderOutcome& out = r.orders[i];
    out.filled = fill[i];
    out.remaining = o.size - fill[i];
    out.withheld = withheld[i];
    if (out.remaining == 0) {
      out.reason = UnfilledReason::kNone;
    } else if (expired[i]) {
      out.reason = UnfilledReason::kExpired;
    } else if (left_out[i] != UnfilledReason::kNone) {
      out.reason = left_out[i];
    } else if (withheld[i] > 0) {
      out.reason = UnfilledReason::kSelfTrade;
    } else if (!d.price) {
      out.reason = UnfilledReason::kNoPrice;
    } else if (!Executable(c, i, *d.price)) {
      out.reason = UnfilledReason::kNotExecutable;
    } else if (!IsMarket(c, i) && (IsBuy(c, i) ? c.eff[i] > *d.price : c.eff[i] < *d.price)) {
      out.reason = UnfilledReason::kMarketPriority;
    } else {
      out.reason = UnfilledReason::kRationed;
    }
    if (expired[i]) {
      out.status = OrderStatus::kExpired;
    } else if (out.remaining == 0) {
      out.status = OrderStatus::kFilled;
    } else if (o.validity == Validity::kIoc) {
      out.status = OrderStatus::kCancelled;
    } else {
      out.status = fill[i] > 0 ? OrderStatus::kPartiallyFilled : OrderStatus::kOpen;
    }
  }
  return r;
}

}  // namespace phantompool::auction::testing
