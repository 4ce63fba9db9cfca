// SchnorrProof: knowledge of x with X = x·G (Schnorr's protocol, made non-interactive
// through the transcript). Two uses, one type:
//  - an order's KEM point R = r·G: bound to a transcript that holds the whole order, it is
//    the "signed ElGamal" proof of Schnorr–Jakobsson (2000) that makes the KEM
//    non-malleable — nobody can reuse someone else's R without knowing r
//    (Fuchsbauer–Plouviez–Seurin 2020 prove the CCA security of this construction);
//  - a DKG dealer's commitment C_0 = a_0·G: without it, a dealer who speaks last could
//    publish C_0 = Y − Σ(others' C_0) and own the joint key (a rogue-key attack).
//
//   prover:   k (hedged nonce);  A = k·G
//   challenge c from the transcript after "phantompool/schnorr-proof/v1", X, A
//   response: z = k + c·x
//   verifier: z·G = A + c·X
//
// Wire format (65 bytes): version (1) || A || z.
#pragma once

#include <array>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/crypto/scalar.h"
#include "phantompool/crypto/secret_scalar.h"
#include "phantompool/crypto/sigma_codec.h"
#include "phantompool/crypto/transcript.h"

namespace phantompool::crypto {

class SchnorrProof {
 public:
  static constexpr std::string_view kDomain = "phantompool/schnorr-proof/v1";
  static constexpr size_t kSize = sigma::ProofSize(1, 1);

  // Constant time in x (here r). Fails (InvalidArgument) if X is the identity or X ≠ x·G.
  static Result<SchnorrProof> Prove(Transcript& t, const Point& R, const SecretScalar& r, Rng& rng);
  // VerificationFailed if the proof does not hold for R in this transcript;
  // InvalidArgument if R is the identity.
  Status Verify(Transcript& t, const Point& R) const;
  // As Verify, but adds the equation to `batch` (weighted by the batch's own randomness)
  // instead of checking it. Statement and structure errors are still returned here.
  Status VerifyBatched(Transcript& t, const Point& R, sigma::CombinedCheck& batch) const;

  std::array<uint8_t, kSize> Serialize() const;
  static Result<SchnorrProof> Parse(std::span<const uint8_t> bytes,
                                    std::string_view field = "schnorr_proof");
  // Parse for many proofs, their commitments A decoded in one batch (Point::DecodeBatch):
  // the same rules and errors, field(i) naming proof i.
  static Result<std::vector<SchnorrProof>> ParseBatch(
      std::span<const std::span<const uint8_t>> proofs,
      const std::function<std::string(size_t)>& field);

 private:
  SchnorrProof(const Point& A, const Scalar& z) : A_(A), z_(z) {}
  Result<Scalar> Absorb(Transcript& t, const Point& R) const;
  void AddEquations(const Scalar& c, const Point& R, sigma::CombinedCheck& check) const;

  Point A_;
  Scalar z_;
};

}  // namespace phantompool::crypto
