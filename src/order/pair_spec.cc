#include "phantompool/order/pair_spec.h"

#include "phantompool/common/check.h"
#include "phantompool/common/checked_math.h"

namespace phantompool::order {
namespace {

using u128 = unsigned __int128;

Status Invalid(std::string_view field, std::string why) {
  return Status::InvalidArgument("pair." + std::string(field), std::move(why));
}

bool OnGrid(const PairFields& f, uint64_t price) {
  return f.tick_size != 0 && price % f.tick_size == 0 && price >= f.min_price &&
         price <= f.max_price;
}

Status CheckText(std::string_view field, const std::string& text, size_t min, size_t max) {
  if (text.size() < min || text.size() > max) {
    return Invalid(field,
                   "must be " + std::to_string(min) + " to " + std::to_string(max) + " bytes");
  }
  for (char c : text) {
    if (c <= 0x20 || c > 0x7e) return Invalid(field, "must be printable ASCII without spaces");
  }
  return Status::Ok();
}

}  // namespace

Result<PairSpec> PairSpec::Create(PairFields f) {
  PP_RETURN_IF_ERROR(CheckText("symbol", f.symbol, 3, kMaxPairSymbolBytes));
  PP_RETURN_IF_ERROR(CheckText("base_token", f.base_token, 1, 64));
  PP_RETURN_IF_ERROR(CheckText("quote_token", f.quote_token, 1, 64));
  if (f.quote_token == f.base_token) return Invalid("quote_token", "must differ from base_token");
  PP_RETURN_IF_ERROR(CheckText("base_token_name", f.base_token_name, 1, 16));
  PP_RETURN_IF_ERROR(CheckText("quote_token_name", f.quote_token_name, 1, 16));
  if (f.base_decimals > 18) return Invalid("base_decimals", "must be at most 18");
  if (f.quote_decimals > 18) return Invalid("quote_decimals", "must be at most 18");
  if (f.base_lot == 0) return Invalid("base_lot", "must be positive");
  if (f.quote_per_tick == 0) return Invalid("quote_per_tick", "must be positive");
  if (f.tick_size == 0) return Invalid("tick_size", "must be positive");
  if (f.min_price == 0 || f.min_price % f.tick_size != 0) {
    return Invalid("min_price", "must be a positive multiple of tick_size");
  }
  if (f.max_price > kMaxPairValue) return Invalid("max_price", "must be below 2^32");
  if (f.max_price < f.min_price || f.max_price % f.tick_size != 0) {
    return Invalid("max_price", "must be a multiple of tick_size, at least min_price");
  }
  if (!OnGrid(f, f.market_sell_collar)) {
    return Invalid("market_sell_collar", "must be a grid price within [min_price, max_price]");
  }
  if (!OnGrid(f, f.market_buy_collar) || f.market_buy_collar < f.market_sell_collar) {
    return Invalid("market_buy_collar",
                   "must be a grid price within [market_sell_collar, max_price]");
  }
  if (f.min_order_size == 0) return Invalid("min_order_size", "must be at least 1 lot");
  if (f.max_order_size > kMaxPairValue) return Invalid("max_order_size", "must be below 2^32");
  if (f.max_order_size < f.min_order_size) {
    return Invalid("max_order_size", "must be at least min_order_size");
  }
  // The largest obligations must fit the store's 63-bit amounts, so that neither a proof nor
  // a settlement can ever wrap.
  const u128 max_notional = static_cast<u128>(f.max_order_size) * f.max_price * f.quote_per_tick;
  if (max_notional > kMaxLedgerAmount) {
    return Invalid("quote_per_tick",
                   "max_order_size × max_price × quote_per_tick exceeds 2^63 − 1");
  }
  if (static_cast<u128>(f.max_order_size) * f.base_lot > kMaxLedgerAmount) {
    return Invalid("base_lot", "max_order_size × base_lot exceeds 2^63 − 1");
  }
  if (f.fee_bps > kMaxFeeBps) return Invalid("fee_bps", "must be at most 1000 (10 %)");
  if (f.batch_period_ms < 100 || f.batch_period_ms > 86'400'000) {
    return Invalid("batch_period_ms", "must be between 100 ms and one day");
  }
  if (f.batch_max_orders == 0 || f.batch_max_orders > 1'000'000) {
    return Invalid("batch_max_orders", "must be between 1 and 1,000,000");
  }
  return PairSpec(std::move(f));
}

bool PairSpec::IsValidPrice(uint64_t price) const {
  return OnGrid(f_, price);
}

uint64_t PairSpec::Notional(uint64_t size, uint64_t price) const {
  PP_CHECK(size <= f_.max_order_size && price <= f_.max_price);
  return size * price * f_.quote_per_tick;  // < 2^63 by Create
}

uint64_t PairSpec::BaseAmount(uint64_t size) const {
  PP_CHECK(size <= f_.max_order_size);
  return size * f_.base_lot;
}

uint64_t PairSpec::FeeOn(uint64_t amount) const {
  return static_cast<uint64_t>(static_cast<u128>(amount) * f_.fee_bps / 10'000);
}

Result<PairSpec> PairSpec::WithUserLimit(uint64_t user_max_order_size) const {
  if (user_max_order_size >= f_.max_order_size) return *this;
  PairFields f = f_;
  f.max_order_size = user_max_order_size;
  return Create(std::move(f));
}

}  // namespace phantompool::order
