// EncryptedOrder: an order as it leaves the trader's machine.
//
// Size, limit price and min fill are each split into four 16-bit limbs; every limb is
// ElGamal-encrypted under the executors' joint key (so a quorum can decrypt it by table
// lookup) and Pedersen-committed, with a proof that the two hold the same limb. The value
// commitments are the limb commitments recombined (Σ 2^16j·C_j), so they need no proof of
// their own. Two aggregated Bulletproofs then cover 32 16-bit quantities: every limb, and
// the chunks of the derived quantities that make the order well formed and solvent
// (docs/order.md lists them and says why two proofs of 16 rather than one of 32). Metadata (pair,
// side, type, validity, expiry, owner, nonce) is in the clear: the server may know it. The trader
// signs everything.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/elgamal.h"
#include "phantompool/crypto/equality_proof.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/product_proof.h"
#include "phantompool/crypto/range_proof.h"
#include "phantompool/order/order.h"
#include "phantompool/order/order_secrets.h"
#include "phantompool/order/trader_key.h"

namespace phantompool::order {

inline constexpr uint8_t kEncryptedOrderVersion = 1;
inline constexpr size_t kLimbsPerValue = 4;
inline constexpr size_t kChunksPerAux = 4;
inline constexpr size_t kRangeSlots = 32;  // 16-bit quantities covered by range proofs
inline constexpr size_t kRangeProofs = 2;  // each aggregates 16 of them
inline constexpr size_t kSlotsPerRangeProof = kRangeSlots / kRangeProofs;
inline constexpr size_t kRangeBits = 16;
inline constexpr std::string_view kOrderSignatureDomain = "phantompool/order-signature/v1";

// Proof members are optional only so the prover can bind every ciphertext and commitment
// into the transcript before it proves; EncryptOrder and Parse always fill them.
struct EncryptedLimb {
  crypto::ElGamalCiphertext ciphertext;
  crypto::Point commitment;
  std::optional<crypto::CiphertextCommitmentEqualityProof> equality_proof;
};

struct EncryptedValue {
  std::vector<EncryptedLimb> limbs;  // exactly kLimbsPerValue, least significant first
  // Σ_j 2^(16j)·limbs[j].commitment: a commitment to the whole u64.
  crypto::Point Commitment() const;
};

// A commitment to (size × price) with its proof; limit buys only.
struct ProductCommitment {
  crypto::Point commitment;
  std::optional<crypto::ProductProof> proof;
};

struct EncryptedOrder {
  uint8_t version = kEncryptedOrderVersion;
  std::string pair;
  std::string user_id;
  Nonce nonce{};
  Side side = Side::kBuy;
  OrderType type = OrderType::kLimit;
  Validity validity = Validity::kGtc;
  uint64_t expiry = 0;
  EncryptedValue size;
  std::optional<EncryptedValue> price;  // limit orders only
  EncryptedValue min_fill;
  std::optional<ProductCommitment> product;  // limit buys only
  // Chunk commitments of each derived quantity, in AuxSlot order (kPriceMinusOne only for
  // limit orders).
  std::vector<std::array<crypto::Point, kChunksPerAux>> aux_chunks;
  // Exactly kRangeProofs; proof i covers range slots [16i, 16i + 16).
  std::vector<crypto::RangeProof> range_proofs;
  Signature signature{};

  // The versioned binary form (docs/order.md) and its strict parser.
  std::vector<uint8_t> Serialize() const;
  static Result<EncryptedOrder> Parse(std::span<const uint8_t> bytes);
  // Everything but the signature: what the signature covers.
  std::vector<uint8_t> SignedBytes() const;
};

// What the verifier knows besides the order itself.
struct OrderStatement {
  const PairSpec* pair;
  crypto::Point joint_public_key;      // the executors' ElGamal key
  crypto::Point available_commitment;  // A: commits to the trader's available balance
  PublicKey trader_public_key;         // the registered Ed25519 key of order.user_id
};

// The opening of A that the trader knows (its available balance and A's blinding).
struct BalanceOpening {
  uint64_t available = 0;
  crypto::Scalar blinding;
};

// Encrypts, commits, proves and signs. Fails (nothing is produced) if the order is invalid
// for the pair, or insolvent: a false statement cannot be proven.
Result<EncryptedOrder> EncryptOrder(const Order& order, const PairSpec& pair,
                                    const crypto::Point& joint_public_key,
                                    const BalanceOpening& balance, const TraderKey& key,
                                    crypto::Rng& rng);

Status VerifyEncryptedOrder(const EncryptedOrder& order, const OrderStatement& statement);

// Verifies many orders; the range proofs of all of them in one multi-scalar
// multiplication. On failure the Status names the order's index ("orders[7].…").
Status BatchVerifyEncryptedOrders(std::span<const EncryptedOrder> orders,
                                  std::span<const OrderStatement> statements, crypto::Rng& rng);

// What the order locks: a commitment to Obligation(order) (order.h) in ledger units.
crypto::Point ObligationCommitment(const EncryptedOrder& order, const PairSpec& pair);

// A = balance·G − Σ locked: the available-balance commitment the verifier uses.
crypto::Point AvailableBalanceCommitment(uint64_t ledger_balance,
                                         std::span<const crypto::Point> locked_obligations);

}  // namespace phantompool::order
