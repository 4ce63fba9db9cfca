// Schnorr proof of knowledge of a discrete logarithm: x with X = x·G.
//
// A DKG dealer proves it knows a_0, the constant term of its polynomial, for its commitment
// C_0 = a_0·G. Without it, a dealer who speaks last could publish C_0 = Y − Σ(others' C_0)
// for a Y of its choice and own the joint key outright (a rogue-key attack). The caller's
// transcript binds the proof to the dealer's index, the DKG's context id and all of its
// commitments, so it cannot be replayed for another dealer, run or polynomial.
//
//   prover:   k (hedged, sigma::DeriveNonces);  A = k·G
//   challenge c after "phantompool/schnorr-proof/v1", X, A
//   response: z = k + c·x
//   verifier: z·G = A + c·X
//
// Wire format (65 bytes): version (1) || A || z.
#pragma once

#include <array>
#include <span>
#include <string_view>

#include "phantompool/common/result.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/crypto/scalar.h"
#include "phantompool/crypto/secret_scalar.h"
#include "phantompool/crypto/sigma_codec.h"
#include "phantompool/crypto/transcript.h"

namespace phantompool::crypto::threshold {

class SchnorrProof {
 public:
  static constexpr std::string_view kDomain = "phantompool/schnorr-proof/v1";
  static constexpr size_t kSize = sigma::ProofSize(1, 1);

  // Constant time in x. InvalidArgument if X is the identity or X ≠ x·G.
  static Result<SchnorrProof> Prove(Transcript& t, const Point& X, const SecretScalar& x, Rng& rng);
  Status Verify(Transcript& t, const Point& X) const;

  std::array<uint8_t, kSize> Serialize() const;
  static Result<SchnorrProof> Parse(std::span<const uint8_t> bytes,
                                    std::string_view field = "schnorr_proof");

 private:
  SchnorrProof() = default;
  Point A_;
  Scalar z_;
};

}  // namespace phantompool::crypto::threshold
