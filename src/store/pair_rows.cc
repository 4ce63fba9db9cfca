#include "pair_rows.h"

namespace phantompool::store::internal {

const char* const kPairColumns = R"sql(
  id, symbol, base_token, quote_token, base_token_name, quote_token_name, base_decimals,
  quote_decimals, base_lot, quote_per_tick, tick_size, min_price, max_price,
  market_sell_collar, market_buy_collar, min_order_size, max_order_size, fee_bps,
  batch_period_ms, batch_max_orders, is_active)sql";

Status SeedBuiltinPairs(SqlTx& tx, int64_t now) {
  for (const order::PairSpec& spec : order::BuiltinPairs()) {
    const order::PairFields& f = spec.fields();
    PP_RETURN_IF_ERROR(tx.Query(R"sql(
        INSERT INTO trading_pairs (symbol, base_token, quote_token, base_token_name,
          quote_token_name, base_decimals, quote_decimals, base_lot, quote_per_tick, tick_size,
          min_price, max_price, market_sell_collar, market_buy_collar, min_order_size,
          max_order_size, fee_bps, batch_period_ms, batch_max_orders, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                $18, $19, $20)
        ON CONFLICT (symbol) DO NOTHING)sql",
                                {SqlValue::Text(f.symbol),
                                 SqlValue::Text(f.base_token),
                                 SqlValue::Text(f.quote_token),
                                 SqlValue::Text(f.base_token_name),
                                 SqlValue::Text(f.quote_token_name),
                                 SqlValue::Int(f.base_decimals),
                                 SqlValue::Int(f.quote_decimals),
                                 SqlValue::Amount(f.base_lot),
                                 SqlValue::Amount(f.quote_per_tick),
                                 SqlValue::Amount(f.tick_size),
                                 SqlValue::Amount(f.min_price),
                                 SqlValue::Amount(f.max_price),
                                 SqlValue::Amount(f.market_sell_collar),
                                 SqlValue::Amount(f.market_buy_collar),
                                 SqlValue::Amount(f.min_order_size),
                                 SqlValue::Amount(f.max_order_size),
                                 SqlValue::Int(f.fee_bps),
                                 SqlValue::Int(f.batch_period_ms),
                                 SqlValue::Int(f.batch_max_orders),
                                 SqlValue::Int(now)},
                                "trading_pairs")
                           .status());
  }
  return Status::Ok();
}

Result<TradingPair> ReadPairRow(const SqlResult& r, size_t row) {
  RowReader rr(r, row);
  order::PairFields f;
  const int64_t id = rr.Int("id");
  f.symbol = rr.Text("symbol");
  f.base_token = rr.Text("base_token");
  f.quote_token = rr.Text("quote_token");
  f.base_token_name = rr.Text("base_token_name");
  f.quote_token_name = rr.Text("quote_token_name");
  f.base_decimals = static_cast<uint32_t>(rr.Amount("base_decimals"));
  f.quote_decimals = static_cast<uint32_t>(rr.Amount("quote_decimals"));
  f.base_lot = rr.Amount("base_lot");
  f.quote_per_tick = rr.Amount("quote_per_tick");
  f.tick_size = rr.Amount("tick_size");
  f.min_price = rr.Amount("min_price");
  f.max_price = rr.Amount("max_price");
  f.market_sell_collar = rr.Amount("market_sell_collar");
  f.market_buy_collar = rr.Amount("market_buy_collar");
  f.min_order_size = rr.Amount("min_order_size");
  f.max_order_size = rr.Amount("max_order_size");
  const uint64_t fee = rr.Amount("fee_bps");
  const uint64_t period = rr.Amount("batch_period_ms");
  const uint64_t max_orders = rr.Amount("batch_max_orders");
  const bool active = rr.Bool("is_active");
  PP_RETURN_IF_ERROR(rr.status());
  if (fee > UINT32_MAX || period > UINT32_MAX || max_orders > UINT32_MAX) {
    return Status::Corruption("trading_pairs", "a 32-bit column is out of range");
  }
  f.fee_bps = static_cast<uint32_t>(fee);
  f.batch_period_ms = static_cast<uint32_t>(period);
  f.batch_max_orders = static_cast<uint32_t>(max_orders);
  Result<order::PairSpec> spec = order::PairSpec::Create(std::move(f));
  if (!spec.ok()) {
    return Status::Corruption("trading_pairs[" + std::to_string(id) + "]." + spec.status().field(),
                              spec.status().message());
  }
  return TradingPair{id, std::move(spec).value(), active};
}

Result<order::PairSpec> PairCache::Get(SqlTx& tx, int64_t pair_id) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = by_id_.find(pair_id);
    if (it != by_id_.end()) return it->second;
  }
  PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(std::string("SELECT ") + kPairColumns +
                                                " FROM trading_pairs WHERE id = $1",
                                            {SqlValue::Int(pair_id)}, "trading_pairs"));
  if (r.empty())
    return Status::NotFound("trading_pairs.id", "no trading pair " + std::to_string(pair_id));
  PP_ASSIGN_OR_RETURN(TradingPair pair, ReadPairRow(r, 0));
  std::lock_guard<std::mutex> lock(mu_);
  by_id_.insert_or_assign(pair_id, pair.spec);
  by_symbol_[pair.spec.symbol()] = pair_id;
  return pair.spec;
}

Result<std::pair<int64_t, order::PairSpec>> PairCache::Find(SqlTx& tx, std::string_view symbol) {
  if (auto cached = Lookup(symbol)) return *cached;
  PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query("SELECT id FROM trading_pairs WHERE symbol = $1",
                                            {SqlValue::Text(symbol)}, "trading_pairs"));
  if (r.empty()) {
    return Status::NotFound("order.pair",
                            "no trading pair '" + std::string(symbol.substr(0, 32)) + "'");
  }
  RowReader rr(r, 0);
  const int64_t id = rr.Int("id");
  PP_RETURN_IF_ERROR(rr.status());
  PP_ASSIGN_OR_RETURN(order::PairSpec spec, Get(tx, id));
  return std::make_pair(id, std::move(spec));
}

std::optional<std::pair<int64_t, order::PairSpec>> PairCache::Lookup(std::string_view symbol) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_symbol_.find(symbol);
  if (it == by_symbol_.end()) return std::nullopt;
  return std::make_pair(it->second, by_id_.at(it->second));
}

void PairCache::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  by_id_.clear();
  by_symbol_.clear();
}

}  // namespace phantompool::store::internal
