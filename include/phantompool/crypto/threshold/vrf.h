// Threshold VRF: the executors' fair random draw for a matching session.
//
// For a 32-byte seed (the coordinator hashes the pair, session number, previous output and
// the frozen batch's digest into it), H = FromUniformBytes(SHA-512("phantompool/
// threshold-vrf/v1/hash-to-group" || 0 || seed)) — an element whose discrete log nobody
// knows. Executor i returns Γ_i = s_i·H with a DLEQ proof (G, VK_i, H, Γ_i) bound to the key
// set, the seed and i. Any t valid shares combine with Lagrange weights into Γ = s·H, and
// the output is BLAKE2b-256("phantompool/threshold-vrf/v1/output", seed, Γ) (framed).
//
// Unique: Γ is determined by the key and the seed, so every quorum of valid shares gives
// the same output and nobody can re-draw. Pseudorandom: computing s·H for a fresh H
// without t shares is CDH in ristretto255. Anyone holding the public key set can re-run
// VerifyVrf on the stored shares.
//
// Share wire format, version 1 (132 bytes): kind (0x21) || version (1) || index (1)
// || Γ_i (32, canonical, not the identity) || proof (97, dleq_proof.h).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/dleq_proof.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/crypto/threshold/key_share.h"
#include "phantompool/crypto/threshold/public_key_set.h"

namespace phantompool::crypto::threshold {

inline constexpr std::string_view kVrfLabel = "phantompool/threshold-vrf/v1";
inline constexpr size_t kVrfSeedBytes = 32;
inline constexpr size_t kVrfOutputBytes = 32;
using VrfSeed = std::span<const uint8_t, kVrfSeedBytes>;

// H for a seed: never the identity (FromUniformBytes of a hash output is the identity with
// probability 2^-252; VrfBase checks and aborts rather than publish s·identity).
Point VrfBase(VrfSeed seed);

class VrfShare {
 public:
  static constexpr uint8_t kKind = 0x21;
  static constexpr uint8_t kVersion = 1;
  static constexpr size_t kSize = 3 + kPointBytes + DleqProof::kSize;

  uint32_t index() const { return index_; }
  const Point& gamma() const { return gamma_; }
  const DleqProof& proof() const { return proof_; }

  std::array<uint8_t, kSize> Serialize() const;
  static Result<VrfShare> Parse(std::span<const uint8_t> bytes);

 private:
  friend Result<VrfShare> ProveVrfShare(const KeyShare&, VrfSeed, Rng&);
  VrfShare(uint32_t index, const Point& gamma, const DleqProof& proof)
      : index_(index), gamma_(gamma), proof_(proof) {}

  uint32_t index_;
  Point gamma_;
  DleqProof proof_;
};

// Γ_i = s_i·H and its proof. Constant time in s_i.
Result<VrfShare> ProveVrfShare(const KeyShare& key, VrfSeed seed, Rng& rng);

// One share against the key set. InvalidArgument for an index outside 1..n,
// VerificationFailed if the proof does not verify.
Status VerifyVrfShare(const PublicKeySet& keys, VrfSeed seed, const VrfShare& share);

// A share VerifyVrf did not use, and why.
struct VrfShareRejection {
  size_t position = 0;  // in the input
  uint32_t index = 0;
  Status reason;
};

struct VrfOutput {
  std::array<uint8_t, kVrfOutputBytes> value{};
  Point gamma;                              // s·H
  std::vector<uint32_t> used_indices;       // the quorum that was combined
  std::vector<VrfShareRejection> rejected;  // invalid or duplicate shares
};

// The auditor's check: verifies every share, drops invalid and duplicate ones (listed in
// rejected), needs at least t valid shares with distinct indices (FailedPrecondition
// naming how many were valid otherwise), combines t of them and hashes.
Result<VrfOutput> VerifyVrf(const PublicKeySet& keys, VrfSeed seed,
                            std::span<const VrfShare> shares);

}  // namespace phantompool::crypto::threshold
