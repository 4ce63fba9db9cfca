// Multi-scalar multiplication Σ s_i·P_i.
//
// Everything named ...Vartime runs in time that depends on the scalars and takes public
// data only (verification, the inner-product argument's public vectors).
// MultiScalarMulConstTime is the one entry point for secret scalars (the prover's
// blinding vectors); its time and memory accesses depend only on the number of terms.
//
// Algorithms (docs/crypto-rangeproof.md has the measurements behind the choices):
//  - Straus with width-5 wNAF for up to PippengerThreshold() dynamic points;
//  - Pippenger's bucket method with signed digits above it;
//  - fixed bases (G, H and the Bulletproofs generators) carry a precomputed WnafTable of
//    width 11, so their terms need no table building and ~21 additions each;
//  - every addition of a table entry or input point is a mixed addition of our own
//    (src/crypto/edwards.h) on an entry in affine Niels form: 104 ns against libdecaf's
//    144 ns for its only addition, extended + extended.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include "phantompool/crypto/edwards_niels.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/scalar.h"

namespace phantompool::crypto {

// Odd multiples P, 3P, ..., 1023P of one fixed point: the table width-11 wNAF reads.
// Built once per generator and kept for the life of the process, in affine Niels form
// (120 bytes each, 60 KiB a table; edwards_niels.h). The variable-time MSM reads any entry;
// the constant-time MSM reads the first 16 (P, 3P, ..., 31P), every one of them each time.
// (Width 11 measured 8 % faster than width 10 on 128 fixed terms, `msm_fixed_128_ns`,
// once entries shrank from libdecaf's 256-byte points to 120 bytes; with 256-byte entries
// width 10 had been best, wider tables missing the caches too often.)
class WnafTable {
 public:
  static constexpr int kWidth = 11;
  static constexpr int kSize = 1 << (kWidth - 2);

  WnafTable() = default;
  explicit WnafTable(const Point& p);

  // d odd, 1 ≤ d < 2^(kWidth-1): returns d·P.
  Point OddMultiple(int d) const;
  Point base() const { return OddMultiple(1); }
  // niels()[i] = (2i+1)·P.
  const edwards::Niels* niels() const { return niels_.data(); }

 private:
  std::array<edwards::Niels, kSize> niels_;
};

// A run of fixed-base terms: scalars[i]·(the point of tables[i]).
struct FixedBaseSpan {
  std::span<const Scalar> scalars;
  std::span<const WnafTable> tables;
};

// Σ scalars[i]·points[i]. Picks the algorithm by size (Straus with wNAF for small inputs,
// Pippenger's bucket method for large). Sizes must match.
Point MultiScalarMulVartime(std::span<const Scalar> scalars, std::span<const Point> points);

// Σ over every fixed span of scalars·tables, plus Σ scalars[i]·points[i] for the dynamic
// points. Fixed terms use their precomputed tables and share the doubling chain with the
// dynamic terms (Straus) or, when there are many dynamic points, the dynamic part runs
// through Pippenger.
Point MultiScalarMulFixedVartime(std::span<const FixedBaseSpan> fixed,
                                 std::span<const Scalar> scalars, std::span<const Point> points);

// The individual algorithms, exposed so tests can check each against the reference.
Point StrausMultiScalarMulVartime(std::span<const Scalar> scalars, std::span<const Point> points);
Point PippengerMultiScalarMulVartime(std::span<const Scalar> scalars,
                                     std::span<const Point> points);

// Σ scalars[i]·points[i] in constant time with respect to the scalars (the points are
// public): 51 signed odd radix-32 digits per scalar, tables of P, 3P, ..., 31P read in full
// through masks, no branch or memory index on a secret.
Point MultiScalarMulConstTime(std::span<const Scalar> scalars, std::span<const Point> points);
// The same over fixed bases, reading the first 16 entries of their WnafTables (no table
// building: the prover's S commitment runs on the Bulletproofs generators' tables).
Point MultiScalarMulFixedConstTime(std::span<const FixedBaseSpan> fixed);

// k·points[i] for every point, in constant time with respect to k (the points are public):
// one secret applied to a batch, as an executor's key share to a session's R_j. The same
// digits and masked lookups as above, with k recoded once and the tables built for 64
// points per field inversion; about a fifth faster than Point::operator* per point.
std::vector<Point> MulEachConstTime(const Scalar& k, std::span<const Point> points);

// The reference: Σ scalars[i]·points[i] one term at a time (tests compare against it).
Point NaiveMultiScalarMul(std::span<const Scalar> scalars, std::span<const Point> points);

// Above this many dynamic points MultiScalarMulVartime switches from Straus to Pippenger.
// Measured here: on the scalar arithmetic the two are equal at ~100 points, Pippenger 10%
// faster at 147 and 20% at 300: 128. With AVX-512 IFMA both run eight lanes (Straus eight
// additions per vector, Pippenger eight bucket sets): Straus is 17% faster at 147 points,
// equal at 300 and 22% slower at 512: 256.
size_t PippengerThreshold();

}  // namespace phantompool::crypto
