// The JSON of every API resource, written by the server and read by the client through the
// same codec, so the two cannot drift. Field names follow the seed's columns
// (docs/api.md lists every route; /v1/openapi.json is the machine-readable form).
//
// Amounts are JSON integers (lots, ticks, ledger units, all below 2^63); commitments, keys,
// hashes and proofs are lower-case hex; times are microseconds since the epoch (`*_at`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "phantompool/api/json.h"
#include "phantompool/order/order.h"
#include "phantompool/order/pair_spec.h"

namespace phantompool::api {

// GET /v1/keys
struct KeysInfo {
  uint32_t key_epoch = 0;
  std::string joint_public_key;  // hex
  std::string public_key_set;    // hex, crypto::threshold::PublicKeySet
  uint32_t threshold = 0, participants = 0;
};

// GET /v1/pairs
struct PairInfo {
  int64_t id = 0;
  order::PairFields fields;
  bool is_active = true;
};

// GET /v1/me
struct UserInfo {
  int64_t id = 0;
  std::string wallet_address;
  std::string public_key;  // hex
  std::optional<std::string> username;
  std::string kyc_status;  // pending | verified | rejected
  std::string trading_tier;
  uint64_t max_order_size = 0;
  uint64_t daily_volume_limit = 0;
  bool is_active = true;
  int64_t created_at = 0;
};

// GET /v1/balances
struct BalanceInfo {
  std::string token;
  uint64_t balance = 0;
  std::string available_commitment;  // hex: A, what the next order or withdrawal proves against
  std::string locked_commitment;     // hex
  int64_t open_obligations = 0;
  int64_t updated_at = 0;
};

// POST /v1/deposits, POST /v1/withdrawals
struct TransferInfo {
  int64_t id = 0;
  std::string token, kind, reference;  // kind: deposit | withdrawal
  uint64_t amount = 0, balance_after = 0;
  int64_t created_at = 0;
};

// GET /v1/orders, GET /v1/orders/{id}
struct OrderInfo {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string pair;
  std::string side, order_type, validity, status;
  std::optional<int64_t> expires_at;
  std::optional<uint64_t> min_fill_amount, filled_amount, remaining_amount;
  std::optional<int64_t> matching_session_id;
  std::string obligation_token;
  std::string obligation_commitment;  // hex
  // The order as submitted (hex of its wire form): its owner recovers its values and the
  // blinding of its obligation from it with the key alone (docs/order.md, "Secrets").
  std::string encrypted_order;
  int64_t created_at = 0, updated_at = 0;
};

// GET /v1/trades
struct TradeInfo {
  int64_t id = 0;
  int64_t matching_session_id = 0;
  std::string pair;
  int64_t buy_order_id = 0, sell_order_id = 0;
  std::string side;  // the caller's side of it
  uint64_t amount = 0, price = 0, total_value = 0, buyer_fee = 0, seller_fee = 0;
  int64_t created_at = 0;
};

// GET /v1/market
struct MarketInfo {
  int64_t trading_pair_id = 0;
  std::string symbol;
  std::optional<uint64_t> last_price, high_24h, low_24h;
  uint64_t volume_24h = 0, quote_volume_24h = 0;
  int64_t sessions_24h = 0, active_buy_orders = 0, active_sell_orders = 0;
};

// One outbox event, as the stream delivers it.
struct EventInfo {
  int64_t id = 0;
  std::string topic, event_type;
  std::optional<int64_t> trading_pair_id;
  json payload;
  int64_t created_at = 0;
};

json ToJson(const KeysInfo& v);
json ToJson(const PairInfo& v);
json ToJson(const UserInfo& v);
json ToJson(const BalanceInfo& v);
json ToJson(const TransferInfo& v);
json ToJson(const OrderInfo& v);
json ToJson(const TradeInfo& v);
json ToJson(const MarketInfo& v);
json ToJson(const EventInfo& v);

Result<KeysInfo> KeysFromJson(const json& j);
Result<PairInfo> PairFromJson(const json& j);
Result<UserInfo> UserFromJson(const json& j);
Result<BalanceInfo> BalanceFromJson(const json& j);
Result<TransferInfo> TransferFromJson(const json& j);
Result<OrderInfo> OrderFromJson(const json& j);
Result<TradeInfo> TradeFromJson(const json& j);
Result<MarketInfo> MarketFromJson(const json& j);
Result<EventInfo> EventFromJson(const json& j);

// A JSON array of one resource.
template <typename T, typename F>
Result<std::vector<T>> ListFromJson(const json& j, std::string_view field, F from) {
  if (!j.is_array()) return Status::InvalidArgument(std::string(field), "must be an array");
  std::vector<T> out;
  out.reserve(j.size());
  for (size_t i = 0; i < j.size(); ++i) {
    auto item = from(j[i]);
    if (!item.ok()) {
      return item.status().WithFieldPrefix(std::string(field) + "[" + std::to_string(i) + "]");
    }
    out.push_back(std::move(item).value());
  }
  return out;
}

}  // namespace phantompool::api
