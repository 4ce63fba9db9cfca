// Sharing polynomials, Feldman commitments and Lagrange interpolation.
#include "phantompool/crypto/threshold/polynomial.h"

#include <gtest/gtest.h>

#include "phantompool/crypto/threshold/lagrange.h"
#include "threshold_test_util.h"

namespace phantompool::crypto::threshold {
namespace {

TEST(SecretPolynomialTest, SharesMatchCommitments) {
  DeterministicRng rng(1);
  const SecretPolynomial f = SecretPolynomial::Random(3, rng);
  const std::vector<Point> C = f.Commit();
  ASSERT_EQ(C.size(), 3u);
  for (uint32_t x = 1; x <= 32; ++x) {
    const SecretScalar share = f.Evaluate(x);
    // f(x) = a0 + a1·x + a2·x² by hand.
    const Scalar X = Scalar::FromU64(x);
    const Scalar expected = f.ExposeCoefficient(0).ExposeSecret() +
                            f.ExposeCoefficient(1).ExposeSecret() * X +
                            f.ExposeCoefficient(2).ExposeSecret() * X * X;
    EXPECT_TRUE(share.ExposeSecret() == expected);
    EXPECT_TRUE(ShareMatchesCommitments(share, C, x));
    EXPECT_TRUE(EvaluateCommitmentsVartime(C, x) == Point::MulBase(expected));
    EXPECT_FALSE(ShareMatchesCommitments(SecretScalar(expected + Scalar::One()), C, x));
    EXPECT_FALSE(ShareMatchesCommitments(share, C, x % 32 + 1));
  }
  EXPECT_TRUE(f.Evaluate(0).ExposeSecret() == f.ExposeCoefficient(0).ExposeSecret());
}

TEST(SecretPolynomialTest, ConstantPolynomial) {
  DeterministicRng rng(2);
  const SecretPolynomial f = SecretPolynomial::Random(1, rng);
  EXPECT_TRUE(f.Evaluate(7).ExposeSecret() == f.ExposeCoefficient(0).ExposeSecret());
}

TEST(SecretPolynomialTest, SumShares) {
  const SecretScalar a(Scalar::FromU64(5)), b(Scalar::FromU64(7)), c(Scalar::FromU64(11));
  const SecretScalar* all[] = {&a, &b, &c};
  EXPECT_TRUE(SumShares(all).ExposeSecret() == Scalar::FromU64(23));
  EXPECT_TRUE(SumShares({}).ExposeSecret() == Scalar::Zero());
}

TEST(LagrangeTest, EveryQuorumRecoversTheSecret) {
  DeterministicRng rng(3);
  for (uint32_t t = 1; t <= 5; ++t) {
    const SecretPolynomial f = SecretPolynomial::Random(t, rng);
    const Scalar secret = f.ExposeCoefficient(0).ExposeSecret();
    for (const auto& subset : testing::Subsets(7, t)) {
      auto lambda = LagrangeCoefficientsAtZero(subset);
      ASSERT_TRUE(lambda.ok());
      Scalar s;
      for (size_t i = 0; i < subset.size(); ++i) {
        s += (*lambda)[i] * f.Evaluate(subset[i]).ExposeSecret();
      }
      EXPECT_TRUE(s == secret) << t;
    }
  }
}

TEST(LagrangeTest, InterpolatesAtAnyPoint) {
  DeterministicRng rng(4);
  const SecretPolynomial f = SecretPolynomial::Random(3, rng);
  const std::vector<uint32_t> base = {2, 5, 9};
  for (uint32_t x : {0u, 1u, 2u, 7u, 31u}) {
    auto lambda = LagrangeCoefficientsAt(x, base);
    ASSERT_TRUE(lambda.ok());
    Scalar v;
    for (size_t i = 0; i < base.size(); ++i) {
      v += (*lambda)[i] * f.Evaluate(base[i]).ExposeSecret();
    }
    EXPECT_TRUE(v == f.Evaluate(x).ExposeSecret()) << x;
  }
}

TEST(LagrangeTest, RefusesBadIndexSets) {
  EXPECT_EQ(LagrangeCoefficientsAtZero(std::vector<uint32_t>{}).status().field(), "indices");
  EXPECT_EQ(LagrangeCoefficientsAtZero(std::vector<uint32_t>{1, 0, 3}).status().field(),
            "indices[1]");
  EXPECT_EQ(LagrangeCoefficientsAtZero(std::vector<uint32_t>{1, 2, 2}).status().field(),
            "indices[2]");
  EXPECT_EQ(LagrangeCoefficientsAtZero(std::vector<uint32_t>{33}).status().field(), "indices[0]");
}

TEST(LagrangeTest, SmallFormsAgreeWithTheScalarWeights) {
  size_t integral = 0, total = 0;
  for (uint32_t n : {3u, 5u, 7u}) {
    for (uint32_t t = 1; t <= n; ++t) {
      for (const auto& subset : testing::Subsets(n, t)) {
        const auto small = SmallLagrangeAtZero(subset);
        ASSERT_TRUE(small.has_value());  // tiny index sets always have one
        const auto lambda = LagrangeCoefficientsAtZero(subset).value();
        const Scalar d_inv = Scalar::FromU64(small->denominator).Invert();
        for (size_t i = 0; i < subset.size(); ++i) {
          const int64_t c = small->numerators[i];
          const Scalar num = c >= 0 ? Scalar::FromU64(c) : -Scalar::FromU64(-c);
          EXPECT_TRUE(num * d_inv == lambda[i]);
        }
        ++total;
        integral += small->denominator == 1;
      }
    }
  }
  EXPECT_GT(integral, 0u);
  EXPECT_LT(integral, total);
  // Half of the 3-of-5 quorums are integral: {1,2,3}, {1,3,4}, {2,3,4}, {2,3,5}, {3,4,5}.
  size_t integral35 = 0;
  for (const auto& subset : testing::Subsets(5, 3)) {
    integral35 += SmallLagrangeAtZero(subset)->denominator == 1;
  }
  EXPECT_EQ(integral35, 5u);
  // Large index sets overflow the small form; the scalar weights still work.
  std::vector<uint32_t> big;
  for (uint32_t i = 1; i <= 32; ++i) big.push_back(i);
  EXPECT_FALSE(SmallLagrangeAtZero(big).has_value());
  EXPECT_TRUE(LagrangeCoefficientsAtZero(big).ok());
}

TEST(LagrangeTest, CheapestQuorumPrefersIntegralWeights) {
  const std::vector<uint32_t> all = {1, 2, 3, 4, 5};
  EXPECT_EQ(ChooseCheapestQuorum(all, 3), (std::vector<size_t>{0, 1, 2}));
  const std::vector<uint32_t> four = {1, 2, 4, 5};  // no integral triple: the smallest d
  const auto pick = ChooseCheapestQuorum(four, 3);
  std::vector<uint32_t> chosen;
  for (size_t p : pick) chosen.push_back(four[p]);
  EXPECT_EQ(SmallLagrangeAtZero(chosen)->denominator, 3);
  const std::vector<uint32_t> some = {5, 4, 2, 3};
  const auto p2 = ChooseCheapestQuorum(some, 3);
  std::vector<uint32_t> c2;
  for (size_t p : p2) c2.push_back(some[p]);
  EXPECT_EQ(SmallLagrangeAtZero(c2)->denominator, 1);
}

TEST(LagrangeTest, InterpolationInTheExponent) {
  // Every quorum of 7 (small form, scaled or not) and a 20-of-32 set (scalar weights) give
  // the value at 0 of points on a polynomial.
  DeterministicRng rng(5);
  for (uint32_t t : {1u, 3u, 4u, 20u}) {
    const uint32_t n = t == 20 ? 32 : 7;
    const SecretPolynomial f = SecretPolynomial::Random(t, rng);
    const Point base = Point::MulBase(Scalar::Random(rng));
    std::vector<std::vector<Point>> table(n + 1);
    for (uint32_t x = 1; x <= n; ++x) {
      const Scalar fx = f.Evaluate(x).ExposeSecret();
      table[x] = {Point::MulBase(fx), base * fx};
    }
    const Point expected0 = Point::MulBase(f.ExposeCoefficient(0).ExposeSecret());
    const Point expected1 = base * f.ExposeCoefficient(0).ExposeSecret();
    auto subsets = t == 20 ? std::vector<std::vector<uint32_t>>{{}} : testing::Subsets(n, t);
    if (t == 20) {
      for (uint32_t i = 5; i < 25; ++i) subsets[0].push_back(i);
    }
    for (const auto& subset : subsets) {
      std::vector<std::span<const Point>> rows;
      for (uint32_t x : subset) rows.push_back(table[x]);
      auto out = InterpolateAtZeroVartime(subset, rows);
      ASSERT_TRUE(out.ok());
      EXPECT_TRUE((*out)[0] == expected0);
      EXPECT_TRUE((*out)[1] == expected1);
    }
  }
}

TEST(LagrangeTest, InterpolationRefusesRaggedRows) {
  const std::vector<Point> a = {Point::Base(), Point::Base()};
  const std::vector<Point> b = {Point::Base()};
  const std::vector<uint32_t> idx = {1, 2};
  const std::vector<std::span<const Point>> rows = {a, b};
  EXPECT_EQ(InterpolateAtZeroVartime(idx, rows).status().field(), "rows[1]");
  const std::vector<std::span<const Point>> one = {a};
  EXPECT_EQ(InterpolateAtZeroVartime(idx, one).status().field(), "rows");
}

}  // namespace
}  // namespace phantompool::crypto::threshold
