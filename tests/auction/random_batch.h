// Seeded random batches for the property tests: every run sees the same batches.
//
// Prices sit on a grid of tick_size 1 or 5 around 100 ticks, collars [95, 105] ticks, the
// reference anywhere from 85 to 115; a few orders sit at the grid's ends (so self-trade
// pieces fall off it); a third of the batches have a handful of owners (who often cross
// themselves); market orders, minimum fills, ioc and gtt orders (about half expired at
// now = 1000) are all common.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "auction_test_util.h"

namespace phantompool::auction::testing {

struct GenOptions {
  size_t max_orders = 12;
  bool min_fill = true;
  bool huge_sizes = false;  // sizes near 2^32: sums must not wrap
};

struct Batch {
  order::PairSpec pair;
  std::vector<Order> orders;
  SessionInputs session;
};

inline order::PairSpec PropertyPair(uint64_t tick, bool huge) {
  order::PairFields f = TestPairFields();
  f.tick_size = tick;
  f.min_price = tick;
  f.max_price = 200 * tick;
  f.market_sell_collar = 95 * tick;
  f.market_buy_collar = 105 * tick;
  if (huge) {
    f.max_order_size = order::kMaxPairValue;
    f.quote_per_tick = 1000;  // 2^32 lots at 1000 ticks: 2^52 units a trade
  }
  return MakePair(f);
}

inline Batch RandomBatch(std::mt19937_64& rng, const GenOptions& opt) {
  // One rng() call per statement: the order in which function arguments are evaluated is
  // unspecified, and the batches must be the same with every compiler.
  const uint64_t tick = rng() % 3 == 0 ? 5 : 1;
  Batch b{PropertyPair(tick, opt.huge_sizes), {}, {}};
  const uint64_t reference = (85 + rng() % 31) * tick;
  const auto vrf_seed = static_cast<uint8_t>(rng());
  b.session = Session(reference, vrf_seed, 1000);
  const size_t n = rng() % (opt.max_orders + 1);
  const size_t owners = rng() % 3 == 0 ? 1 + rng() % 4 : 2 * n + 1;
  for (size_t i = 0; i < n; ++i) {
    Order o;
    o.id = Id("o", i);
    o.owner = Id("u", rng() % owners);
    o.side = rng() % 2 ? Side::kBuy : Side::kSell;
    o.type = rng() % 6 == 0 ? OrderType::kMarket : OrderType::kLimit;
    if (o.type == OrderType::kLimit) {
      const uint64_t r = rng() % 100;
      o.price = r == 0 ? b.pair.min_price() : r == 1 ? b.pair.max_price() : (90 + r % 21) * tick;
    }
    // Round sizes half of the time: equal volumes and zero surpluses, so ties, are common.
    const uint64_t jitter = rng() % 1000;
    o.size = opt.huge_sizes ? order::kMaxPairValue - jitter
             : rng() % 2    ? 1 + rng() % 20
                            : 5 * (1 + rng() % 4);
    if (opt.min_fill && rng() % 4 == 0) o.min_fill = 1 + rng() % o.size;
    switch (rng() % 5) {
      case 0:
        o.validity = Validity::kIoc;
        break;
      case 1:
        o.validity = Validity::kGtt;
        o.expiry = 995 + rng() % 10;
        break;
      default:
        o.validity = Validity::kGtc;
    }
    b.orders.push_back(std::move(o));
  }
  return b;
}

inline uint64_t Eff(const Order& o, const order::PairSpec& pair) {
  if (o.price) return *o.price;
  return o.side == Side::kBuy ? pair.market_buy_collar() : pair.market_sell_collar();
}

inline bool Live(const Order& o, const SessionInputs& s) {
  return !(o.validity == Validity::kGtt && *s.now >= *o.expiry);
}

inline bool AnyMinFill(const Batch& b) {
  return std::any_of(b.orders.begin(), b.orders.end(),
                     [](const Order& o) { return o.min_fill > 1; });
}

}  // namespace phantompool::auction::testing
