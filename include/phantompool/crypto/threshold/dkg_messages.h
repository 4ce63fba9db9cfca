// The DKG's later broadcasts: complaints (round 2), answers to them (round 3) and the
// confirmation of the result (round 4). Each is fixed-size, carries the run's context id
// and is signed by its sender with the Ed25519 identity key, over a domain naming the
// message kind, so the relay can neither forge nor re-purpose one.
//
// Wire formats, version 1 (every field one byte unless stated; signature last, over
// "<domain>" || 0 || every byte before it):
//   complaint    (101): 0x02 || 1 || context (32) || accuser || dealer || reason || sig (64)
//   answer       (132): 0x03 || 1 || context (32) || dealer || accuser || f_dealer(accuser)
//                       (32, canonical scalar) || sig (64)
//   confirmation (131): 0x04 || 1 || context (32) || signer || result hash (32) || sig (64)
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "phantompool/common/result.h"
#include "phantompool/crypto/scalar.h"
#include "phantompool/crypto/secret_scalar.h"
#include "phantompool/crypto/threshold/dealing.h"
#include "phantompool/crypto/threshold/dkg_config.h"
#include "phantompool/crypto/threshold/participant_key.h"

namespace phantompool::crypto::threshold {

enum class ComplaintReason : uint8_t {
  kShareDoesNotOpen = 1,              // the box did not authenticate or held no scalar
  kShareDoesNotMatchCommitments = 2,  // f_i(j)·G ≠ Σ_k j^k·C_ik
};

// Participant `accuser` says dealer `dealer` did not give it a valid share.
class ComplaintMessage {
 public:
  static constexpr uint8_t kKind = 0x02;
  static constexpr std::string_view kSignatureDomain = "phantompool/dkg/v1/complaint";
  static constexpr size_t kSize = 101;

  // `key` must be the roster's key for `accuser` (PP_CHECK).
  static ComplaintMessage Create(const DkgConfig& config, const ParticipantKey& key,
                                 uint32_t accuser, uint32_t dealer, ComplaintReason reason);
  static Result<ComplaintMessage> Parse(std::span<const uint8_t> bytes);
  const std::array<uint8_t, kSize>& Serialize() const { return bytes_; }
  // Context, indices (accuser ≠ dealer, both in the roster) and the accuser's signature.
  Status Verify(const DkgConfig& config) const;

  const ContextId& context() const { return context_; }
  uint32_t accuser() const { return accuser_; }
  uint32_t dealer() const { return dealer_; }
  ComplaintReason reason() const { return reason_; }

 private:
  ComplaintMessage() = default;
  std::array<uint8_t, kSize> bytes_{};
  ContextId context_{};
  uint32_t accuser_ = 0, dealer_ = 0;
  ComplaintReason reason_ = ComplaintReason::kShareDoesNotOpen;
};

// Dealer `dealer` answers `accuser`'s complaint by revealing f_dealer(accuser) to everyone.
// A revealed share that matches the dealer's commitments rejects the complaint (and the
// accuser uses it); anything else disqualifies the dealer.
class ComplaintAnswer {
 public:
  static constexpr uint8_t kKind = 0x03;
  static constexpr std::string_view kSignatureDomain = "phantompool/dkg/v1/answer";
  static constexpr size_t kSize = 132;

  // Publishes `share` (declassified). `key` must be the roster's key for `dealer`.
  static ComplaintAnswer Create(const DkgConfig& config, const ParticipantKey& key, uint32_t dealer,
                                uint32_t accuser, const SecretScalar& share);
  static Result<ComplaintAnswer> Parse(std::span<const uint8_t> bytes);
  const std::array<uint8_t, kSize>& Serialize() const { return bytes_; }
  // Context, indices (accuser ≠ dealer) and the dealer's signature. Whether the share
  // matches the commitments is the DKG's business (it has the dealing).
  Status Verify(const DkgConfig& config) const;

  const ContextId& context() const { return context_; }
  uint32_t dealer() const { return dealer_; }
  uint32_t accuser() const { return accuser_; }
  // Public from the moment the dealer answered.
  const Scalar& revealed_share() const { return share_; }

 private:
  ComplaintAnswer() = default;
  std::array<uint8_t, kSize> bytes_{};
  ContextId context_{};
  uint32_t dealer_ = 0, accuser_ = 0;
  Scalar share_;
};

// Participant `signer` confirms the public result of the run, named by the fingerprint of
// the key set it computed (PublicKeySet::Fingerprint(), which covers the transcript hash).
class ConfirmationMessage {
 public:
  static constexpr uint8_t kKind = 0x04;
  static constexpr std::string_view kSignatureDomain = "phantompool/dkg/v1/confirmation";
  static constexpr size_t kSize = 131;

  static ConfirmationMessage Create(const DkgConfig& config, const ParticipantKey& key,
                                    uint32_t signer, const Digest& result_hash);
  static Result<ConfirmationMessage> Parse(std::span<const uint8_t> bytes);
  const std::array<uint8_t, kSize>& Serialize() const { return bytes_; }
  // Context, signer index and signature (not which hash it confirms).
  Status Verify(const DkgConfig& config) const;

  const ContextId& context() const { return context_; }
  uint32_t signer() const { return signer_; }
  const Digest& result_hash() const { return hash_; }

 private:
  ConfirmationMessage() = default;
  std::array<uint8_t, kSize> bytes_{};
  ContextId context_{};
  uint32_t signer_ = 0;
  Digest hash_{};
};

}  // namespace phantompool::crypto::threshold
