// Clearing random batches of 1,000, 100,000 and 1,000,000 orders, against std::sort of the
// same orders by price: the target is clear_1m <= 3 x sort_1m (docs/auction.md,
// section 9).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "harness.h"
#include "phantompool/auction/clear.h"
#include "random_orders.h"

namespace phantompool::bench {
namespace {

uint64_t SortKey(const Order& o, const order::PairSpec& pair) {
  if (o.price) return *o.price;
  return o.side == Side::kBuy ? pair.market_buy_collar() : pair.market_sell_collar();
}

// std::sort of the orders by price: copy + sort, minus the copy.
double SortOrdersNs(const std::vector<Order>& orders, const order::PairSpec& pair) {
  std::vector<Order> copy;
  const double copy_ns = MeasureNs([&] {
    copy = orders;
    DoNotOptimize(copy.data());
  });
  const double copy_sort_ns = MeasureNs([&] {
    copy = orders;
    std::sort(copy.begin(), copy.end(),
              [&](const Order& a, const Order& b) { return SortKey(a, pair) < SortKey(b, pair); });
    DoNotOptimize(copy.data());
  });
  return copy_sort_ns - copy_ns;
}

void ClearBatches(Figures& f) {
  const order::PairSpec pair = BenchPair();
  const auction::SessionInputs session{
      .reference_price = 10'000, .vrf_output = {7}, .now = 1'000'000};
  double clear_100k = 0, sort_100k = 0;
  for (const auto& [name, n] :
       {std::pair<const char*, size_t>{"1k", 1'000}, {"100k", 100'000}, {"1m", 1'000'000}}) {
    const std::vector<Order> orders = RandomOrders(n, n);
    auto first = auction::Clear(orders, pair, session);
    if (!first.ok()) {
      std::printf("clear failed: %s\n", first.status().ToString().c_str());
      std::exit(1);
    }
    const double ns = MeasureNs([&] { DoNotOptimize(auction::Clear(orders, pair, session)); });
    f.AddNs(Text("clear_%s_ns", name), ns);
    f.Add(Text("clear_%s_per_order_ns", name), ns / static_cast<double>(n), "ns");
    if (n == 100'000) {
      clear_100k = ns;
      sort_100k = SortOrdersNs(orders, pair);
      f.AddNs("sort_100k_ns", sort_100k);
    }
    if (n != 1'000'000) continue;
    f.Add("trades_1m", static_cast<double>(first->trades.size()), "trades");
    f.Add("volume_1m", static_cast<double>(first->volume), "lots");
    f.Add("clear_growth_100k_to_1m", ns / clear_100k, "x (10 = linear)");

    const double sort_ns = SortOrdersNs(orders, pair);
    f.AddNs("sort_1m_ns", sort_ns);
    f.Add("sort_growth_100k_to_1m", sort_ns / sort_100k, "x");
    f.Add("clear_to_sort_ratio_1m", ns / sort_ns, "x");
    // A stricter yardstick: sorting (price, index) pairs, no strings moved.
    std::vector<std::pair<uint64_t, uint32_t>> keys(n), key_copy;
    for (size_t i = 0; i < n; ++i) keys[i] = {SortKey(orders[i], pair), static_cast<uint32_t>(i)};
    const double key_copy_ns = MeasureNs([&] {
      key_copy = keys;
      DoNotOptimize(key_copy.data());
    });
    const double key_sort_ns = MeasureNs([&] {
                                 key_copy = keys;
                                 std::sort(key_copy.begin(), key_copy.end());
                                 DoNotOptimize(key_copy.data());
                               }) -
                               key_copy_ns;
    f.AddNs("sort_keys_1m_ns", key_sort_ns);
    f.Add("clear_to_key_sort_ratio_1m", ns / key_sort_ns, "x");
  }
}

PP_BENCH_PART("auction", "00_clear", ClearBatches);

}  // namespace
}  // namespace phantompool::bench
