// CiphertextCommitmentEqualityProof: an ElGamal ciphertext and a Pedersen commitment hold
// the same value.
//
// Statement (PK, ct = (R, M), C); witness (v, r, t) with
//   R = r·G,  M = v·G + r·PK,  C = v·G + t·H.
//   prover:   k_v, k_r, k_t;  A_R = k_r·G,  A_M = k_v·G + k_r·PK,  A_C = k_v·G + k_t·H
//   challenge c after "phantompool/ciphertext-commitment-equality-proof/v1", PK, R, M, C,
//             A_R, A_M, A_C
//   response: z_v = k_v + c·v,  z_r = k_r + c·r,  z_t = k_t + c·t
//   verifier: z_r·G = A_R + c·R,  z_v·G + z_r·PK = A_M + c·M,  z_v·G + z_t·H = A_C + c·C
// The same z_v answers for the value in both the ciphertext and the commitment, so two
// accepting transcripts with one commitment triple give a single v opening both.
//
// Wire format (193 bytes): version (1) || A_R || A_M || A_C || z_v || z_r || z_t.
#pragma once

#include <array>
#include <span>
#include <string_view>

#include "phantompool/common/result.h"
#include "phantompool/crypto/elgamal.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/crypto/scalar.h"
#include "phantompool/crypto/sigma_codec.h"
#include "phantompool/crypto/transcript.h"

namespace phantompool::crypto {

class CiphertextCommitmentEqualityProof {
 public:
  static constexpr std::string_view kDomain = "phantompool/ciphertext-commitment-equality-proof/v1";
  static constexpr size_t kSize = sigma::ProofSize(3, 3);

  // Constant time in (value, r, blinding). Fails (InvalidArgument) on an identity PK or C,
  // or if the witness does not fit the statement.
  static Result<CiphertextCommitmentEqualityProof> Prove(Transcript& t, const Point& pk,
                                                         const ElGamalCiphertext& ct,
                                                         const Point& C, const Scalar& value,
                                                         const Scalar& r, const Scalar& blinding,
                                                         Rng& rng);
  Status Verify(Transcript& t, const Point& pk, const ElGamalCiphertext& ct, const Point& C) const;
  // As Verify, but adds the proof's equations to `batch` (a CombinedCheck built on the
  // verifier's Rng) instead of checking them; the caller checks every batched proof at once
  // with batch.Holds(). Statement and structure errors are still returned here.
  Status VerifyBatched(Transcript& t, const Point& pk, const ElGamalCiphertext& ct, const Point& C,
                       sigma::CombinedCheck& batch) const;

  std::array<uint8_t, kSize> Serialize() const;
  static Result<CiphertextCommitmentEqualityProof> Parse(std::span<const uint8_t> bytes,
                                                         std::string_view field = "equality_proof");

 private:
  // Checks the statement, replays the transcript and returns the challenge.
  Result<Scalar> Absorb(Transcript& t, const Point& pk, const ElGamalCiphertext& ct,
                        const Point& C) const;
  void AddEquations(const Scalar& c, const Point& pk, const ElGamalCiphertext& ct, const Point& C,
                    sigma::CombinedCheck& check) const;

  CiphertextCommitmentEqualityProof() = default;

  Point A_R_, A_M_, A_C_;
  Scalar z_v_, z_r_, z_t_;
};

}  // namespace phantompool::crypto
