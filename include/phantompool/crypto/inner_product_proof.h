// The inner-product argument of Bulletproofs (Bünz et al. 2018, §3; dalek's variant with
// Q = q·G folded in and the verifier's work reduced to scalars for one MSM).
//
// Statement: P = <a, G> + <b, H'> + <a, b>·Q, where G = BulletproofGens G_0..G_{n-1},
// H'_i = h_factors[i]·H_i and Q = q·G for the Pedersen G. The proof is log2(n) pairs
// (L_j, R_j) and the two final scalars a, b.
//
// Variable time throughout: the range-proof prover hands it l(x), r(x), which the
// unoptimised protocol sends in the clear (zero-knowledge-safe), after declassifying them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/scalar.h"
#include "phantompool/crypto/transcript.h"

namespace phantompool::crypto {

class InnerProductProof {
 public:
  // The verifier's view of the challenges u_j (one per round):
  // u_sq[j] = u_j², u_inv_sq[j] = u_j^-2, and s[i] = Π_j u_j^(±1), the coefficient of G_i in
  // the fully folded generator (s[n-1-i] = 1/s[i] is that of H'_i).
  struct VerificationScalars {
    std::vector<Scalar> u_sq;
    std::vector<Scalar> u_inv_sq;
    std::vector<Scalar> s;
  };

  // n = a.size() = b.size() = h_factors.size(), a power of two in [1, 4096].
  // L_j, R_j are computed as MSMs over the ORIGINAL generators with each generator's
  // accumulated challenge product as a scalar factor, so no generator is ever folded
  // explicitly (a fold is a full scalar multiplication per point; see the docs).
  static InnerProductProof Create(Transcript& t, const Scalar& q, std::span<const Scalar> h_factors,
                                  std::vector<Scalar> a, std::vector<Scalar> b);

  using Encoding = std::array<uint8_t, kPointBytes>;

  static InnerProductProof FromParts(std::vector<Point> l, std::vector<Point> r, const Scalar& a,
                                     const Scalar& b);
  // As FromParts, with the points' canonical encodings already known (the parser has
  // them): appending a point to a transcript needs its encoding, and encoding costs an
  // inversion (~4 µs), a tenth of a verification for 12 points.
  static InnerProductProof FromDecoded(std::vector<Point> l, std::vector<Point> r,
                                       std::vector<Encoding> l_bytes, std::vector<Encoding> r_bytes,
                                       const Scalar& a, const Scalar& b);

  // Replays the prover's transcript steps (refusing identity L/R points) and returns the
  // challenges u_j. n must be 2^rounds().
  Result<std::vector<Scalar>> ReplayChallenges(size_t n, Transcript& t) const;
  // The verification scalars from the challenges and their inverses (which callers
  // batch-invert together with their own).
  static VerificationScalars ScalarsFromChallenges(std::span<const Scalar> u,
                                                   std::span<const Scalar> u_inv);
  // ReplayChallenges, one inversion, ScalarsFromChallenges.
  Result<VerificationScalars> ComputeVerificationScalars(size_t n, Transcript& t) const;

  // Stand-alone check of the statement for a given P (the range proof folds this check
  // into its own single MSM instead).
  Status Verify(size_t n, Transcript& t, const Point& p, const Scalar& q,
                std::span<const Scalar> h_factors) const;

  size_t rounds() const { return l_.size(); }
  const std::vector<Point>& L() const { return l_; }
  const std::vector<Point>& R() const { return r_; }
  const std::vector<Encoding>& LBytes() const { return l_bytes_; }
  const std::vector<Encoding>& RBytes() const { return r_bytes_; }
  const Scalar& a() const { return a_; }
  const Scalar& b() const { return b_; }

 private:
  InnerProductProof() = default;

  std::vector<Point> l_;
  std::vector<Point> r_;
  std::vector<Encoding> l_bytes_;
  std::vector<Encoding> r_bytes_;
  Scalar a_;
  Scalar b_;
};

// The transcript steps both sides take before the first round.
void AppendInnerProductDomain(Transcript& t, size_t n);

}  // namespace phantompool::crypto
