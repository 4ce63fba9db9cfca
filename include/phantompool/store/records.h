// The rows the store reads and writes about users, balances, pairs and orders.
//
// Money is uint64_t in ledger units, lots or ticks (docs/order.md). Both back ends keep it in
// signed 64-bit columns with CHECK (>= 0), so every amount the store accepts is at most
// 2^63 - 1; anything larger is refused as invalid input. Times are microseconds since the
// Unix epoch (UTC), taken from the store's Clock, identical on both back ends and in the
// audit hash. The order vocabulary (Side, OrderType, Validity) and the pair (PairSpec) are
// the order module's: the store has no copy of its own.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/order/order.h"
#include "phantompool/order/pair_spec.h"

namespace phantompool::store {

using Bytes = std::vector<uint8_t>;
using Commitment = std::array<uint8_t, 32>;                      // a ristretto255 encoding
inline constexpr uint64_t kMaxAmount = order::kMaxLedgerAmount;  // the 63-bit bound

enum class OrderStatus : uint8_t {
  kActive,           // accepted, waiting for its batch
  kMatching,         // frozen into a matching session
  kPartiallyFilled,  // settled with a remainder still on the book
  kFilled,
  kCancelled,
  kExpired,
};
enum class KycStatus : uint8_t { kPending, kVerified, kRejected };
enum class TransferKind : uint8_t { kDeposit, kWithdrawal };

std::string_view Name(OrderStatus v);   // "active" | "matching" | "partially_filled" | ...
std::string_view Name(KycStatus v);     // "pending" | "verified" | "rejected"
std::string_view Name(TransferKind v);  // "deposit" | "withdrawal"
Result<OrderStatus> ParseOrderStatus(std::string_view s, std::string_view field);
Result<KycStatus> ParseKycStatus(std::string_view s, std::string_view field);
Result<TransferKind> ParseTransferKind(std::string_view s, std::string_view field);
// An order in one of these states still holds its obligation in the available commitment.
bool IsOpen(OrderStatus s);

struct NewUser {
  std::string wallet_address;  // base58, 32..44 characters
  Bytes public_key;            // Ed25519, 32 bytes
  std::optional<std::string> username;
  std::string trading_tier = "basic";  // basic | premium | institutional
  uint64_t max_order_size = 1'000'000;
  uint64_t daily_volume_limit = 10'000'000;
  std::string metadata_json = "{}";
};

struct User {
  int64_t id = 0;
  std::string wallet_address;
  Bytes public_key;
  std::optional<std::string> username;
  KycStatus kyc_status = KycStatus::kPending;
  std::string trading_tier;
  uint64_t max_order_size = 0;
  uint64_t daily_volume_limit = 0;
  bool is_active = true;
  std::string metadata_json;
  int64_t created_at = 0;
};

// One (user, token) row. available_commitment = balance·G − Σ obligation commitments of the
// user's open orders in the token: the A that solvency and withdrawal proofs are checked
// against. locked_commitment = balance_commitment − available_commitment, computed on read.
struct Balance {
  int64_t user_id = 0;
  std::string token;                  // the token's mint address
  uint64_t balance = 0;               // custody total in ledger units
  Commitment balance_commitment{};    // balance·G (blinding 0): anyone can recompute it
  Commitment available_commitment{};  // A
  Commitment locked_commitment{};     // Σ obligations of the open orders
  int64_t open_obligations = 0;       // how many orders locked_commitment sums
  int64_t updated_at = 0;
};

// A deposit or withdrawal. `reference` is the caller's idempotency key, unique per user: a
// retried call with the same reference returns this same record and moves nothing.
struct Transfer {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string token;
  TransferKind kind = TransferKind::kDeposit;
  uint64_t amount = 0;
  std::string reference;
  uint64_t balance_after = 0;  // the balance right after this transfer
  int64_t created_at = 0;

  friend bool operator==(const Transfer&, const Transfer&) = default;
};

// A row of trading_pairs: the order module's pair (checked by PairSpec::Create when read)
// and whether it trades.
struct TradingPair {
  int64_t id = 0;
  order::PairSpec spec;
  bool is_active = true;
};

// An order as stored: the serialised order kept whole, the metadata the store derived from
// it, and the amounts learnt when a batch it was in settled.
struct OrderRecord {
  int64_t id = 0;
  int64_t user_id = 0;
  int64_t trading_pair_id = 0;
  order::Side side = order::Side::kBuy;
  order::OrderType order_type = order::OrderType::kLimit;
  order::Validity validity = order::Validity::kGtc;
  std::optional<int64_t> expires_at;  // microseconds; gtt only
  order::Nonce nonce{};
  Bytes encrypted_order;  // EncryptedOrder::Serialize(), whole
  std::string obligation_token;
  Commitment obligation_commitment{};
  OrderStatus status = OrderStatus::kActive;
  std::optional<uint64_t> min_fill_amount;   // known once decrypted
  std::optional<uint64_t> filled_amount;     // cumulative, known once settled
  std::optional<uint64_t> remaining_amount;  // known once settled
  std::optional<int64_t> matching_session_id;
  int64_t created_at = 0;
  int64_t updated_at = 0;

  bool operator==(const OrderRecord&) const = default;
};

struct OrderQuery {
  int64_t user_id = 0;  // whose orders
  std::optional<OrderStatus> status;
  int64_t after_id = 0;  // paging: orders with id > after_id, ascending
  int32_t limit = 100;   // 1..1000
};

}  // namespace phantompool::store
