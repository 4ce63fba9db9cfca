#include "phantompool/auction/pair_params.h"

#include <array>
#include <string>

namespace phantompool::auction {
namespace {

using u128 = unsigned __int128;

Status Invalid(std::string_view field, std::string why) {
  return Status::InvalidArgument("pair." + std::string(field), std::move(why));
}

// The seed's three pairs in the units of docs/order.md: a size counts lots (SOL: 0.001 SOL,
// USDT: 1 USDT), a price counts ticks (0.01 quote per SOL, 0.0001 USDC per USDT), and one
// lot at one tick is worth quote_per_tick quote ledger units (micro-USDC/USDT). Sizes are
// already lots, so base_scale is 1 and every notional is exact. The collars are the
// operator's market-order band ([$50, $500] for SOL); like every pair parameter they are
// meant to be moved with the market.
const std::array<PairParams, 3> kKnownPairs = {{
    {.name = "SOL/USDC",
     .tick_size = 1,
     .min_price = 1,
     .max_price = 10'000'000,
     .quote_per_tick = 10,
     .base_scale = 1,
     .min_order_size = 1,
     .max_order_size = 1'000'000'000,
     .collar_low = 5'000,
     .collar_price = 50'000},
    {.name = "USDT/USDC",
     .tick_size = 1,
     .min_price = 1,
     .max_price = 100'000,
     .quote_per_tick = 100,
     .base_scale = 1,
     .min_order_size = 1,
     .max_order_size = 1'000'000'000,
     .collar_low = 9'000,
     .collar_price = 11'000},
    {.name = "SOL/USDT",
     .tick_size = 1,
     .min_price = 1,
     .max_price = 10'000'000,
     .quote_per_tick = 10,
     .base_scale = 1,
     .min_order_size = 1,
     .max_order_size = 1'000'000'000,
     .collar_low = 5'000,
     .collar_price = 50'000},
}};

}  // namespace

bool IsValidPrice(const PairParams& pair, uint64_t price) {
  return pair.tick_size != 0 && price % pair.tick_size == 0 && price >= pair.min_price &&
         price <= pair.max_price;
}

Status ValidatePairParams(const PairParams& pair) {
  if (pair.name.empty() || pair.name.size() > 32) {
    return Invalid("name", "must be 1 to 32 characters");
  }
  for (char c : pair.name) {
    if (c <= 0x20 || c > 0x7e) return Invalid("name", "must be printable ASCII without spaces");
  }
  if (pair.tick_size == 0) return Invalid("tick_size", "must be positive");
  if (pair.quote_per_tick == 0) return Invalid("quote_per_tick", "must be positive");
  if (pair.base_scale == 0) return Invalid("base_scale", "must be positive");
  if (pair.min_price == 0 || pair.min_price % pair.tick_size != 0) {
    return Invalid("min_price", "must be a positive multiple of tick_size");
  }
  if (pair.max_price < pair.min_price || pair.max_price % pair.tick_size != 0) {
    return Invalid("max_price", "must be a multiple of tick_size, at least min_price");
  }
  if (!IsValidPrice(pair, pair.collar_low)) {
    return Invalid("collar_low", "must be a grid price within [min_price, max_price]");
  }
  if (!IsValidPrice(pair, pair.collar_price) || pair.collar_price < pair.collar_low) {
    return Invalid("collar_price", "must be a grid price within [collar_low, max_price]");
  }
  if (pair.min_order_size == 0) return Invalid("min_order_size", "must be positive");
  if (pair.max_order_size < pair.min_order_size) {
    return Invalid("max_order_size", "must be at least min_order_size");
  }
  if (!TradeNotional(pair.max_order_size, pair.max_price, pair).has_value()) {
    return Invalid("max_order_size",
                   "the notional of max_order_size at max_price does not fit in 64 bits");
  }
  return Status::Ok();
}

std::optional<uint64_t> TradeNotional(uint64_t size, uint64_t price, const PairParams& pair) {
  if (pair.base_scale == 0) return std::nullopt;
  // size * price fits in 128 bits; multiplying by quote_per_tick may not, so divide first:
  // a = q * scale + r  =>  a * qpt / scale = q * qpt + (r * qpt) / scale, exactly, with
  // r * qpt < 2^128 because r < scale < 2^64.
  const u128 a = static_cast<u128>(size) * price;
  const u128 q = a / pair.base_scale;
  const u128 r = a % pair.base_scale;
  if (q != 0 && q > static_cast<u128>(UINT64_MAX) / pair.quote_per_tick) return std::nullopt;
  const u128 whole = q * pair.quote_per_tick;
  const u128 part = r * pair.quote_per_tick / pair.base_scale;  // floor: rounding down
  const u128 total = whole + part;  // whole <= 2^64-1 and part < 2^64: no 128-bit wrap
  if (total > UINT64_MAX) return std::nullopt;
  return static_cast<uint64_t>(total);
}

std::span<const PairParams> KnownPairs() {
  return kKnownPairs;
}

Result<PairParams> FindKnownPair(std::string_view name, std::string_view field) {
  for (const PairParams& pair : kKnownPairs) {
    if (pair.name == name) return pair;
  }
  std::string names;
  for (const PairParams& pair : kKnownPairs) names += (names.empty() ? "" : ", ") + pair.name;
  return Status::InvalidArgument(
      std::string(field),
      "unknown pair '" + std::string(name.substr(0, 32)) + "' (known: " + names + ")");
}

}  // namespace phantompool::auction
