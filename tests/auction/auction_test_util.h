// Builders shared by the auction tests: orders, a small test pair and sessions.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "phantompool/auction/clear.h"

namespace phantompool::auction::testing {

// The fields of a test pair: prices 1..1000 on a grid of 1, notional = size * price
// (quote_per_tick 1), market orders bounded to [50, 150].
inline order::PairFields TestPairFields() {
  return {.symbol = "TEST/USD",
          .base_token = "test-base-mint",
          .quote_token = "test-quote-mint",
          .base_token_name = "TEST",
          .quote_token_name = "USD",
          .base_decimals = 0,
          .quote_decimals = 0,
          .base_lot = 1,
          .quote_per_tick = 1,
          .tick_size = 1,
          .min_price = 1,
          .max_price = 1000,
          .market_sell_collar = 50,
          .market_buy_collar = 150,
          .min_order_size = 1,
          .max_order_size = 1'000'000'000,
          .fee_bps = 0,
          .batch_period_ms = 1000,
          .batch_max_orders = 10000};
}

// A pair from fields a test knows to be valid.
inline order::PairSpec MakePair(const order::PairFields& fields) {
  auto pair = order::PairSpec::Create(fields);
  if (!pair.ok()) {
    std::fprintf(stderr, "MakePair: %s\n", pair.status().ToString().c_str());
    std::abort();
  }
  return std::move(pair).value();
}

inline order::PairSpec TestPair() {
  return MakePair(TestPairFields());
}

inline std::array<uint8_t, 32> Vrf(uint8_t seed) {
  std::array<uint8_t, 32> v{};
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<uint8_t>(seed * 31 + i * 7 + 1);
  return v;
}

inline SessionInputs Session(uint64_t reference_price, uint8_t vrf_seed = 1,
                             std::optional<uint64_t> now = std::nullopt) {
  return {.reference_price = reference_price, .vrf_output = Vrf(vrf_seed), .now = now};
}

// A limit order; the owner defaults to one of its own ("u-<id>").
inline Order Limit(std::string id, Side side, uint64_t price, uint64_t size, uint64_t min_fill = 0,
                   std::string owner = "") {
  Order o;
  o.owner = owner.empty() ? "u-" + id : owner;
  o.id = std::move(id);
  o.side = side;
  o.type = OrderType::kLimit;
  o.price = price;
  o.size = size;
  o.min_fill = min_fill;
  return o;
}

inline Order Market(std::string id, Side side, uint64_t size, uint64_t min_fill = 0,
                    std::string owner = "") {
  Order o;
  o.owner = owner.empty() ? "u-" + id : owner;
  o.id = std::move(id);
  o.side = side;
  o.type = OrderType::kMarket;
  o.size = size;
  o.min_fill = min_fill;
  return o;
}

inline Order WithValidity(Order o, Validity validity, std::optional<uint64_t> expiry = {}) {
  o.validity = validity;
  o.expiry = expiry;
  return o;
}

inline Order WithOwner(Order o, std::string owner) {
  o.owner = std::move(owner);
  return o;
}

}  // namespace phantompool::auction::testing

namespace phantompool::auction::testing {

// "<prefix><n>", built by appending: GCC 12 at -O3 warns (-Wrestrict, a false positive)
// on `"o" + std::to_string(n)`.
inline std::string Id(std::string_view prefix, uint64_t n) {
  std::string s(prefix);
  s += std::to_string(n);
  return s;
}

}  // namespace phantompool::auction::testing
