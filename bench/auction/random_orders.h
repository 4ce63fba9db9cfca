// Random batches for the auction benchmarks (bench_auction): the same orders for clearing
// in memory and for the replay through the binary.
#pragma once

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "phantompool/auction/order.h"
#include "phantompool/order/pair_spec.h"

namespace phantompool::bench {

using auction::Order;
using auction::OrderType;
using auction::Side;
using auction::Validity;

// The built-in SOL/USDC pair with a narrow market-order band around the random prices.
inline order::PairSpec BenchPair() {
  order::PairFields fields = order::FindBuiltinPair("SOL/USDC", "pair").value().fields();
  fields.market_sell_collar = 9'000;
  fields.market_buy_collar = 11'000;
  return order::PairSpec::Create(fields).value();
}

// snprintf rather than "o" + std::to_string(i): GCC 12 at -O3 warns falsely (-Wrestrict)
// about the latter, and warnings are errors.
template <typename... Args>
std::string Text(const char* format, Args... args) {
  char buf[64];
  const int len = std::snprintf(buf, sizeof buf, format, args...);
  return std::string(buf, static_cast<size_t>(len));
}

// Buys spread over [9000, 10600), sells over [9400, 11000): 1,600 levels a side, crossing
// in the middle. 5% market orders, 10% with a minimum fill, 10% ioc, 10% gtt (half of them
// expired), one owner per eight orders (so some owners cross themselves).
inline std::vector<Order> RandomOrders(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Order> orders(n);
  for (size_t i = 0; i < n; ++i) {
    Order& o = orders[i];
    o.id = Text("o%zu", i);
    o.owner = Text("u%llu", static_cast<unsigned long long>(rng() % (n / 8 + 1)));
    o.side = rng() % 2 ? Side::kBuy : Side::kSell;
    o.type = rng() % 20 == 0 ? OrderType::kMarket : OrderType::kLimit;
    if (o.type == OrderType::kLimit) {
      o.price = (o.side == Side::kBuy ? 9'000 : 9'400) + rng() % 1'600;
    }
    o.size = 1 + rng() % 10'000;
    if (rng() % 10 == 0) o.min_fill = 1 + rng() % o.size;
    switch (rng() % 10) {
      case 0:
        o.validity = Validity::kIoc;
        break;
      case 1:
        o.validity = Validity::kGtt;
        o.expiry = 1'000'000 - 500 + rng() % 1'000;
        break;
      default:
        break;
    }
  }
  return orders;
}

}  // namespace phantompool::bench
