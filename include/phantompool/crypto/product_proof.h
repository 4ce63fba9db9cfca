// ProductProof: the value committed in Cz is the product of the values in Cx and Cy.
//
// Statement (Cx, Cy, Cz) with Cx = x·G + tx·H, Cy = y·G + ty·H, Cz = (x·y)·G + tz·H.
// Multiplying Cy by x gives x·Cy = (x·y)·G + (x·ty)·H, so Cz = x·Cy + t'·H with
// t' = tz − x·ty. The proof shows knowledge of (x, tx, t') with
//   Cx = x·G + tx·H   and   Cz = x·Cy + t'·H,
// the same x in both:
//   prover:   k_x, k_tx, k_t';  A1 = k_x·G + k_tx·H,  A2 = k_x·Cy + k_t'·H
//   challenge c after "phantompool/product-proof/v1", Cx, Cy, Cz, A1, A2
//   response: z_x = k_x + c·x,  z_tx = k_tx + c·tx,  z_t' = k_t' + c·t'
//   verifier: z_x·G + z_tx·H = A1 + c·Cx,  z_x·Cy + z_t'·H = A2 + c·Cz
//
// Soundness. Special soundness: from two accepting transcripts (A1, A2, c, z) and
// (A1, A2, c', z') with c ≠ c', the extractor gets x = (z_x − z_x')/(c − c'), and likewise
// tx and t', satisfying both relations. Let (y, ty) be any opening of Cy (the order proof
// establishes one: the range proof on Cy is a proof of knowledge of it). Then
// Cz = x·(y·G + ty·H) + t'·H = (x·y)·G + (x·ty + t')·H: an opening of Cz to x·y. Were Cz
// also opened by the prover to some z ≠ x·y, the two openings of Cz would give log_G(H),
// which nobody knows (H is hash-to-group), so Cz is bound to x·y. Note that the proof
// alone says nothing about y: without a proof of knowledge of Cy's opening, Cy could be
// any point. Zero knowledge: the simulator picks c, z_x, z_tx, z_t' uniformly and sets
// A1 = z_x·G + z_tx·H − c·Cx, A2 = z_x·Cy + z_t'·H − c·Cz; honest transcripts have the same
// distribution because the nonces are uniform.
//
// Wire format (161 bytes): version (1) || A1 || A2 || z_x || z_tx || z_t'.
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

class ProductProof {
 public:
  static constexpr std::string_view kDomain = "phantompool/product-proof/v1";
  static constexpr size_t kSize = sigma::ProofSize(2, 3);

  // Witness: x and the blindings tx, ty, tz of Cx, Cy, Cz. Constant time in the witness.
  // Fails (InvalidArgument) on an identity statement point or if the witness does not fit
  // (Cx ≠ x·G + tx·H, or Cz ≠ x·Cy + (tz − x·ty)·H, i.e. Cz does not commit to x·y).
  static Result<ProductProof> Prove(Transcript& t, const Point& Cx, const Point& Cy,
                                    const Point& Cz, const Scalar& x, const Scalar& tx,
                                    const Scalar& ty, const Scalar& tz, Rng& rng);
  Status Verify(Transcript& t, const Point& Cx, const Point& Cy, const Point& Cz) const;
  // As Verify, but adds the proof's equations to `batch` (a CombinedCheck built on the
  // verifier's Rng) instead of checking them; the caller checks every batched proof at once
  // with batch.Holds(). Statement and structure errors are still returned here.
  Status VerifyBatched(Transcript& t, const Point& Cx, const Point& Cy, const Point& Cz,
                       sigma::CombinedCheck& batch) const;

  std::array<uint8_t, kSize> Serialize() const;
  static Result<ProductProof> Parse(std::span<const uint8_t> bytes,
                                    std::string_view field = "product_proof");

 private:
  // Checks the statement, replays the transcript and returns the challenge.
  Result<Scalar> Absorb(Transcript& t, const Point& Cx, const Point& Cy, const Point& Cz) const;
  void AddEquations(const Scalar& c, const Point& Cx, const Point& Cy, const Point& Cz,
                    sigma::CombinedCheck& check) const;

  ProductProof() = default;

  Point A1_, A2_;
  Scalar z_x_, z_tx_, z_tp_;
};

}  // namespace phantompool::crypto
