// Rows of the matching side of the store: sessions, settlements, trades, executors,
// threshold operations, proofs, metrics, health, the audit log and the event outbox.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "phantompool/store/records.h"

namespace phantompool::store {

struct MatchingSession {
  int64_t id = 0;
  int64_t trading_pair_id = 0;
  int64_t session_number = 0;  // 1, 2, ... per pair
  std::string status;          // frozen | settled | failed
  int32_t buy_orders_count = 0, sell_orders_count = 0;
  std::optional<uint64_t> clearing_price;  // ticks
  std::optional<uint64_t> total_volume;    // lots
  std::optional<uint64_t> total_quote_volume;
  Bytes vrf_seed, vrf_output, vrf_proof;
  std::vector<int64_t> executor_node_ids;  // executor_assignments
  int64_t created_at = 0;
  std::optional<int64_t> settled_at;
};

// One trade of a settlement. total_value must equal QuoteValue(pair, amount, price).
struct TradeInput {
  int64_t buy_order_id = 0, sell_order_id = 0;
  uint64_t amount = 0;  // lots (moves amount × base_lot base ledger units)
  uint64_t price = 0;   // ticks
  uint64_t total_value = 0;
  uint64_t buyer_fee = 0, seller_fee = 0;  // quote units, collected by the fee account
};

// The outcome for one order of the session. Every frozen order gets exactly one.
struct FillInput {
  int64_t order_id = 0;
  uint64_t filled_amount = 0;
  uint64_t remaining_amount = 0;
  std::optional<uint64_t> min_fill_amount;  // as decrypted
  // When the order stays on the book (partially filled GTC/GTT), the commitment to its
  // remaining obligation that replaces the old one; absent when it leaves the book.
  std::optional<Commitment> remaining_obligation_commitment;
};

struct Settlement {
  int64_t session_id = 0;
  uint64_t clearing_price = 0;
  Bytes vrf_output, vrf_proof;
  int64_t fee_user_id = 0;  // whose quote balance receives every fee
  std::vector<TradeInput> trades;
  std::vector<FillInput> fills;
};

struct Trade {
  int64_t id = 0;
  int64_t matching_session_id = 0, trading_pair_id = 0;
  int64_t buy_order_id = 0, sell_order_id = 0, buyer_id = 0, seller_id = 0;
  uint64_t amount = 0, price = 0, total_value = 0;
  uint64_t buyer_fee = 0, seller_fee = 0, protocol_fee = 0;
  std::string settlement_status;
  int64_t created_at = 0;
};

struct NewExecutorNode {
  int32_t node_index = 0;  // 1..255, the Shamir x-coordinate
  Bytes share_public_key;  // 32-byte ristretto255 verification key of its share
  Bytes signing_key;       // 32-byte Ed25519 key its responses are signed with
  std::string endpoint_url;
};

struct ExecutorNode {
  int64_t id = 0;
  int32_t node_index = 0;
  Bytes share_public_key, signing_key;
  std::string endpoint_url, status;
  std::optional<int64_t> last_heartbeat;
  int64_t total_requests = 0, successful_requests = 0, error_count = 0;
  int32_t reputation = 0;  // hundredths, 0..10000
};

struct ExecutorResponse {
  int64_t id = 0;
  int64_t threshold_operation_id = 0, executor_node_id = 0;
  Bytes share, proof, signature;
  std::optional<bool> is_valid;  // unset until the coordinator checked it
  std::optional<std::string> reason;
};

struct MetricSample {
  std::string name, unit, component;
  double value = 0;  // a measurement, never money
  std::optional<int64_t> trading_pair_id;
  int64_t period_start = 0, period_end = 0;
};

struct HealthUpdate {
  std::string component, status;  // status: healthy | degraded | unhealthy | offline
  int32_t health_score = 10000;   // hundredths, 0..10000
  std::optional<int32_t> response_time_ms;
  std::optional<double> throughput, error_rate;
  std::string details_json = "{}";
};

struct SystemHealthRow {
  std::string component, status, data_freshness;  // freshness: current | stale
  int32_t health_score = 0;
  std::optional<int32_t> response_time_ms;
  int64_t last_check = 0;
};

struct MarketOverviewRow {
  int64_t trading_pair_id = 0;
  std::string symbol;
  std::optional<uint64_t> last_price, high_24h, low_24h;
  uint64_t volume_24h = 0;
  int64_t total_orders = 0, active_buy_orders = 0, active_sell_orders = 0, total_sessions = 0;
};

struct UserTradingStats {
  int64_t user_id = 0;
  int64_t total_orders = 0, filled_orders = 0, total_trades = 0;
  uint64_t total_volume = 0;  // quote units traded, as buyer or seller
};

struct AuditEntry {
  int64_t id = 0;  // 1, 2, 3, ...: position in the chain
  std::string event_type, event_category, risk_level;
  std::optional<int64_t> user_id, order_id, matching_session_id;
  std::string event_data;  // canonical JSON text, hashed byte for byte
  int64_t created_at = 0;
  Bytes prev_hash, entry_hash;  // 32 bytes each
};

struct OutboxEvent {
  int64_t id = 0;  // strictly increasing in commit order: readers page by it
  std::string topic, event_type;
  std::optional<int64_t> user_id;  // absent: public (everyone may see it)
  std::optional<int64_t> trading_pair_id;
  std::string payload;  // JSON
  int64_t created_at = 0;
};

}  // namespace phantompool::store
