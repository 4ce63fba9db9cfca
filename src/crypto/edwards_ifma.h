// Eight scalar multiplications at once with AVX-512 IFMA (52-bit multiply-accumulate):
// the inner ladder of MulEachConstTime, where one secret scalar meets a batch of points and
// every point runs the same doublings, lookups and additions — eight points share each
// vector instruction, one point per 64-bit lane.
//
// The field is the one edwards.h uses (radix 2^51, five limbs), so table entries and
// results move between the two without conversion. IFMA reads 52 bits of each operand, so
// every value entering a multiplication has limbs below 2^52: sums and differences are
// carried at once (a carried limb is below 2^51 + 2).
//
// Constant time like the scalar ladder: no branch and no address depends on a digit; every
// lane reads all 16 entries of its table through masks.
#pragma once

#include <cstdint>
#include <span>

#include "edwards.h"

namespace phantompool::crypto::edwards {

// Whether this CPU (and its OS) runs AVX-512 IFMA. Under valgrind it does not: valgrind
// hides AVX-512, so the constant-time check exercises the scalar ladder.
bool HaveIfma();
// For tests: run the scalar ladder even where IFMA is available (true by default).
void AllowIfma(bool allowed);
bool IfmaAllowed();
// What the dispatching callers ask: the eight-lane code runs here and now.
inline bool UseIfma() {
  return HaveIfma() && IfmaAllowed();
}

inline constexpr int kLadderDigits = 51;  // signed odd radix-32 digits, most significant last
inline constexpr int kLadderTable = 16;   // P, 3P, ..., 31P

// One addition of an interleaved (Straus) multi-scalar multiplication: at bit position
// `pos`, add — or subtract, when `negative` — the table entry `point`.
struct StrausOp {
  const Niels* point;
  uint16_t pos;
  bool negative;
};

// Σ over positions p < top of 2^p·(the ops at p), where sorted[start[p] .. start[p+1]) are
// the ops at position p. Eight accumulators share the doublings and each takes every
// eighth addition of a position; they are summed at the end. Call only when HaveIfma().
Extended StrausLanes8(std::span<const StrausOp> sorted, const uint32_t* start, size_t top);

// Pippenger's bucket method, eight lanes: lane l takes the l-th eighth of the points and
// keeps its own buckets, so the lanes of a vector never touch the same bucket; digits[i·
// windows + w] is point i's signed radix-2^c digit of window w (|d| ≤ 2^(c−1)). The lanes'
// sums are added at the end. Call only when HaveIfma().
Extended PippengerLanes8(std::span<const Niels> points, std::span<const int16_t> digits,
                         size_t windows, int c);

// Ristretto255 decoding (RFC 9496 §4.3.1) of eight encodings at once, into libdecaf's own
// representation exactly as decaf_255_point_decode computes it (its isogeny and its
// choice of coset representative); ok[l] says whether encodings[l] is canonical and names
// a point. The identity (all zeros) decodes; callers that forbid it check afterwards.
// Public data only: lanes branch on validity. Call only when HaveIfma().
void DecodeRistretto8(const uint8_t* const encodings[8], Extended out[8], bool ok[8]);

// Ristretto255 encoding of eight points at once, as decaf_255_point_encode computes it (its
// "deisogenize": the same formulas, square root and sign choices), into out[l]. Public
// points only: the lanes' canonical reductions are not written for secrets' sake. Call
// only when HaveIfma().
void EncodeRistretto8(const Extended in[8], uint8_t* const out[8]);

// out[l] = Σ_k digits[k]·32^k · P_l, where tables[l] holds the 16 odd multiples of P_l in
// Niels form. Call only when HaveIfma().
void OddDigitLadder8(std::span<const int8_t, kLadderDigits> digits, const Niels* const tables[8],
                     Extended out[8]);

}  // namespace phantompool::crypto::edwards
