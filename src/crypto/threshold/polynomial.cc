#include "phantompool/crypto/threshold/polynomial.h"

#include "phantompool/common/check.h"
#include "phantompool/crypto/msm.h"
#include "phantompool/crypto/sigma_codec.h"

namespace phantompool::crypto::threshold {

SecretPolynomial SecretPolynomial::Random(uint32_t coefficients, Rng& rng) {
  PP_CHECK(coefficients >= 1);
  std::vector<SecretScalar> c;
  c.reserve(coefficients);
  for (uint32_t k = 0; k < coefficients; ++k) c.push_back(SecretScalar::Random(rng));
  return SecretPolynomial(std::move(c));
}

SecretScalar SecretPolynomial::Evaluate(uint32_t x) const {
  const Scalar at = Scalar::FromU64(x);
  Scalar acc = coefficients_.back().ExposeSecret();
  for (size_t k = coefficients_.size() - 1; k-- > 0;) {
    acc = acc * at + coefficients_[k].ExposeSecret();
  }
  SecretScalar out(acc);
  sigma::Wipe(std::span<Scalar>(&acc, 1));
  return out;
}

std::vector<Point> SecretPolynomial::Commit() const {
  std::vector<Point> out;
  out.reserve(coefficients_.size());
  for (const SecretScalar& a : coefficients_) {
    out.push_back(sigma::Published(Point::MulBase(a.ExposeSecret())));
  }
  return out;
}

Point EvaluateCommitmentsVartime(std::span<const Point> commitments, uint32_t x) {
  PP_CHECK(!commitments.empty());
  std::vector<Scalar> powers(commitments.size());
  const Scalar at = Scalar::FromU64(x);
  powers[0] = Scalar::One();
  for (size_t k = 1; k < powers.size(); ++k) powers[k] = powers[k - 1] * at;
  return MultiScalarMulVartime(powers, commitments);
}

bool ShareMatchesCommitments(const SecretScalar& share, std::span<const Point> commitments,
                             uint32_t x) {
  // share·G is published here. When the share is valid it equals the public image anyway;
  // when it is not, it is the image of a value the (dishonest) dealer chose and that the
  // complaint makes the dealer reveal. Either way only public information comes out.
  const Point image = sigma::Published(Point::MulBase(share.ExposeSecret()));
  return image == EvaluateCommitmentsVartime(commitments, x);
}

SecretScalar SumShares(std::span<const SecretScalar* const> shares) {
  Scalar acc;
  for (const SecretScalar* s : shares) acc += s->ExposeSecret();
  SecretScalar out(acc);
  sigma::Wipe(std::span<Scalar>(&acc, 1));
  return out;
}

}  // namespace phantompool::crypto::threshold
