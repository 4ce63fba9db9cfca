// The rows the store reads and writes, as C++ values.
//
// Money is uint64_t in base units (sizes) or ticks (prices). Both back ends keep it in
// signed 64-bit columns with CHECK (>= 0), so every amount the store accepts is at most
// 2^63 - 1; anything larger is refused as invalid input. Times are microseconds since the
// Unix epoch (UTC), taken from the store's Clock, identical on both back ends and in the
// audit hash. Binary objects (ciphertexts, proofs, commitments) are opaque bytes.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "phantompool/common/result.h"

namespace phantompool::store {

using Bytes = std::vector<uint8_t>;
using Commitment = std::array<uint8_t, 32>;                    // a ristretto255 encoding
inline constexpr uint64_t kMaxAmount = 0x7fffffffffffffffULL;  // the 63-bit bound

enum class Side : uint8_t { kBuy, kSell };
enum class OrderType : uint8_t { kMarket, kLimit };
enum class Validity : uint8_t { kGoodTillCancelled, kGoodTillTime, kImmediateOrCancel };
enum class OrderStatus : uint8_t {
  kActive,           // accepted, waiting for its batch
  kMatching,         // frozen into a matching session
  kPartiallyFilled,  // settled with a remainder still on the book
  kFilled,
  kCancelled,
  kExpired,
};
enum class KycStatus : uint8_t { kPending, kVerified, kRejected };

std::string_view Name(Side v);         // "buy" | "sell"
std::string_view Name(OrderType v);    // "market" | "limit"
std::string_view Name(Validity v);     // "gtc" | "gtt" | "ioc"
std::string_view Name(OrderStatus v);  // "active" | "matching" | "partially_filled" | ...
std::string_view Name(KycStatus v);    // "pending" | "verified" | "rejected"
Result<Side> ParseSide(std::string_view s, std::string_view field);
Result<OrderType> ParseOrderType(std::string_view s, std::string_view field);
Result<Validity> ParseValidity(std::string_view s, std::string_view field);
Result<OrderStatus> ParseOrderStatus(std::string_view s, std::string_view field);
Result<KycStatus> ParseKycStatus(std::string_view s, std::string_view field);
// An order in one of these states still holds its obligation in locked_commitment.
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
  int32_t risk_score = 0;  // hundredths, 0..10000
  std::string trading_tier;
  uint64_t max_order_size = 0;
  uint64_t daily_volume_limit = 0;
  bool is_active = true;
  int64_t created_at = 0;
};

struct Balance {
  int64_t user_id = 0;
  std::string token;                  // the token's mint address
  uint64_t balance = 0;               // custody total in base units
  Commitment balance_commitment{};    // balance·G (blinding 0): anyone can recompute it
  Commitment locked_commitment{};     // sum of the open orders' obligation commitments
  Commitment available_commitment{};  // balance_commitment - locked_commitment
  int64_t open_obligations = 0;       // how many commitments locked_commitment sums
  int64_t updated_at = 0;
};

struct TradingPair {
  int64_t id = 0;
  std::string symbol;  // "SOL/USDC"
  std::string base_token, quote_token, base_token_name, quote_token_name;
  int32_t base_decimals = 0, quote_decimals = 0;
  // The units of the order and auction modules (docs/order.md, docs/auction.md): sizes are
  // lots of base_lot base ledger units, prices are ticks.
  uint64_t base_lot = 1;        // base ledger units per lot
  uint64_t quote_per_tick = 1;  // quote ledger units per lot per tick (per base_scale lots)
  uint64_t base_scale = 1;      // divisor of size × price × quote_per_tick
  uint64_t tick_size = 1;       // prices are multiples of this many ticks
  uint64_t min_price = 1, max_price = 0;            // ticks
  uint64_t collar_low = 0, collar_price = 0;        // market-order collars, ticks
  uint64_t min_order_size = 0, max_order_size = 0;  // lots
  bool is_active = true;
};

// Quote value of a trade of `size` lots at `price` ticks, the auction's notional:
// floor(size * price * quote_per_tick / base_scale), or nullopt past 63 bits.
std::optional<uint64_t> QuoteValue(const TradingPair& pair, uint64_t size, uint64_t price);

// An order as the order module serialised it, plus the metadata the server checked.
struct NewOrder {
  int64_t user_id = 0;
  int64_t trading_pair_id = 0;
  Side side = Side::kBuy;
  OrderType order_type = OrderType::kLimit;
  Validity validity = Validity::kGoodTillCancelled;
  std::optional<int64_t> expires_at;  // required for gtt, forbidden otherwise
  uint16_t format_version = 1;
  Bytes ciphertexts;                   // versioned serialised ElGamal ciphertexts (opaque here)
  Bytes commitments;                   // versioned serialised Pedersen commitments (opaque here)
  Bytes proof_bundle;                  // range, equality and solvency proofs (opaque here)
  Bytes signature;                     // Ed25519 over the whole order, 64 bytes
  Bytes nonce;                         // 16..64 bytes, unique per user
  Commitment obligation_commitment{};  // what this order locks: size (sell), size×price (buy)
};

struct Order {
  int64_t id = 0;
  int64_t user_id = 0;
  int64_t trading_pair_id = 0;
  Side side = Side::kBuy;
  OrderType order_type = OrderType::kLimit;
  Validity validity = Validity::kGoodTillCancelled;
  std::optional<int64_t> expires_at;
  uint16_t format_version = 1;
  Bytes ciphertexts, commitments, proof_bundle, signature, nonce;
  std::string obligation_token;
  Commitment obligation_commitment{};
  OrderStatus status = OrderStatus::kActive;
  std::optional<uint64_t> min_fill_amount;   // known once decrypted
  std::optional<uint64_t> filled_amount;     // known once settled
  std::optional<uint64_t> remaining_amount;  // known once settled
  std::optional<int64_t> matching_session_id;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct OrderQuery {
  int64_t user_id = 0;  // whose orders
  std::optional<OrderStatus> status;
  int64_t after_id = 0;  // paging: orders with id > after_id, ascending
  int32_t limit = 100;   // 1..1000
};

}  // namespace phantompool::store
