// Rows of the matching side of the store: sessions, settlements, trades, executors,
// threshold operations, proofs, metrics and health.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "phantompool/auction/auction_result.h"
#include "phantompool/store/records.h"

namespace phantompool::store {

enum class SessionStatus : uint8_t { kFrozen, kSettled, kFailed };
enum class ExecutorStatus : uint8_t { kOnline, kOffline, kDegraded, kMaintenance };
enum class OperationType : uint8_t { kPartialDecrypt, kVrf };
enum class OperationStatus : uint8_t { kPending, kReady, kCompleted, kFailed };
enum class HealthStatus : uint8_t { kHealthy, kDegraded, kUnhealthy, kOffline };
enum class ProofType : uint8_t {
  kRange,
  kSolvency,
  kEquality,
  kVrf,
  kDecryptionShare,
  kDleq,
  kMatching,
  kSettlement
};

std::string_view Name(SessionStatus v);    // "frozen" | "settled" | "failed"
std::string_view Name(ExecutorStatus v);   // "online" | "offline" | "degraded" | "maintenance"
std::string_view Name(OperationType v);    // "partial_decrypt" | "vrf"
std::string_view Name(OperationStatus v);  // "pending" | "ready" | "completed" | "failed"
std::string_view Name(HealthStatus v);     // "healthy" | "degraded" | "unhealthy" | "offline"
std::string_view Name(ProofType v);        // "range" | "solvency" | ... | "settlement"
Result<SessionStatus> ParseSessionStatus(std::string_view s, std::string_view field);
Result<ExecutorStatus> ParseExecutorStatus(std::string_view s, std::string_view field);
Result<OperationType> ParseOperationType(std::string_view s, std::string_view field);
Result<OperationStatus> ParseOperationStatus(std::string_view s, std::string_view field);
Result<HealthStatus> ParseHealthStatus(std::string_view s, std::string_view field);
Result<ProofType> ParseProofType(std::string_view s, std::string_view field);

struct MatchingSession {
  int64_t id = 0;
  int64_t trading_pair_id = 0;
  int64_t session_number = 0;  // 1, 2, ... per pair
  SessionStatus status = SessionStatus::kFrozen;
  int32_t buy_orders_count = 0, sell_orders_count = 0;
  std::optional<uint64_t> clearing_price;  // ticks
  std::optional<uint64_t> total_volume;    // lots
  std::optional<uint64_t> total_quote_volume;
  // Which rule of the auction set the clearing price (docs/auction.md): recorded with the
  // settlement, so absent until settled — and for a session settled before migration 008.
  // kNone means nothing crossed: the session settled at the reference price without trades.
  std::optional<auction::PriceRule> price_rule;
  Bytes vrf_seed, vrf_output, vrf_proof;
  // The draw's inputs (RecordSessionDraw): empty / 0 until recorded. vrf_seed holds the
  // caller's provisional value until then.
  Bytes batch_digest, previous_vrf_output;
  uint32_t key_epoch = 0;
  std::vector<int64_t> executor_node_ids;  // executor_assignments
  std::optional<std::string> failure_reason;
  int64_t created_at = 0;
  std::optional<int64_t> settled_at, failed_at;
};

struct SessionCreated {
  int64_t session_id = 0;
  int64_t session_number = 0;
  std::vector<int64_t> order_ids;  // the frozen batch, ascending
};

// An order of a session as its executors see it: no owner, no amounts.
struct SessionOrder {
  int64_t id = 0;
  order::Side side = order::Side::kBuy;
  order::OrderType order_type = order::OrderType::kLimit;
  order::Validity validity = order::Validity::kGtc;
  std::optional<int64_t> expires_at;
  Bytes encrypted_order;
};

// One trade of a settlement, at the session's clearing price. The store computes its value
// (PairSpec::Notional) and both fees (PairSpec::FeeOn, on what each side receives).
struct TradeInput {
  int64_t buy_order_id = 0, sell_order_id = 0;
  uint64_t amount = 0;  // lots
};

// The outcome for one frozen order, with what the executors decrypted. Every frozen order
// gets exactly one.
struct FillInput {
  int64_t order_id = 0;
  uint64_t size = 0;                    // the order's decrypted size, lots
  std::optional<uint64_t> limit_price;  // decrypted, ticks; limit orders only
  uint64_t min_fill = 0;                // decrypted, lots
  uint64_t filled_amount = 0;           // lots filled in this session
};

struct Settlement {
  int64_t session_id = 0;
  uint64_t clearing_price = 0;  // ticks
  // The auction's AuctionResult::rule. kNone exactly when nothing trades (the clearing price
  // is then the reference price); any other rule comes with trades. The store refuses a
  // settlement where the two disagree.
  auction::PriceRule price_rule = auction::PriceRule::kNone;
  Bytes vrf_output, vrf_proof;
  int64_t fee_user_id = 0;  // whose balances receive every fee
  std::vector<TradeInput> trades;
  std::vector<FillInput> fills;
};

struct Trade {
  int64_t id = 0;
  int64_t matching_session_id = 0, trading_pair_id = 0;
  int64_t buy_order_id = 0, sell_order_id = 0, buyer_id = 0, seller_id = 0;
  uint64_t amount = 0;       // lots
  uint64_t price = 0;        // ticks
  uint64_t total_value = 0;  // quote ledger units: what the buyer paid
  uint64_t buyer_fee = 0;    // base ledger units, out of what the buyer received
  uint64_t seller_fee = 0;   // quote ledger units, out of what the seller received
  int64_t created_at = 0;
};

// What a replay of a settled session needs beyond its openings (auction/replay_json.h):
// its trades in id order (the order the settlement wrote them, the auction's), and for each
// order of its batch the lots earlier sessions filled (absent: none).
struct SessionTrades {
  std::vector<Trade> trades;
  std::map<int64_t, uint64_t> filled_before;
};

// The inputs of a session's VRF draw, known once its batch is frozen
// (auction/session_draw.h): seed = VrfSeed(pair, session number, previous_vrf_output,
// batch_digest).
struct SessionDraw {
  int64_t session_id = 0;
  uint32_t key_epoch = 0;
  Bytes batch_digest;         // 32 bytes
  Bytes vrf_seed;             // 32 bytes
  Bytes previous_vrf_output;  // 32 bytes: the output of the pair's session before (zeros)
};

// One executor's part in one attempt of a session's quorum round, as the coordinator
// judged it. `response` is the signed response as received (absent when none came back).
struct QuorumResponseRecord {
  int32_t node_index = 0;
  bool asked = false, valid = false;
  bool combined = false;  // one of the t responses combined
  std::string reason;     // why not valid; empty when valid
  int64_t latency_ms = 0;
  std::optional<Bytes> response;
};

struct StoredQuorumResponse {
  int64_t id = 0;
  int64_t session_id = 0;
  int32_t attempt = 0;
  std::optional<int64_t> executor_node_id;
  QuorumResponseRecord record;
  int64_t created_at = 0;
};

// An order's decrypted values, kept for every later session it carries into (an order is
// opened once: executors never release a share for the same R twice).
struct OrderOpening {
  int64_t order_id = 0;
  int64_t session_id = 0;               // where it was opened (ignored on input)
  uint64_t size = 0;                    // lots
  std::optional<uint64_t> limit_price;  // ticks; limit orders only
  uint64_t min_fill = 0;                // lots
  Bytes opening;                        // the decrypted plaintext, for auditors
};

// An order of a frozen session that did not open, or whose opening contradicts its
// commitments: cancelled alone, its obligation released.
struct ExcludedOrder {
  int64_t order_id = 0;
  int64_t session_id = 0;  // ignored on input
  std::string reason;
  std::optional<Bytes> shared_point;  // the combined K, so an auditor can re-run the check
};

// The key set of one DKG run and the executors holding its shares.
struct KeySetRecord {
  uint32_t key_epoch = 0;
  int32_t threshold = 0, participants = 0;
  Bytes joint_public_key;  // 32 bytes
  Bytes public_key_set;    // crypto::threshold::PublicKeySet, serialised
  int64_t created_at = 0;  // ignored on input
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
  std::string endpoint_url;
  ExecutorStatus status = ExecutorStatus::kOffline;
  std::optional<int64_t> last_heartbeat;
  uint32_t key_epoch = 0;  // the key set its share_public_key belongs to (0: unknown)
  // Counted from executor_responses and quorum_responses when read, never stored: answers
  // that verified, answers that did not (a lie, a bad signature, a malformed message), not
  // yet checked; and requests it did not answer (down, late or refusing). An executor
  // reading a node (GetExecutor) sees none of them: the coordinator's verdicts are the
  // service's and auditors' to read, so the counts are 0 and the reputation the prior.
  int64_t valid_responses = 0, invalid_responses = 0, unchecked_responses = 0;
  int64_t missed_responses = 0;
  // ExecutorReputation of the counts above, set by the store when it reads them.
  int32_t reputation = 0;
};

// An executor's reputation, 0..1000, derived from its answer record (docs/executor.md,
// "Reputation"): floor(1000 × (valid + 1) / (valid + 2·invalid + missed + 2)), the
// Laplace-smoothed share of good answers where a lie (an answer that does not verify) counts
// as two failures and a miss (no answer in time) as one. No answers yet: 500. Unchecked
// answers count for nothing until they are judged. Exact for any counts (128-bit).
int32_t ExecutorReputation(uint64_t valid, uint64_t invalid, uint64_t missed);

struct ThresholdOperation {
  int64_t id = 0;
  int64_t matching_session_id = 0;
  OperationType type = OperationType::kPartialDecrypt;
  int32_t required_shares = 0, total_shares = 0, shares_received = 0, valid_shares = 0;
  OperationStatus status = OperationStatus::kPending;
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

struct MetricRow {
  int64_t id = 0;
  MetricSample sample;
  int64_t created_at = 0;
};

struct HealthUpdate {
  std::string component;
  HealthStatus status = HealthStatus::kHealthy;
  int32_t health_score = 10000;  // hundredths, 0..10000
  std::optional<int32_t> response_time_ms;
  std::optional<double> throughput, error_rate;
  std::string details_json = "{}";
};

struct SystemHealthRow {
  std::string component, data_freshness;  // freshness: current | stale
  HealthStatus status = HealthStatus::kHealthy;
  int32_t health_score = 0;
  std::optional<int32_t> response_time_ms;
  int64_t last_check = 0;
};

struct MarketOverviewRow {
  int64_t trading_pair_id = 0;
  std::string symbol;
  std::optional<uint64_t> last_price, high_24h, low_24h;
  uint64_t volume_24h = 0, quote_volume_24h = 0;
  int64_t sessions_24h = 0, active_buy_orders = 0, active_sell_orders = 0;
};

struct UserTradingStats {
  int64_t user_id = 0;
  int64_t total_orders = 0, filled_orders = 0, total_trades = 0;
  uint64_t total_volume = 0;  // quote units traded, as buyer or seller
};

}  // namespace phantompool::store
