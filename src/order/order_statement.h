// What prover and verifier of an order compute identically: the two transcripts, the eight
// range statements and the KEM key derivation. Internal to the order module.
#pragma once

#include <array>
#include <span>

#include "phantompool/crypto/secret_bytes.h"
#include "phantompool/crypto/transcript.h"
#include "phantompool/crypto/verification_batch.h"
#include "phantompool/order/encrypted_order.h"
#include "phantompool/order/pair_spec.h"

namespace phantompool::order::internal {

inline constexpr std::string_view kOrderProtocol = "phantompool/order/v2";
inline constexpr std::string_view kKemProtocol = "phantompool/order-kem/v2";

// The eight 32-bit quantities of the range proof, in proof order. V_j is the commitment
// each is proven for; the verifier derives every V_j from the order's commitments, A and
// public pair data (docs/order.md, "What one order proves"):
//   0  size − min_order_size         C_size − min·G
//   1  max_order_size − size         max·G − C_size
//   2  min_fill                      C_min_fill
//   3  size − min_fill               C_size − C_min_fill
//   4  price − min_price             C_price − (min_price / tick)·G    (market: 0, V = H)
//   5  max_price − price             (max_price / tick)·G − C_price    (market: 0, V = H)
//   6  remainder, low 32 bits        A − Obligation − 2^32·V_7
//   7  remainder, high 32 bits       C_rem_hi
// Prices are in units of tick_size (so every proven price is on the grid), remainder =
// available − obligation.
enum RangeSlot : size_t {
  kSizeAboveMin = 0,
  kSizeBelowMax = 1,
  kMinFill = 2,
  kSizeAboveMinFill = 3,
  kPriceAboveMin = 4,
  kPriceBelowMax = 5,
  kRemainderLow = 6,
  kRemainderHigh = 7,
};

// The scalar k with Obligation = k·C for C = C_product (limit buys) or C_size (otherwise).
crypto::Scalar ObligationFactor(Side side, OrderType type, const PairSpec& pair);

// The transcript the proof of knowledge of r runs on: the joint key, its epoch and the
// order's whole statement (context, metadata, commitments, R, AEAD nonce and ciphertext,
// the trader's wrap). It does not depend on A, so the executors can check it from the order
// and the joint key alone.
crypto::Transcript KemTranscript(std::span<const uint8_t> statement_bytes,
                                 const crypto::Point& joint_public_key, uint32_t key_epoch);

// The transcript the product and range proofs run on: the order's statement, every pair
// parameter the proofs depend on, the joint key and A.
crypto::Transcript OrderTranscript(std::span<const uint8_t> statement_bytes, const PairSpec& pair,
                                   const crypto::Point& joint_public_key,
                                   const crypto::Point& available_commitment);

// The AEAD key: HKDF-SHA-256 of K and R, salted with the protocol label, with the joint
// key, its epoch and the order's context (pair, user, nonce) as info. It depends only on
// what is fixed at submission.
// `shared` is the canonical encoding of K (the prover computes it in constant time with
// Point::EncodeSecretProduct; the quorum encodes the K it combined).
crypto::SecretBytes KemKey(std::span<const uint8_t, 32> shared, const crypto::Point& R,
                           const crypto::Point& joint_public_key, uint32_t key_epoch,
                           std::string_view pair, std::string_view user_id, const Nonce& nonce);

// The pad that wraps the AEAD key for the trader: HKDF of the trader's seed and R.
crypto::SecretBytes TraderWrapPad(const TraderKey& key, const crypto::Point& R,
                                  std::string_view pair, std::string_view user_id,
                                  const Nonce& nonce);

// Adds the eight V_j (with the range proof's weights w_j) to the batch as linear
// combinations of the order's commitments, A and G/H.
void AddRangeCommitments(const EncryptedOrder& order, const PairSpec& pair,
                         const crypto::Point& available_commitment,
                         std::span<const crypto::Scalar> weights, crypto::VerificationBatch& batch);

}  // namespace phantompool::order::internal
