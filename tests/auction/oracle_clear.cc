#include "oracle_clear.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "oracle_internal.h"

namespace phantompool::auction::testing {
namespace {

using oracle::AllocatePieces;
using oracle::Ctx;
using oracle::Executable;
using oracle::MakeCtx;
using oracle::Shortfalls;
using u128 = unsigned __int128;

struct Decision {
  std::optional<uint64_t> price;
  uint64_t volume = 0;
  PriceRule rule = PriceRule::kNone;
};

uint64_t Nearest(const order::PairSpec& pair, uint64_t lo, uint64_t hi, uint64_t ref) {
  std::optional<uint64_t> best;
  for (uint64_t q = pair.min_price(); q <= pair.max_price(); q += pair.tick_size()) {
    if (q < lo || q > hi) continue;
    const uint64_t d = q > ref ? q - ref : ref - q;
    const uint64_t bd = !best ? UINT64_MAX : *best > ref ? *best - ref : ref - *best;
    if (d < bd) best = q;
  }
  return *best;
}

Decision Decide(const Ctx& c, const std::vector<OraclePiece>& pieces) {
  const order::PairSpec& pair = c.pair;
  std::set<uint64_t> limit_thresholds;
  uint64_t market_buy = 0, market_sell = 0;
  for (const OraclePiece& x : pieces) {
    if (!x.market) limit_thresholds.insert(x.threshold);
    if (x.market) (c.Buy(x.order) ? market_buy : market_sell) += x.qty;
  }
  const uint64_t ref_in_collars =
      std::clamp(c.session.reference_price, pair.market_sell_collar(), pair.market_buy_collar());
  struct Row {
    uint64_t p, d, s;
    bool admissible;
    uint64_t v() const { return std::min(d, s); }
    uint64_t surplus() const { return d > s ? d - s : s - d; }
  };
  std::vector<Row> grid;
  for (uint64_t p = pair.min_price(); p <= pair.max_price(); p += pair.tick_size()) {
    Row r{p, 0, 0,
          limit_thresholds.count(p) > 0 ||
              (market_buy > 0 && market_sell > 0 && p == ref_in_collars)};
    for (const OraclePiece& x : pieces) {
      if (!Executable(c.Buy(x.order), x.threshold, p)) continue;
      (c.Buy(x.order) ? r.d : r.s) += x.qty;
    }
    grid.push_back(r);
  }
  Decision out;
  for (const Row& r : grid) {
    if (r.admissible) out.volume = std::max(out.volume, r.v());
  }
  if (out.volume == 0) return out;
  std::vector<Row> t1, t2;
  for (const Row& r : grid) {
    if (r.admissible && r.v() == out.volume) t1.push_back(r);
  }
  uint64_t m = UINT64_MAX;
  for (const Row& r : t1) m = std::min(m, r.surplus());
  for (const Row& r : t1) {
    if (r.surplus() == m) t2.push_back(r);
  }
  const bool all_buy = std::all_of(t2.begin(), t2.end(), [](const Row& r) { return r.d > r.s; });
  const bool all_sell = std::all_of(t2.begin(), t2.end(), [](const Row& r) { return r.d < r.s; });
  if (t1.size() == 1) {
    out.price = t1[0].p, out.rule = PriceRule::kMaxVolume;
  } else if (t2.size() == 1) {
    out.price = t2[0].p, out.rule = PriceRule::kMinSurplus;
  } else if (all_buy) {
    out.price = t2.back().p, out.rule = PriceRule::kBuyPressure;
  } else if (all_sell) {
    out.price = t2.front().p, out.rule = PriceRule::kSellPressure;
  } else {
    uint64_t lo = t2.front().p, hi = t2.back().p;
    if (m > 0) {
      for (const Row& r : t2) {
        if (r.d > r.s) lo = r.p;  // the highest price with a buy surplus
      }
      for (auto it = t2.rbegin(); it != t2.rend(); ++it) {
        if (it->d < it->s) hi = it->p;  // the lowest with a sell surplus
      }
    }
    out.price = Nearest(pair, lo, hi, c.session.reference_price);
    out.rule = PriceRule::kReference;
  }
  // Only market orders trade at that price: the reference price, between the collars and
  // the best limits.
  const std::vector<uint64_t> fill = AllocatePieces(c, pieces, *out.price, out.volume);
  bool only_market = true;
  for (size_t k = 0; k < pieces.size(); ++k) {
    if (fill[k] > 0 && !pieces[k].market) only_market = false;
  }
  if (only_market) {
    uint64_t lo = pair.market_sell_collar(), hi = pair.market_buy_collar();
    for (const OraclePiece& x : pieces) {
      if (x.market) continue;
      if (c.Buy(x.order)) lo = std::max(lo, x.threshold);
      if (!c.Buy(x.order)) hi = std::min(hi, x.threshold);
    }
    if (lo <= hi) {
      out.price = Nearest(pair, lo, hi, c.session.reference_price);
      out.rule = PriceRule::kMarketOnlyReference;
    }
  }
  return out;
}

}  // namespace

std::vector<OraclePiece> OracleNet(std::span<const Order> orders, const order::PairSpec& pair,
                                   const SessionInputs& session,
                                   const std::vector<bool>& take_part) {
  const Ctx c = MakeCtx(orders, pair, session);
  std::map<std::string, std::vector<size_t>> by_owner;
  for (size_t i = 0; i < orders.size(); ++i) {
    if (take_part[i]) by_owner[orders[i].owner].push_back(i);
  }
  std::vector<OraclePiece> pieces;
  const uint64_t tick = pair.tick_size();
  for (const auto& [owner, list] : by_owner) {
    std::vector<size_t> buys, sells;
    for (size_t i : list) (c.Buy(i) ? buys : sells).push_back(i);
    auto before = [&](size_t a, size_t b) { return c.NettingBefore(a, b); };
    std::sort(buys.begin(), buys.end(), before);
    std::sort(sells.begin(), sells.end(), before);
    std::map<size_t, uint64_t> netted;
    std::map<size_t, std::map<uint64_t, uint64_t>> synthetic;  // order -> threshold -> qty
    size_t b = 0, s = 0;
    while (b < buys.size() && s < sells.size() && c.eff[buys[b]] >= c.eff[sells[s]]) {
      const size_t buy = buys[b], sell = sells[s];
      const uint64_t q = std::min(orders[buy].size - netted[buy], orders[sell].size - netted[sell]);
      netted[buy] += q;
      netted[sell] += q;
      // The buy's lots stay executable below the sell's price, the sell's above the buy's.
      if (c.eff[sell] >= pair.min_price() + tick) synthetic[buy][c.eff[sell] - tick] += q;
      if (c.eff[buy] + tick <= pair.max_price()) synthetic[sell][c.eff[buy] + tick] += q;
      if (netted[buy] == orders[buy].size) ++b;
      if (netted[sell] == orders[sell].size) ++s;
    }
    for (size_t i : list) {
      if (orders[i].size > netted[i]) {
        pieces.push_back({i, orders[i].size - netted[i], c.eff[i], c.Market(i)});
      }
      for (const auto& [threshold, q] : synthetic[i]) pieces.push_back({i, q, threshold, false});
    }
  }
  return pieces;
}

AuctionResult OracleClear(std::span<const Order> orders, const order::PairSpec& pair,
                          const SessionInputs& session) {
  const size_t n = orders.size();
  const Ctx c = MakeCtx(orders, pair, session);
  std::vector<bool> live(n), take_part(n), left_out(n, false);
  for (size_t i = 0; i < n; ++i) {
    live[i] = !(orders[i].validity == Validity::kGtt && *session.now >= *orders[i].expiry);
    take_part[i] = live[i];
  }
  std::vector<OraclePiece> pieces;
  Decision d;
  while (true) {
    pieces = OracleNet(orders, pair, session, take_part);
    d = Decide(c, pieces);
    if (!d.price) break;
    const std::vector<size_t> out = Shortfalls(c, pieces, *d.price, d.volume);
    if (out.empty()) break;
    for (size_t i : out) take_part[i] = false, left_out[i] = true;
  }

  AuctionResult r;
  r.orders.resize(n);
  std::vector<uint64_t> fill(n, 0);
  if (d.price) {
    r.clearing_price = d.price;
    r.volume = d.volume;
    r.rule = d.rule;
    const std::vector<uint64_t> piece_fill = AllocatePieces(c, pieces, *d.price, d.volume);
    for (size_t k = 0; k < pieces.size(); ++k) fill[pieces[k].order] += piece_fill[k];
    std::vector<size_t> buys, sells;
    for (size_t i = 0; i < n; ++i) {
      if (fill[i] > 0) (c.Buy(i) ? buys : sells).push_back(i);
    }
    auto before = [&](size_t a, size_t b) { return c.PriorityBefore(a, b); };
    std::sort(buys.begin(), buys.end(), before);
    std::sort(sells.begin(), sells.end(), before);
    size_t b = 0, s = 0;
    uint64_t bl = buys.empty() ? 0 : fill[buys[0]], sl = sells.empty() ? 0 : fill[sells[0]];
    while (b < buys.size() && s < sells.size()) {
      const uint64_t q = std::min(bl, sl);
      const uint64_t notional = q * *d.price * pair.quote_per_tick();
      r.trades.push_back(
          {static_cast<uint32_t>(buys[b]), static_cast<uint32_t>(sells[s]), q, *d.price, notional});
      r.notional += notional;
      r.orders[buys[b]].notional += notional;
      r.orders[sells[s]].notional += notional;
      bl -= q, sl -= q;
      if (bl == 0 && ++b < buys.size()) bl = fill[buys[b]];
      if (sl == 0 && ++s < sells.size()) sl = fill[sells[s]];
    }
  }
  for (size_t i = 0; i < n; ++i) {
    const Order& o = orders[i];
    OrderOutcome& out = r.orders[i];
    out.filled = fill[i];
    out.remaining = o.size - fill[i];
    const bool executable = d.price && Executable(c.Buy(i), c.eff[i], *d.price);
    if (live[i] && !left_out[i] && executable) {
      uint64_t offer = 0;
      for (const OraclePiece& x : pieces) {
        if (x.order == i && Executable(c.Buy(i), x.threshold, *d.price)) offer += x.qty;
      }
      out.withheld = o.size - offer;
    }
    if (out.remaining == 0) {
      out.reason = UnfilledReason::kNone;
    } else if (!live[i]) {
      out.reason = UnfilledReason::kExpired;
    } else if (left_out[i]) {
      out.reason = UnfilledReason::kMinFill;
    } else if (!d.price) {
      out.reason = UnfilledReason::kNoPrice;
    } else if (!executable) {
      out.reason = UnfilledReason::kNotExecutable;
    } else if (out.remaining == out.withheld) {
      out.reason = UnfilledReason::kSelfTrade;
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
      out.status = fill[i] > 0 ? OrderStatus::kPartiallyFilled : OrderStatus::kOpen;
    }
  }
  return r;
}

}  // namespace phantompool::auction::testing
