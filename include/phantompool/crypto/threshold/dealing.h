// DealingMessage: a DKG dealer's round-1 broadcast.
//
// Dealer i publishes the Feldman commitments C_ik = a_ik·G of its polynomial f_i, a Schnorr
// proof of knowledge of a_i0 (bound to the context id, i and every commitment), and for
// every participant j (itself included, so every participant treats every dealing alike)
// the share f_i(j) sealed to j's X25519 key. The dealer signs the whole message with its
// Ed25519 key: the relay that forwards it to everyone can drop it but not alter it, and
// two different signed dealings from one dealer are proof that it equivocated.
//
// Wire format, version 1 (37 + 32·t + 65 + 72·n + 64 bytes; n = 5, t = 3: 622):
//   kind (0x01) || version (1) || context id (32) || dealer (1) || t (1) || n (1)
//   || C_i0 .. C_i,t−1 (32 each; canonical, not the identity)
//   || proof of knowledge (65, schnorr_proof.h)
//   || for j = 1..n: box_j = nonce (24) || crypto_box(f_i(j)) (48)
//   || Ed25519 signature (64) over "phantompool/dkg/v1/dealing" || 0 || every byte before it
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/secret_scalar.h"
#include "phantompool/crypto/threshold/dkg_config.h"
#include "phantompool/crypto/threshold/participant_key.h"
#include "phantompool/crypto/threshold/polynomial.h"
#include "phantompool/crypto/schnorr_proof.h"

namespace phantompool::crypto::threshold {

class DealingMessage {
 public:
  static constexpr uint8_t kKind = 0x01;
  static constexpr std::string_view kSignatureDomain = "phantompool/dkg/v1/dealing";
  static constexpr size_t kHeaderBytes = 37;
  static constexpr size_t kSealedShareBytes = kBoxOverheadBytes + kScalarBytes;
  static constexpr size_t SizeFor(uint32_t t, uint32_t n) {
    return kHeaderBytes + t * kPointBytes + SchnorrProof::kSize + n * kSealedShareBytes +
           kSignatureBytes;
  }

  // Participant `dealer`'s dealing of `polynomial` (config.threshold() coefficients),
  // signed with `key`, which must be the roster's key for `dealer` (PP_CHECK). Constant
  // time in the polynomial; the Rng feeds the proof nonce and the box nonces.
  static DealingMessage Create(const DkgConfig& config, uint32_t dealer, const ParticipantKey& key,
                               const SecretPolynomial& polynomial, Rng& rng);

  // Structure only: kind, version, sizes, canonical non-identity commitments, a well-formed
  // proof, no trailing bytes. Errors name the field ("dealing.commitments[2]").
  static Result<DealingMessage> Parse(std::span<const uint8_t> bytes);
  const std::vector<uint8_t>& Serialize() const { return bytes_; }

  // Against one DKG run: its context id ("dealing.context"), t and n, a dealer index in
  // the roster, the dealer's signature ("dealing.signature", VerificationFailed) and the
  // proof of knowledge ("dealing.proof").
  Status Verify(const DkgConfig& config) const;

  const ContextId& context() const { return context_; }
  uint32_t dealer() const { return dealer_; }
  uint32_t threshold() const { return static_cast<uint32_t>(commitments_.size()); }
  uint32_t participants() const { return participants_; }
  std::span<const Point> commitments() const { return commitments_; }
  // The box holding f_dealer(recipient), recipient in 1..participants().
  std::span<const uint8_t> SealedShare(uint32_t recipient) const;

  // BLAKE2b-256 of the signed body (everything but the signature). Two dealings with the
  // same body are the same dealing, even if a dealer signed it twice; the DKG's result
  // hash names each qualified dealing by this digest.
  const Digest& BodyDigest() const { return body_digest_; }

  // Opens f_dealer(recipient) with the recipient's key. Empty if the box does not
  // authenticate or does not hold a canonical scalar: either way the recipient complains.
  // Constant time in the share; only "canonical or not" is published.
  std::optional<SecretScalar> OpenShare(const DkgConfig& config, uint32_t recipient,
                                        const ParticipantKey& recipient_key) const;

 private:
  DealingMessage() = default;
  static Result<DealingMessage> FromBytes(std::vector<uint8_t> bytes);

  std::vector<uint8_t> bytes_;
  ContextId context_{};
  uint32_t dealer_ = 0;
  uint32_t participants_ = 0;
  std::vector<Point> commitments_;
  std::optional<SchnorrProof> proof_;
  Digest body_digest_{};
};

}  // namespace phantompool::crypto::threshold
