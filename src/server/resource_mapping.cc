#include "resource_mapping.h"

#include "phantompool/common/hex.h"

namespace phantompool::server {

api::UserInfo ToInfo(const store::User& u) {
  api::UserInfo i;
  i.id = u.id;
  i.wallet_address = u.wallet_address;
  i.public_key = ToHex(u.public_key);
  i.username = u.username;
  i.kyc_status = std::string(store::Name(u.kyc_status));
  i.trading_tier = u.trading_tier;
  i.max_order_size = u.max_order_size;
  i.daily_volume_limit = u.daily_volume_limit;
  i.is_active = u.is_active;
  i.created_at = u.created_at;
  return i;
}

api::BalanceInfo ToInfo(const store::Balance& b) {
  api::BalanceInfo i;
  i.token = b.token;
  i.balance = b.balance;
  i.available_commitment = ToHex(b.available_commitment);
  i.locked_commitment = ToHex(b.locked_commitment);
  i.open_obligations = b.open_obligations;
  i.updated_at = b.updated_at;
  return i;
}

api::TransferInfo ToInfo(const store::Transfer& t) {
  api::TransferInfo i;
  i.id = t.id;
  i.token = t.token;
  i.kind = std::string(store::Name(t.kind));
  i.reference = t.reference;
  i.amount = t.amount;
  i.balance_after = t.balance_after;
  i.created_at = t.created_at;
  return i;
}

api::OrderInfo ToInfo(const store::OrderRecord& o, const std::string& pair_symbol) {
  api::OrderInfo i;
  i.id = o.id;
  i.user_id = o.user_id;
  i.pair = pair_symbol;
  i.side = std::string(order::SideName(o.side));
  i.order_type = std::string(order::OrderTypeName(o.order_type));
  i.validity = std::string(order::ValidityName(o.validity));
  i.status = std::string(store::Name(o.status));
  i.expires_at = o.expires_at;
  i.min_fill_amount = o.min_fill_amount;
  i.filled_amount = o.filled_amount;
  i.remaining_amount = o.remaining_amount;
  i.matching_session_id = o.matching_session_id;
  i.obligation_token = o.obligation_token;
  i.obligation_commitment = ToHex(o.obligation_commitment);
  i.encrypted_order = ToHex(o.encrypted_order);
  i.created_at = o.created_at;
  i.updated_at = o.updated_at;
  return i;
}

api::TradeInfo ToInfo(const store::Trade& t, const std::string& pair_symbol, int64_t viewer) {
  api::TradeInfo i;
  i.id = t.id;
  i.matching_session_id = t.matching_session_id;
  i.pair = pair_symbol;
  i.buy_order_id = t.buy_order_id;
  i.sell_order_id = t.sell_order_id;
  i.side = t.buyer_id == viewer ? "buy" : "sell";
  i.amount = t.amount;
  i.price = t.price;
  i.total_value = t.total_value;
  i.buyer_fee = t.buyer_fee;
  i.seller_fee = t.seller_fee;
  i.created_at = t.created_at;
  return i;
}

api::MarketInfo ToInfo(const store::MarketOverviewRow& m) {
  api::MarketInfo i;
  i.trading_pair_id = m.trading_pair_id;
  i.symbol = m.symbol;
  i.last_price = m.last_price;
  i.high_24h = m.high_24h;
  i.low_24h = m.low_24h;
  i.volume_24h = m.volume_24h;
  i.quote_volume_24h = m.quote_volume_24h;
  i.sessions_24h = m.sessions_24h;
  i.active_buy_orders = m.active_buy_orders;
  i.active_sell_orders = m.active_sell_orders;
  return i;
}

api::PairInfo ToInfo(const store::TradingPair& p) {
  api::PairInfo i;
  i.id = p.id;
  i.fields = p.spec.fields();
  i.is_active = p.is_active;
  return i;
}

api::json SessionJson(const store::MatchingSession& s, const std::string& pair_symbol) {
  auto opt = [](const std::optional<uint64_t>& v) {
    return v ? api::json(*v) : api::json(nullptr);
  };
  api::json j = {
      {"id", s.id},
      {"trading_pair_id", s.trading_pair_id},
      {"pair", pair_symbol},
      {"session_number", s.session_number},
      {"status", std::string(store::Name(s.status))},
      {"buy_orders_count", s.buy_orders_count},
      {"sell_orders_count", s.sell_orders_count},
      {"clearing_price", opt(s.clearing_price)},
      {"total_volume", opt(s.total_volume)},
      {"total_quote_volume", opt(s.total_quote_volume)},
      {"price_rule",
       s.price_rule ? api::json(auction::PriceRuleName(*s.price_rule)) : api::json(nullptr)},
      {"vrf_seed", ToHex(s.vrf_seed)},
      {"vrf_output", ToHex(s.vrf_output)},
      {"vrf_proof", ToHex(s.vrf_proof)},
      {"executor_node_ids", s.executor_node_ids},
      {"failure_reason", s.failure_reason ? api::json(*s.failure_reason) : api::json(nullptr)},
      {"created_at", s.created_at},
      {"settled_at", s.settled_at ? api::json(*s.settled_at) : api::json(nullptr)},
      {"failed_at", s.failed_at ? api::json(*s.failed_at) : api::json(nullptr)},
  };
  return j;
}

api::json ExecutorJson(const store::ExecutorNode& n, int64_t now_us,
                       std::span<const store::StoredQuorumResponse> recent_invalid) {
  api::json invalid = api::json::array();
  for (const store::StoredQuorumResponse& r : recent_invalid) {
    invalid.push_back({{"session_id", r.session_id},
                       {"attempt", r.attempt},
                       {"reason", r.record.reason},
                       {"created_at", r.created_at}});
  }
  return {{"node_index", n.node_index},
          {"status", std::string(store::Name(n.status))},
          {"endpoint_url", n.endpoint_url},
          {"key_epoch", n.key_epoch},
          {"last_heartbeat", n.last_heartbeat ? api::json(*n.last_heartbeat) : api::json(nullptr)},
          {"heartbeat_age_ms",
           n.last_heartbeat ? api::json((now_us - *n.last_heartbeat) / 1000) : api::json(nullptr)},
          {"valid_responses", n.valid_responses},
          {"invalid_responses", n.invalid_responses},
          {"missed_responses", n.missed_responses},
          {"unchecked_responses", n.unchecked_responses},
          {"reputation", n.reputation},
          {"recent_invalid_answers", std::move(invalid)}};
}

}  // namespace phantompool::server
