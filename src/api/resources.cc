#include "phantompool/api/resources.h"

namespace phantompool::api {
namespace {

template <typename T>
json Opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

// Reads a member that may be null.
class Fields {
 public:
  Fields(const json& j, std::string path) : j_(j), r_(j, path) {}
  Status Keys(const std::set<std::string>& required) { return r_.Keys(required); }
  Result<std::string> Str(const char* k) { return r_.String(k, 4096); }
  Result<uint64_t> U64(const char* k) { return r_.Unsigned(k); }
  Result<int64_t> I64(const char* k) { return r_.Int(k); }
  Result<bool> Bool(const char* k) { return r_.Bool(k); }
  Result<std::optional<uint64_t>> OptU64(const char* k) {
    if (j_.at(k).is_null()) return std::optional<uint64_t>();
    PP_ASSIGN_OR_RETURN(uint64_t v, r_.Unsigned(k));
    return std::optional<uint64_t>(v);
  }
  Result<std::optional<int64_t>> OptI64(const char* k) {
    if (j_.at(k).is_null()) return std::optional<int64_t>();
    PP_ASSIGN_OR_RETURN(int64_t v, r_.Int(k));
    return std::optional<int64_t>(v);
  }
  Result<std::optional<std::string>> OptStr(const char* k) {
    if (j_.at(k).is_null()) return std::optional<std::string>();
    PP_ASSIGN_OR_RETURN(std::string v, r_.String(k, 4096));
    return std::optional<std::string>(v);
  }

 private:
  const json& j_;
  ObjectReader r_;
};

#define PP_READ(target, expr) PP_ASSIGN_OR_RETURN(target, expr)

}  // namespace

json ToJson(const KeysInfo& v) {
  return {{"key_epoch", v.key_epoch},
          {"joint_public_key", v.joint_public_key},
          {"public_key_set", v.public_key_set},
          {"threshold", v.threshold},
          {"participants", v.participants}};
}

Result<KeysInfo> KeysFromJson(const json& j) {
  Fields f(j, "keys");
  PP_RETURN_IF_ERROR(
      f.Keys({"key_epoch", "joint_public_key", "public_key_set", "threshold", "participants"}));
  KeysInfo v;
  PP_READ(uint64_t epoch, f.U64("key_epoch"));
  v.key_epoch = static_cast<uint32_t>(epoch);
  PP_READ(v.joint_public_key, f.Str("joint_public_key"));
  PP_READ(v.public_key_set, f.Str("public_key_set"));
  PP_READ(uint64_t t, f.U64("threshold"));
  PP_READ(uint64_t n, f.U64("participants"));
  v.threshold = static_cast<uint32_t>(t);
  v.participants = static_cast<uint32_t>(n);
  return v;
}

json ToJson(const PairInfo& v) {
  const order::PairFields& p = v.fields;
  return {{"id", v.id},
          {"symbol", p.symbol},
          {"base_token", p.base_token},
          {"quote_token", p.quote_token},
          {"base_token_name", p.base_token_name},
          {"quote_token_name", p.quote_token_name},
          {"base_decimals", p.base_decimals},
          {"quote_decimals", p.quote_decimals},
          {"base_lot", p.base_lot},
          {"quote_per_tick", p.quote_per_tick},
          {"tick_size", p.tick_size},
          {"min_price", p.min_price},
          {"max_price", p.max_price},
          {"market_sell_collar", p.market_sell_collar},
          {"market_buy_collar", p.market_buy_collar},
          {"min_order_size", p.min_order_size},
          {"max_order_size", p.max_order_size},
          {"fee_bps", p.fee_bps},
          {"batch_period_ms", p.batch_period_ms},
          {"batch_max_orders", p.batch_max_orders},
          {"is_active", v.is_active}};
}

Result<PairInfo> PairFromJson(const json& j) {
  Fields f(j, "pair");
  PP_RETURN_IF_ERROR(f.Keys({"id",
                             "symbol",
                             "base_token",
                             "quote_token",
                             "base_token_name",
                             "quote_token_name",
                             "base_decimals",
                             "quote_decimals",
                             "base_lot",
                             "quote_per_tick",
                             "tick_size",
                             "min_price",
                             "max_price",
                             "market_sell_collar",
                             "market_buy_collar",
                             "min_order_size",
                             "max_order_size",
                             "fee_bps",
                             "batch_period_ms",
                             "batch_max_orders",
                             "is_active"}));
  PairInfo v;
  order::PairFields& p = v.fields;
  PP_READ(v.id, f.I64("id"));
  PP_READ(p.symbol, f.Str("symbol"));
  PP_READ(p.base_token, f.Str("base_token"));
  PP_READ(p.quote_token, f.Str("quote_token"));
  PP_READ(p.base_token_name, f.Str("base_token_name"));
  PP_READ(p.quote_token_name, f.Str("quote_token_name"));
  PP_READ(uint64_t bd, f.U64("base_decimals"));
  PP_READ(uint64_t qd, f.U64("quote_decimals"));
  p.base_decimals = static_cast<uint32_t>(bd);
  p.quote_decimals = static_cast<uint32_t>(qd);
  PP_READ(p.base_lot, f.U64("base_lot"));
  PP_READ(p.quote_per_tick, f.U64("quote_per_tick"));
  PP_READ(p.tick_size, f.U64("tick_size"));
  PP_READ(p.min_price, f.U64("min_price"));
  PP_READ(p.max_price, f.U64("max_price"));
  PP_READ(p.market_sell_collar, f.U64("market_sell_collar"));
  PP_READ(p.market_buy_collar, f.U64("market_buy_collar"));
  PP_READ(p.min_order_size, f.U64("min_order_size"));
  PP_READ(p.max_order_size, f.U64("max_order_size"));
  PP_READ(uint64_t fee, f.U64("fee_bps"));
  PP_READ(uint64_t period, f.U64("batch_period_ms"));
  PP_READ(uint64_t max_orders, f.U64("batch_max_orders"));
  p.fee_bps = static_cast<uint32_t>(fee);
  p.batch_period_ms = static_cast<uint32_t>(period);
  p.batch_max_orders = static_cast<uint32_t>(max_orders);
  PP_READ(v.is_active, f.Bool("is_active"));
  // The pair must be one PairSpec::Create accepts: the client proves against it.
  auto spec = order::PairSpec::Create(p);
  if (!spec.ok()) return spec.status();
  return v;
}

json ToJson(const UserInfo& v) {
  return {{"id", v.id},
          {"wallet_address", v.wallet_address},
          {"public_key", v.public_key},
          {"username", Opt(v.username)},
          {"kyc_status", v.kyc_status},
          {"trading_tier", v.trading_tier},
          {"max_order_size", v.max_order_size},
          {"daily_volume_limit", v.daily_volume_limit},
          {"is_active", v.is_active},
          {"created_at", v.created_at}};
}

Result<UserInfo> UserFromJson(const json& j) {
  Fields f(j, "user");
  PP_RETURN_IF_ERROR(
      f.Keys({"id", "wallet_address", "public_key", "username", "kyc_status", "trading_tier",
              "max_order_size", "daily_volume_limit", "is_active", "created_at"}));
  UserInfo v;
  PP_READ(v.id, f.I64("id"));
  PP_READ(v.wallet_address, f.Str("wallet_address"));
  PP_READ(v.public_key, f.Str("public_key"));
  PP_READ(v.username, f.OptStr("username"));
  PP_READ(v.kyc_status, f.Str("kyc_status"));
  PP_READ(v.trading_tier, f.Str("trading_tier"));
  PP_READ(v.max_order_size, f.U64("max_order_size"));
  PP_READ(v.daily_volume_limit, f.U64("daily_volume_limit"));
  PP_READ(v.is_active, f.Bool("is_active"));
  PP_READ(v.created_at, f.I64("created_at"));
  return v;
}

json ToJson(const BalanceInfo& v) {
  return {{"token", v.token},
          {"balance", v.balance},
          {"available_commitment", v.available_commitment},
          {"locked_commitment", v.locked_commitment},
          {"open_obligations", v.open_obligations},
          {"updated_at", v.updated_at}};
}

Result<BalanceInfo> BalanceFromJson(const json& j) {
  Fields f(j, "balance");
  PP_RETURN_IF_ERROR(f.Keys({"token", "balance", "available_commitment", "locked_commitment",
                             "open_obligations", "updated_at"}));
  BalanceInfo v;
  PP_READ(v.token, f.Str("token"));
  PP_READ(v.balance, f.U64("balance"));
  PP_READ(v.available_commitment, f.Str("available_commitment"));
  PP_READ(v.locked_commitment, f.Str("locked_commitment"));
  PP_READ(v.open_obligations, f.I64("open_obligations"));
  PP_READ(v.updated_at, f.I64("updated_at"));
  return v;
}

json ToJson(const TransferInfo& v) {
  return {{"id", v.id},
          {"token", v.token},
          {"kind", v.kind},
          {"reference", v.reference},
          {"amount", v.amount},
          {"balance_after", v.balance_after},
          {"created_at", v.created_at}};
}

Result<TransferInfo> TransferFromJson(const json& j) {
  Fields f(j, "transfer");
  PP_RETURN_IF_ERROR(
      f.Keys({"id", "token", "kind", "reference", "amount", "balance_after", "created_at"}));
  TransferInfo v;
  PP_READ(v.id, f.I64("id"));
  PP_READ(v.token, f.Str("token"));
  PP_READ(v.kind, f.Str("kind"));
  PP_READ(v.reference, f.Str("reference"));
  PP_READ(v.amount, f.U64("amount"));
  PP_READ(v.balance_after, f.U64("balance_after"));
  PP_READ(v.created_at, f.I64("created_at"));
  return v;
}

json ToJson(const OrderInfo& v) {
  return {{"id", v.id},
          {"user_id", v.user_id},
          {"pair", v.pair},
          {"side", v.side},
          {"order_type", v.order_type},
          {"validity", v.validity},
          {"status", v.status},
          {"expires_at", Opt(v.expires_at)},
          {"min_fill_amount", Opt(v.min_fill_amount)},
          {"filled_amount", Opt(v.filled_amount)},
          {"remaining_amount", Opt(v.remaining_amount)},
          {"matching_session_id", Opt(v.matching_session_id)},
          {"obligation_token", v.obligation_token},
          {"obligation_commitment", v.obligation_commitment},
          {"encrypted_order", v.encrypted_order},
          {"created_at", v.created_at},
          {"updated_at", v.updated_at}};
}

Result<OrderInfo> OrderFromJson(const json& j) {
  Fields f(j, "order");
  PP_RETURN_IF_ERROR(f.Keys({"id", "user_id", "pair", "side", "order_type", "validity", "status",
                             "expires_at", "min_fill_amount", "filled_amount", "remaining_amount",
                             "matching_session_id", "obligation_token", "obligation_commitment",
                             "encrypted_order", "created_at", "updated_at"}));
  OrderInfo v;
  PP_READ(v.id, f.I64("id"));
  PP_READ(v.user_id, f.I64("user_id"));
  PP_READ(v.pair, f.Str("pair"));
  PP_READ(v.side, f.Str("side"));
  PP_READ(v.order_type, f.Str("order_type"));
  PP_READ(v.validity, f.Str("validity"));
  PP_READ(v.status, f.Str("status"));
  PP_READ(v.expires_at, f.OptI64("expires_at"));
  PP_READ(v.min_fill_amount, f.OptU64("min_fill_amount"));
  PP_READ(v.filled_amount, f.OptU64("filled_amount"));
  PP_READ(v.remaining_amount, f.OptU64("remaining_amount"));
  PP_READ(v.matching_session_id, f.OptI64("matching_session_id"));
  PP_READ(v.obligation_token, f.Str("obligation_token"));
  PP_READ(v.obligation_commitment, f.Str("obligation_commitment"));
  PP_ASSIGN_OR_RETURN(v.encrypted_order, ObjectReader(j, "order").String("encrypted_order", 16384));
  PP_READ(v.created_at, f.I64("created_at"));
  PP_READ(v.updated_at, f.I64("updated_at"));
  return v;
}

json ToJson(const TradeInfo& v) {
  return {{"id", v.id},
          {"matching_session_id", v.matching_session_id},
          {"pair", v.pair},
          {"buy_order_id", v.buy_order_id},
          {"sell_order_id", v.sell_order_id},
          {"side", v.side},
          {"amount", v.amount},
          {"price", v.price},
          {"total_value", v.total_value},
          {"buyer_fee", v.buyer_fee},
          {"seller_fee", v.seller_fee},
          {"created_at", v.created_at}};
}

Result<TradeInfo> TradeFromJson(const json& j) {
  Fields f(j, "trade");
  PP_RETURN_IF_ERROR(
      f.Keys({"id", "matching_session_id", "pair", "buy_order_id", "sell_order_id", "side",
              "amount", "price", "total_value", "buyer_fee", "seller_fee", "created_at"}));
  TradeInfo v;
  PP_READ(v.id, f.I64("id"));
  PP_READ(v.matching_session_id, f.I64("matching_session_id"));
  PP_READ(v.pair, f.Str("pair"));
  PP_READ(v.buy_order_id, f.I64("buy_order_id"));
  PP_READ(v.sell_order_id, f.I64("sell_order_id"));
  PP_READ(v.side, f.Str("side"));
  PP_READ(v.amount, f.U64("amount"));
  PP_READ(v.price, f.U64("price"));
  PP_READ(v.total_value, f.U64("total_value"));
  PP_READ(v.buyer_fee, f.U64("buyer_fee"));
  PP_READ(v.seller_fee, f.U64("seller_fee"));
  PP_READ(v.created_at, f.I64("created_at"));
  return v;
}

json ToJson(const MarketInfo& v) {
  return {{"trading_pair_id", v.trading_pair_id},
          {"symbol", v.symbol},
          {"last_price", Opt(v.last_price)},
          {"high_24h", Opt(v.high_24h)},
          {"low_24h", Opt(v.low_24h)},
          {"volume_24h", v.volume_24h},
          {"quote_volume_24h", v.quote_volume_24h},
          {"sessions_24h", v.sessions_24h},
          {"active_buy_orders", v.active_buy_orders},
          {"active_sell_orders", v.active_sell_orders}};
}

Result<MarketInfo> MarketFromJson(const json& j) {
  Fields f(j, "market");
  PP_RETURN_IF_ERROR(
      f.Keys({"trading_pair_id", "symbol", "last_price", "high_24h", "low_24h", "volume_24h",
              "quote_volume_24h", "sessions_24h", "active_buy_orders", "active_sell_orders"}));
  MarketInfo v;
  PP_READ(v.trading_pair_id, f.I64("trading_pair_id"));
  PP_READ(v.symbol, f.Str("symbol"));
  PP_READ(v.last_price, f.OptU64("last_price"));
  PP_READ(v.high_24h, f.OptU64("high_24h"));
  PP_READ(v.low_24h, f.OptU64("low_24h"));
  PP_READ(v.volume_24h, f.U64("volume_24h"));
  PP_READ(v.quote_volume_24h, f.U64("quote_volume_24h"));
  PP_READ(v.sessions_24h, f.I64("sessions_24h"));
  PP_READ(v.active_buy_orders, f.I64("active_buy_orders"));
  PP_READ(v.active_sell_orders, f.I64("active_sell_orders"));
  return v;
}

json ToJson(const EventInfo& v) {
  return {{"id", v.id},
          {"topic", v.topic},
          {"event_type", v.event_type},
          {"trading_pair_id", Opt(v.trading_pair_id)},
          {"payload", v.payload},
          {"created_at", v.created_at}};
}

Result<EventInfo> EventFromJson(const json& j) {
  Fields f(j, "event");
  PP_RETURN_IF_ERROR(
      f.Keys({"id", "topic", "event_type", "trading_pair_id", "payload", "created_at"}));
  EventInfo v;
  PP_READ(v.id, f.I64("id"));
  PP_READ(v.topic, f.Str("topic"));
  PP_READ(v.event_type, f.Str("event_type"));
  PP_READ(v.trading_pair_id, f.OptI64("trading_pair_id"));
  v.payload = j.at("payload");
  PP_READ(v.created_at, f.I64("created_at"));
  return v;
}

}  // namespace phantompool::api
