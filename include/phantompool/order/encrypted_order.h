// EncryptedOrder (format version 2): an order as it leaves the trader's machine.
//
// Size, limit price and min fill are Pedersen-committed. Their opening (the values and the
// blindings) is encrypted ONCE under the executors' joint key with a threshold ElGamal KEM
// and an AEAD: R = r·G, K = r·PK, an XChaCha20-Poly1305 key derived from K, R and the
// order's context. A Schnorr proof of knowledge of r, bound to the whole order, makes the
// ciphertext impossible to reuse in any other order (docs/order.md, "Why a copied
// ciphertext is useless"). One aggregated 256-bit Bulletproof proves eight 32-bit
// quantities that make the order valid for its pair and solvent; a product proof ties a
// limit buy's obligation to size × price. Metadata (pair, side, type, validity, expiry,
// owner, nonce) is in the clear: the server may know it. The trader signs everything.
//
// An EncryptedOrder is immutable and cannot exist malformed: it is made by EncryptOrder or
// by Parse, which checks every length, encoding and presence rule. It keeps the exact wire
// bytes it was made from, so verification hashes them instead of re-encoding points.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/aead.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/product_proof.h"
#include "phantompool/crypto/range_proof.h"
#include "phantompool/crypto/schnorr_proof.h"
#include "phantompool/order/order.h"
#include "phantompool/order/trader_key.h"

namespace phantompool::order {

inline constexpr uint8_t kEncryptedOrderVersion = 2;
inline constexpr size_t kRangeValues = 8;  // 32-bit quantities in the one range proof
inline constexpr size_t kRangeBits = 32;
inline constexpr std::string_view kOrderSignatureDomain = "phantompool/order-signature/v2";
// The AEAD plaintext: u8 version | u32 size | u32 price (in units of tick_size; 0 for a
// market order) | u32 min_fill | the three commitments' blindings (32 bytes each; zero for
// a market order's price).
inline constexpr uint8_t kOpeningVersion = 1;
inline constexpr size_t kOpeningBytes = 1 + 3 * 4 + 3 * 32;
inline constexpr size_t kKemCiphertextBytes = kOpeningBytes + crypto::kAeadTagBytes;
inline constexpr size_t kTraderWrapBytes = 32;

// The threshold-encrypted opening of the order's commitments.
struct OrderKem {
  crypto::Point R;                                      // r·G
  crypto::AeadNonce nonce{};                            // from the trader's Rng
  std::vector<uint8_t> ciphertext;                      // kKemCiphertextBytes: AEAD of the opening
  std::array<uint8_t, kTraderWrapBytes> trader_wrap{};  // the AEAD key, wrapped for the trader
};

class EncryptedOrder {
 public:
  // Strict: every length, canonical encoding, non-identity point, scalar < ℓ, enum and
  // presence rule (a price exactly for limit orders, a product exactly for limit buys, an
  // expiry exactly for gtt) is checked; trailing bytes are an error. Errors name the field
  // ("kem.R: non-canonical point encoding").
  static Result<EncryptedOrder> Parse(std::span<const uint8_t> bytes);
  // For a frozen batch, whose orders were verified whole when they were accepted: the same
  // strict parse of the statement, the KEM and its proof, the commitments and the signature,
  // but the product and range proofs are only length-checked, not decoded (they are three
  // quarters of an order's points, and nothing after intake reads them). Such an order has
  // no order proofs (has_order_proofs() is false): VerifyEncryptedOrder(s) refuse it.
  static Result<EncryptedOrder> ParseWithoutOrderProofs(std::span<const uint8_t> bytes);

  const std::vector<uint8_t>& Serialize() const { return wire_; }
  // Everything but the signature: what the signature covers.
  std::span<const uint8_t> SignedBytes() const;
  // The statement part: metadata, commitments and the KEM (everything before the proofs).
  // Both proof transcripts absorb it whole.
  std::span<const uint8_t> StatementBytes() const;
  // What the AEAD authenticates besides the ciphertext: the statement bytes before it.
  std::span<const uint8_t> AssociatedData() const;
  // BLAKE2b-256 of R, the AEAD nonce and ciphertext: names this order's ciphertext in a
  // batch digest (auction/vrf_seed.h).
  std::array<uint8_t, 32> CiphertextHash() const;

  uint8_t version() const { return kEncryptedOrderVersion; }
  const std::string& pair() const { return pair_; }
  const std::string& user_id() const { return user_id_; }
  const Nonce& nonce() const { return nonce_; }
  Side side() const { return side_; }
  OrderType type() const { return type_; }
  Validity validity() const { return validity_; }
  uint64_t expiry() const { return expiry_; }
  // Which DKG's joint key the opening is encrypted to (docs/order.md).
  uint32_t key_epoch() const { return key_epoch_; }

  const crypto::Point& size_commitment() const { return size_; }
  const std::optional<crypto::Point>& price_commitment() const { return price_; }
  const crypto::Point& min_fill_commitment() const { return min_fill_; }
  // A commitment to size × price (in tick_size units); limit buys only.
  const std::optional<crypto::Point>& product_commitment() const { return product_; }
  // The upper 32 bits of (available − obligation); the lower half is derived.
  const crypto::Point& remainder_high_commitment() const { return remainder_high_; }
  const OrderKem& kem() const { return kem_; }
  const crypto::SchnorrProof& kem_proof() const { return *kem_proof_; }
  // The decoded product and range proofs: only when has_order_proofs().
  bool has_order_proofs() const { return range_proof_.has_value(); }
  const std::optional<crypto::ProductProof>& product_proof() const { return product_proof_; }
  const crypto::RangeProof& range_proof() const { return *range_proof_; }
  // The proofs' bytes as received (whether or not they were decoded); the product proof's is
  // empty when the order has none.
  std::span<const uint8_t> ProductProofBytes() const;
  std::span<const uint8_t> RangeProofBytes() const;
  const Signature& signature() const { return signature_; }

 private:
  friend class EncryptedOrderAssembler;
  EncryptedOrder() = default;
  static Result<EncryptedOrder> ParseImpl(std::span<const uint8_t> bytes, bool order_proofs);

  std::string pair_, user_id_;
  Nonce nonce_{};
  Side side_ = Side::kBuy;
  OrderType type_ = OrderType::kLimit;
  Validity validity_ = Validity::kGtc;
  uint64_t expiry_ = 0;
  uint32_t key_epoch_ = 0;
  crypto::Point size_, min_fill_, remainder_high_;
  std::optional<crypto::Point> price_, product_;
  OrderKem kem_;
  // The KEM proof is always present once constructed (the proof types have no empty state);
  // the range proof, and the product proof of a limit buy, unless parsed without them.
  std::optional<crypto::SchnorrProof> kem_proof_;
  std::optional<crypto::ProductProof> product_proof_;
  std::optional<crypto::RangeProof> range_proof_;
  Signature signature_{};

  std::vector<uint8_t> wire_;
  size_t associated_end_ = 0;  // AssociatedData() = wire_[0, associated_end_)
  size_t statement_end_ = 0;   // StatementBytes() = wire_[0, statement_end_)
};

// What the verifier knows besides the order itself.
struct OrderStatement {
  const PairSpec* pair;                // narrowed to the user's limit (PairSpec::WithUserLimit)
  crypto::Point joint_public_key;      // the executors' key
  uint32_t key_epoch = 0;              // and its epoch
  crypto::Point available_commitment;  // A: commits to the trader's available balance
  PublicKey trader_public_key;         // the registered Ed25519 key of order.user_id
};

// The opening of A that the trader knows (its available balance and A's blinding).
struct BalanceOpening {
  uint64_t available = 0;
  crypto::Scalar blinding;
};

// Encrypts, commits, proves and signs. Fails (nothing is produced) if the order is invalid
// for the pair, or insolvent: a false statement cannot be proven. Every secret that
// protects the order (r, the AEAD nonce, every proof nonce) comes from `rng`; the
// commitments' blindings are derived from the key seed and R (order_secrets.h).
Result<EncryptedOrder> EncryptOrder(const Order& order, const PairSpec& pair,
                                    const crypto::Point& joint_public_key, uint32_t key_epoch,
                                    const BalanceOpening& balance, const TraderKey& key,
                                    crypto::Rng& rng);

// Shape, signature, proof of knowledge of r, product proof and range proof, all in one
// multi-scalar multiplication whose weights the verifier draws itself.
Status VerifyEncryptedOrder(const EncryptedOrder& order, const OrderStatement& statement);

// Builds, once per process, the generators and their tables that every order's range
// proof is verified against (crypto::BulletproofGens, built lazily otherwise). A server
// calls it as it starts: the first orders after a start would otherwise all wait for it
// (their verification stage 192 → 88 ms, measured in scripts/bench e2e). Idempotent and
// thread-safe.
void PrepareOrderVerification();

// Verifies many orders in ONE multi-scalar multiplication. The result has one Status per
// order: when the batch fails, the orders are re-checked one by one so that every bad one
// is named and every good one still accepted.
std::vector<Status> VerifyEncryptedOrders(std::span<const EncryptedOrder* const> orders,
                                          std::span<const OrderStatement> statements);

// What the order locks, as a commitment to Obligation(order) (order.h) in ledger units:
// sell base_lot·C_size; limit buy tick_size·quote_per_tick·C_product; market buy
// market_buy_collar·quote_per_tick·C_size.
crypto::Point ObligationCommitment(const EncryptedOrder& order, const PairSpec& pair);

// A = balance·G − Σ locked: the available-balance commitment the verifier uses.
crypto::Point AvailableBalanceCommitment(uint64_t ledger_balance,
                                         std::span<const crypto::Point> locked_obligations);

}  // namespace phantompool::order
