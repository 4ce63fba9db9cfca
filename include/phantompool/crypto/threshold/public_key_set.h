// PublicKeySet: everything public that a DKG run leaves behind, and everything a verifier
// of decryption or VRF shares needs: t, n, the joint key PK = s·G, every participant's
// verification key VK_j = s_j·G, which dealers qualified, and the hash of the run's public
// transcript. All qualified participants signed its fingerprint (dkg.h).
//
// An invalid set cannot exist: Create and Parse check the parameters, refuse identity
// keys, and check that PK and VK_1..VK_n lie on one polynomial of degree < t ("in the
// exponent": interpolating any t of them gives the others and PK), so a set whose keys
// were altered, truncated or mixed from two runs is refused, not trusted.
//
// Wire format, version 1 (72 + 32·n bytes): kind (0x11) || version (1) || t (1) || n (1)
// || qualified dealers (u32 LE, bit i − 1 for participant i) || transcript hash (32)
// || PK (32) || VK_1 .. VK_n (32 each).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/threshold/params.h"

namespace phantompool::crypto::threshold {

using TranscriptHash = std::array<uint8_t, 32>;

class PublicKeySet {
 public:
  static constexpr uint8_t kKind = 0x11;
  static constexpr uint8_t kVersion = 1;
  static constexpr size_t SizeFor(uint32_t n) { return 72 + 32 * size_t{n}; }

  // verification_keys[j − 1] = VK_j, exactly n of them. The qualified mask must name at
  // least t participants and none beyond n.
  static Result<PublicKeySet> Create(ThresholdParams params, uint32_t qualified_mask,
                                     const TranscriptHash& transcript_hash, const Point& public_key,
                                     std::vector<Point> verification_keys);

  std::vector<uint8_t> Serialize() const;
  static Result<PublicKeySet> Parse(std::span<const uint8_t> bytes);

  const ThresholdParams& params() const { return params_; }
  uint32_t threshold() const { return params_.threshold(); }
  uint32_t participants() const { return params_.participants(); }
  const Point& public_key() const { return public_key_; }
  // index in 1..n (PP_CHECK).
  const Point& verification_key(uint32_t index) const;
  std::span<const Point> verification_keys() const { return verification_keys_; }
  uint32_t qualified_mask() const { return qualified_; }
  bool IsQualified(uint32_t index) const;
  const TranscriptHash& transcript_hash() const { return transcript_hash_; }
  // BLAKE2b-256 (through the transcript framing) of the serialised set: what the DKG's
  // confirmations sign, so every byte of a stored set is covered by them.
  std::array<uint8_t, 32> Fingerprint() const;

  friend bool operator==(const PublicKeySet& a, const PublicKeySet& b) {
    return a.Serialize() == b.Serialize();
  }

 private:
  PublicKeySet(ThresholdParams params) : params_(params) {}

  ThresholdParams params_;
  uint32_t qualified_ = 0;
  TranscriptHash transcript_hash_{};
  Point public_key_;
  std::vector<Point> verification_keys_;
};

}  // namespace phantompool::crypto::threshold
