// Shared between the range-proof prover, verifier and batch verifier (not a public API).
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/inner_product_proof.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/range_proof.h"
#include "phantompool/crypto/scalar.h"
#include "phantompool/crypto/transcript.h"

namespace phantompool::crypto::range_proof_internal {

// The statement shape: bits ∈ {8,16,32,64}, m a power of two in [1, 64]. `field` prefixes
// the error ("range_proof.bits"); count_name names the vector whose size is m.
Status CheckShape(size_t bits, size_t m, std::string_view field, std::string_view count_name);

// Protocol label, n and m: the first thing both sides absorb.
void AppendDomain(Transcript& t, size_t bits, size_t m);

// Every challenge of one proof, as the verifier replays them.
struct Challenges {
  Scalar y, z, x, w;
  std::vector<Scalar> u;  // the inner-product challenges
  // Filled by FinishChallenges:
  Scalar y_inv;
  InnerProductProof::VerificationScalars ipa;
};

// Checks the statement against the proof (round count = log2(bits·m)) and replays the
// transcript. `commitments` are absorbed when given (CommitmentBinding::kAppend); empty
// when the caller bound them (kBoundByCaller), with m the number of proven values.
// Errors are prefixed with `field`.
Result<Challenges> Replay(const RangeProof& proof, Transcript& t,
                          std::span<const Point> commitments, size_t m, size_t bits,
                          std::string_view field);

// Inverts every y and u_j of all the given proofs with ONE field inversion (Montgomery's
// trick across the batch) and derives the inner-product verification scalars.
void FinishChallenges(std::span<Challenges> all);

// The terms of one or more proofs' verification equations, summed: generator scalars are
// shared (index i of g/h is G_i/H_i), everything else is a dynamic (scalar, point) term.
struct Accumulator {
  explicit Accumulator(size_t n) : g(n), h(n) {}
  std::vector<Scalar> g;
  std::vector<Scalar> h;
  Scalar pedersen_g;
  Scalar pedersen_h;
  std::vector<Scalar> dyn_scalars;
  std::vector<Point> dyn_points;
};

// Adds proof·weights to acc: u1 weighs the inner-product equation, u2 the t̂ equation
// (both random for a batch; u1 = 1 and u2 from the transcript for a single proof). The
// V_j terms are added when `commitments` is not empty; otherwise the caller adds
// CommitmentWeights(...)[j]·V_j itself.
void AddTerms(const RangeProof& proof, const Challenges& ch, std::span<const Point> commitments,
              size_t m, size_t bits, const Scalar& u1, const Scalar& u2, Accumulator& acc);

// The scalar multiplying V_j in the equation AddTerms adds: u2·z^(2+j).
std::vector<Scalar> CommitmentWeights(const Challenges& ch, size_t m, const Scalar& u2);

// Σ of every term: the identity iff every accumulated equation holds (up to 2^-250).
Point Evaluate(const Accumulator& acc);

// Verify with its errors prefixed by `field` (the batch verifier names "range_proofs[i]").
Status VerifyAs(const RangeProof& proof, Transcript& t, std::span<const Point> commitments,
                size_t bits, std::string_view field);

}  // namespace phantompool::crypto::range_proof_internal
