// Discrete-log equality (Chaum–Pedersen): one secret x with P1 = x·B1 and P2 = x·B2.
//
// DleqProof, statement (B1, P1, B2, P2):
//   prover:   k;  A1 = k·B1,  A2 = k·B2
//   challenge c after "phantompool/dleq-proof/v1", B1, P1, B2, P2, A1, A2
//   response: z = k + c·x
//   verifier: z·B1 = A1 + c·P1,  z·B2 = A2 + c·P2
//
// BatchDleqProof, statement (B, P, {(B2_i, P2_i)}): the same x for every i. This is how an
// executor proves its decryption shares D_i = x·R_i against its key share P = x·G. After
// "phantompool/batch-dleq-proof/v1" and the whole statement, the transcript yields weights
// w_i; both sides fold the pairs into B' = Σ w_i·B2_i, P' = Σ w_i·P2_i and run the DLEQ on
// (B, P, B', P'). If some P2_j ≠ x·B2_j then P' − x·B' = Σ w_i·(P2_i − x·B2_i) is a
// non-zero combination of fixed points with random-oracle weights, the identity with
// probability 1/ℓ: one bad share fails the whole proof (the coordinator then checks
// shares one by one to find it). The proof stays 97 bytes whatever the batch size;
// verification is one multi-scalar multiplication of 2n + 3 points.
//
// Wire format of both (97 bytes): version (1) || A1 || A2 || z.
#pragma once

#include <array>
#include <span>
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

class DleqProof {
 public:
  static constexpr std::string_view kDomain = "phantompool/dleq-proof/v1";
  static constexpr size_t kSize = sigma::ProofSize(2, 1);

  // Constant time in x. Fails (InvalidArgument) on an identity statement point or if
  // P1 ≠ x·B1 or P2 ≠ x·B2.
  static Result<DleqProof> Prove(Transcript& t, const Point& B1, const Point& P1, const Point& B2,
                                 const Point& P2, const SecretScalar& x, Rng& rng);
  Status Verify(Transcript& t, const Point& B1, const Point& P1, const Point& B2,
                const Point& P2) const;
  // As Verify, but adds the proof's equations to `batch` (a CombinedCheck built on the
  // verifier's Rng) instead of checking them; the caller checks every batched proof at once
  // with batch.Holds(). Statement and structure errors are still returned here.
  Status VerifyBatched(Transcript& t, const Point& B1, const Point& P1, const Point& B2,
                       const Point& P2, sigma::CombinedCheck& batch) const;

  std::array<uint8_t, kSize> Serialize() const;
  static Result<DleqProof> Parse(std::span<const uint8_t> bytes,
                                 std::string_view field = "dleq_proof");

 private:
  friend class BatchDleqProof;
  DleqProof() = default;
  Result<Scalar> Absorb(Transcript& t, const Point& B1, const Point& P1, const Point& B2,
                        const Point& P2) const;
  void AddEquations(const Scalar& c, const Point& B1, const Point& P1, const Point& B2,
                    const Point& P2, sigma::CombinedCheck& check) const;

  Point A1_, A2_;
  Scalar z_;
};

class BatchDleqProof {
 public:
  static constexpr std::string_view kDomain = "phantompool/batch-dleq-proof/v1";
  static constexpr size_t kSize = DleqProof::kSize;

  // bases and publics have the same, non-zero length. Constant time in x (the folding of
  // the public pairs is variable time). Fails (InvalidArgument) on an empty or uneven
  // batch, an identity statement point, or if some publics[i] ≠ x·bases[i] or P ≠ x·B.
  static Result<BatchDleqProof> Prove(Transcript& t, const Point& B, const Point& P,
                                      std::span<const Point> bases, std::span<const Point> publics,
                                      const SecretScalar& x, Rng& rng);
  // As Prove, for a prover that holds x and the bases only: sets publics[i] = x·bases[i]
  // (constant time in x) and proves them, with the same transcript and proof as Prove.
  // Publics computed from x need no self-check, so this saves Prove's fold of the publics
  // (one multi-scalar multiplication of n points); P = x·B is still checked. An executor's
  // decryption shares cost one multiplication each plus their part of one proof.
  static Result<BatchDleqProof> ProveAndComputePublics(Transcript& t, const Point& B,
                                                       const Point& P, std::span<const Point> bases,
                                                       const SecretScalar& x, Rng& rng,
                                                       std::vector<Point>& publics);
  Status Verify(Transcript& t, const Point& B, const Point& P, std::span<const Point> bases,
                std::span<const Point> publics) const;
  // As Verify, but adds the proof's equations to `batch` (a CombinedCheck built on the
  // verifier's Rng) instead of checking them; the caller checks every batched proof at once
  // with batch.Holds(). Statement and structure errors are still returned here.
  Status VerifyBatched(Transcript& t, const Point& B, const Point& P, std::span<const Point> bases,
                       std::span<const Point> publics, sigma::CombinedCheck& batch) const;

  std::array<uint8_t, kSize> Serialize() const;
  static Result<BatchDleqProof> Parse(std::span<const uint8_t> bytes,
                                      std::string_view field = "batch_dleq_proof");

 private:
  explicit BatchDleqProof(const DleqProof& inner) : inner_(inner) {}
  // Checks the statement and replays the transcript; then adds the equations to `batch`,
  // or, when it is null, checks them on the spot.
  Status AddEquations(Transcript& t, const Point& B, const Point& P, std::span<const Point> bases,
                      std::span<const Point> publics, sigma::CombinedCheck* batch) const;

  DleqProof inner_;
};

}  // namespace phantompool::crypto
