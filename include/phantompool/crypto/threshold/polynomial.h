// Shamir sharing polynomials and their Feldman commitments.
//
// A dealer draws f(x) = a_0 + a_1·x + ... + a_{t−1}·x^{t−1} with uniform coefficients, gives
// participant j the share f(j) and publishes C_k = a_k·G. Anyone can then compute the public
// image of any share, f(j)·G = Σ_k j^k·C_k, and a recipient checks its share against it.
// Coefficients and shares are secrets (SecretScalar); commitments and images are public.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "phantompool/crypto/point.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/crypto/scalar.h"
#include "phantompool/crypto/secret_scalar.h"

namespace phantompool::crypto::threshold {

class SecretPolynomial {
 public:
  // `coefficients` = t uniform scalars from `rng` (t ≥ 1).
  static SecretPolynomial Random(uint32_t coefficients, Rng& rng);

  SecretPolynomial(const SecretPolynomial&) = delete;
  SecretPolynomial& operator=(const SecretPolynomial&) = delete;
  SecretPolynomial(SecretPolynomial&&) noexcept = default;
  SecretPolynomial& operator=(SecretPolynomial&&) noexcept = default;
  ~SecretPolynomial() = default;  // every coefficient is a SecretScalar: each wipes itself

  size_t size() const { return coefficients_.size(); }

  // f(x) by Horner's rule. Constant time in the coefficients (x is public): the same
  // t − 1 multiplications and additions whatever the values.
  SecretScalar Evaluate(uint32_t x) const;
  // C_k = a_k·G through the fixed-base table, constant time in a_k. The commitments are
  // published, so they are declassified for the constant-time check.
  std::vector<Point> Commit() const;
  // a_k, for the proof of knowledge of a_0 and for tests. Greppable on purpose.
  const SecretScalar& ExposeCoefficient(size_t k) const { return coefficients_.at(k); }

 private:
  explicit SecretPolynomial(std::vector<SecretScalar> c) : coefficients_(std::move(c)) {}
  std::vector<SecretScalar> coefficients_;
};

// Σ_k x^k·commitments[k]: the public image f(x)·G of the share at x. Variable time: the
// commitments and x are public. At least one commitment.
Point EvaluateCommitmentsVartime(std::span<const Point> commitments, uint32_t x);

// True iff share·G = Σ_k x^k·commitments[k]. Constant time in the share: share·G is
// computed with the fixed-base table and only the verdict is published (it decides
// whether the holder complains, which everyone sees anyway).
bool ShareMatchesCommitments(const SecretScalar& share, std::span<const Point> commitments,
                             uint32_t x);

// Σ shares: a participant's final key share from the shares of the qualified dealers.
// Constant time (scalar additions).
SecretScalar SumShares(std::span<const SecretScalar* const> shares);

}  // namespace phantompool::crypto::threshold
