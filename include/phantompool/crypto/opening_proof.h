// OpeningProof: knowledge of (v, t) with C = v·G + t·H (Schnorr's protocol for two
// generators, made non-interactive through the transcript).
//
//   prover:   k_v, k_t nonces;  A = k_v·G + k_t·H
//   challenge c from the transcript after "phantompool/opening-proof/v1", C, A
//   response: z_v = k_v + c·v,  z_t = k_t + c·t
//   verifier: z_v·G + z_t·H = A + c·C
//
// Wire format (97 bytes): version (1) || A || z_v || z_t.
#pragma once

#include <array>
#include <span>
#include <string_view>

#include "phantompool/common/result.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/crypto/scalar.h"
#include "phantompool/crypto/sigma_codec.h"
#include "phantompool/crypto/transcript.h"

namespace phantompool::crypto {

class OpeningProof {
 public:
  static constexpr std::string_view kDomain = "phantompool/opening-proof/v1";
  static constexpr size_t kSize = sigma::ProofSize(1, 2);

  // Proves knowledge of the opening (value, blinding) of C. Constant time in the witness.
  // Fails (InvalidArgument) if C is the identity or the witness does not open C.
  static Result<OpeningProof> Prove(Transcript& t, const Point& C, const Scalar& value,
                                    const Scalar& blinding, Rng& rng);
  // VerificationFailed if the proof does not hold for C in this transcript;
  // InvalidArgument if C is the identity.
  Status Verify(Transcript& t, const Point& C) const;
  // As Verify, but adds the proof's equations to `batch` (a CombinedCheck built on the
  // verifier's Rng) instead of checking them; the caller checks every batched proof at once
  // with batch.Holds(). Statement and structure errors are still returned here.
  Status VerifyBatched(Transcript& t, const Point& C, sigma::CombinedCheck& batch) const;

  std::array<uint8_t, kSize> Serialize() const;
  static Result<OpeningProof> Parse(std::span<const uint8_t> bytes,
                                    std::string_view field = "opening_proof");

 private:
  // Checks the statement, replays the transcript and returns the challenge.
  Result<Scalar> Absorb(Transcript& t, const Point& C) const;
  void AddEquations(const Scalar& c, const Point& C, sigma::CombinedCheck& check) const;

  OpeningProof(const Point& A, const Scalar& z_v, const Scalar& z_t)
      : A_(A), z_v_(z_v), z_t_(z_t) {}

  Point A_;
  Scalar z_v_;
  Scalar z_t_;
};

}  // namespace phantompool::crypto
