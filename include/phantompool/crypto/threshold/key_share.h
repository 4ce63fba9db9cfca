// KeyShare: one participant's secret share s_j of the joint key, as the DKG leaves it.
//
// It is what an executor keeps (encrypted at rest by the executor module): its index j, the
// run's t, n and transcript hash (so it is never used against another run's public keys),
// and s_j in a SecretScalar. The serialised form holds the secret, so it comes out only as
// SecretBytes through SerializeSecret().
//
// Wire format, version 1 (69 bytes): kind (0x10) || version (1) || t (1) || n (1)
// || index (1) || transcript hash (32) || s_j (32, canonical, non-zero).
#pragma once

#include <cstdint>
#include <span>

#include "phantompool/common/result.h"
#include "phantompool/crypto/secret_scalar.h"
#include "phantompool/crypto/threshold/params.h"
#include "phantompool/crypto/threshold/public_key_set.h"
#include "phantompool/crypto/secret_bytes.h"

namespace phantompool::crypto::threshold {

class KeyShare {
 public:
  static constexpr uint8_t kKind = 0x10;
  static constexpr uint8_t kVersion = 1;
  static constexpr size_t kSize = 69;

  // index in 1..n; InvalidArgument otherwise or for a zero share.
  static Result<KeyShare> Create(ThresholdParams params, uint32_t index,
                                 const TranscriptHash& transcript_hash, SecretScalar share);

  SecretBytes SerializeSecret() const;
  // Constant time in the share bytes except for the canonical/non-zero verdict.
  static Result<KeyShare> Parse(std::span<const uint8_t> bytes);

  // The share belongs to this key set: same t, n and transcript hash, and s_j·G = VK_j.
  // FailedPrecondition (another run) or VerificationFailed (wrong share) otherwise.
  Status CheckAgainst(const PublicKeySet& keys) const;

  const ThresholdParams& params() const { return params_; }
  uint32_t index() const { return index_; }
  const TranscriptHash& transcript_hash() const { return transcript_hash_; }
  // s_j. Use share().ExposeSecret() to reach the scalar.
  const SecretScalar& share() const { return share_; }

 private:
  KeyShare(ThresholdParams params, uint32_t index, const TranscriptHash& hash, SecretScalar share)
      : params_(params), index_(index), transcript_hash_(hash), share_(std::move(share)) {}

  ThresholdParams params_;
  uint32_t index_;
  TranscriptHash transcript_hash_;
  SecretScalar share_;
};

}  // namespace phantompool::crypto::threshold
