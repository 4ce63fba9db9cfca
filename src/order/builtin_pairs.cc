// The built-in pairs: the seed's three, in the units of docs/order.md. A size counts lots
// (SOL: 0.001 SOL = 10^6 lamports; USDT: 1 USDT = 10^6 units), a price counts ticks
// (0.01 quote per SOL, 0.0001 USDC per USDT), and one lot at one tick is worth
// quote_per_tick quote ledger units (micro-USDC / micro-USDT). The collars are the
// operator's market-order band ([$50, $500] for SOL), meant to be moved with the market.
#include <vector>

#include "phantompool/common/check.h"
#include "phantompool/order/pair_spec.h"

namespace phantompool::order {
namespace {

constexpr const char* kSolMint = "So11111111111111111111111111111111111111112";
constexpr const char* kUsdcMint = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";
constexpr const char* kUsdtMint = "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB";

PairFields SolQuoted(const char* symbol, const char* quote_mint, const char* quote_name) {
  return {.symbol = symbol,
          .base_token = kSolMint,
          .quote_token = quote_mint,
          .base_token_name = "SOL",
          .quote_token_name = quote_name,
          .base_decimals = 9,
          .quote_decimals = 6,
          .base_lot = 1'000'000,
          .quote_per_tick = 10,
          .tick_size = 1,
          .min_price = 1,
          .max_price = 10'000'000,
          .market_sell_collar = 5'000,
          .market_buy_collar = 50'000,
          .min_order_size = 1,
          .max_order_size = 1'000'000'000,
          .fee_bps = 10,
          .batch_period_ms = 5'000,
          .batch_max_orders = 10'000};
}

std::vector<PairSpec> MakeBuiltins() {
  const PairFields fields[] = {
      SolQuoted("SOL/USDC", kUsdcMint, "USDC"),
      {.symbol = "USDT/USDC",
       .base_token = kUsdtMint,
       .quote_token = kUsdcMint,
       .base_token_name = "USDT",
       .quote_token_name = "USDC",
       .base_decimals = 6,
       .quote_decimals = 6,
       .base_lot = 1'000'000,
       .quote_per_tick = 100,
       .tick_size = 1,
       .min_price = 1,
       .max_price = 100'000,
       .market_sell_collar = 9'000,
       .market_buy_collar = 11'000,
       .min_order_size = 1,
       .max_order_size = 1'000'000'000,
       .fee_bps = 2,
       .batch_period_ms = 5'000,
       .batch_max_orders = 10'000},
      SolQuoted("SOL/USDT", kUsdtMint, "USDT"),
  };
  std::vector<PairSpec> out;
  for (const PairFields& f : fields) {
    auto spec = PairSpec::Create(f);
    PP_CHECK(spec.ok());
    out.push_back(std::move(spec).value());
  }
  return out;
}

}  // namespace

std::span<const PairSpec> BuiltinPairs() {
  static const std::vector<PairSpec> pairs = MakeBuiltins();
  return pairs;
}

Result<PairSpec> FindBuiltinPair(std::string_view symbol, std::string_view field) {
  for (const PairSpec& pair : BuiltinPairs()) {
    if (pair.symbol() == symbol) return pair;
  }
  std::string names;
  for (const PairSpec& pair : BuiltinPairs()) names += (names.empty() ? "" : ", ") + pair.symbol();
  return Status::InvalidArgument(
      std::string(field),
      "unknown pair '" + std::string(symbol.substr(0, 32)) + "' (known: " + names + ")");
}

}  // namespace phantompool::order
