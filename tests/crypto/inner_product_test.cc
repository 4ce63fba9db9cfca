#include <gtest/gtest.h>

#include <vector>

#include "phantompool/crypto/bulletproof_gens.h"
#include "phantompool/crypto/generators.h"
#include "phantompool/crypto/inner_product_proof.h"
#include "phantompool/crypto/msm.h"

namespace phantompool::crypto {
namespace {

struct Instance {
  std::vector<Scalar> a, b, h_factors;
  Scalar q;
  Point p;  // <a, G> + <b, H'> + <a,b>·q·G
};

Instance MakeInstance(size_t n, Rng& rng) {
  Instance in;
  in.q = Scalar::Random(rng);
  const Scalar y_inv = Scalar::Random(rng);
  Scalar f = Scalar::One();
  std::vector<Scalar> scalars;
  std::vector<Point> points;
  const auto g = BulletproofGens::Default().G(n);
  const auto h = BulletproofGens::Default().H(n);
  for (size_t i = 0; i < n; ++i) {
    in.a.push_back(Scalar::Random(rng));
    in.b.push_back(Scalar::Random(rng));
    in.h_factors.push_back(f);
    scalars.push_back(in.a[i]);
    points.push_back(g[i]);
    scalars.push_back(in.b[i] * f);
    points.push_back(h[i]);
    f *= y_inv;
  }
  scalars.push_back(InnerProduct(in.a, in.b) * in.q);
  points.push_back(PedersenGens::Default().G);
  in.p = NaiveMultiScalarMul(scalars, points);
  return in;
}

InnerProductProof Prove(const Instance& in, std::string_view label = "ipa-test") {
  Transcript t(label);
  return InnerProductProof::Create(t, in.q, in.h_factors, in.a, in.b);
}

TEST(InnerProductTest, HonestProofsVerify) {
  DeterministicRng rng(1);
  for (size_t n : {1, 2, 4, 8, 32, 64}) {
    const Instance in = MakeInstance(n, rng);
    const InnerProductProof proof = Prove(in);
    EXPECT_EQ(size_t{1} << proof.rounds(), n);
    Transcript t("ipa-test");
    EXPECT_TRUE(proof.Verify(n, t, in.p, in.q, in.h_factors).ok()) << n;
  }
}

TEST(InnerProductTest, BeyondTheTablesUsesPlainPoints) {
  DeterministicRng rng(2);
  const size_t n = 2 * BulletproofGens::kTableCapacity;
  const Instance in = MakeInstance(n, rng);
  const InnerProductProof proof = Prove(in);
  Transcript t("ipa-test");
  EXPECT_TRUE(proof.Verify(n, t, in.p, in.q, in.h_factors).ok());
}

TEST(InnerProductTest, WrongStatementOrTamperedProofFails) {
  DeterministicRng rng(3);
  const size_t n = 16;
  const Instance in = MakeInstance(n, rng);
  const InnerProductProof proof = Prove(in);
  {
    Transcript t("ipa-test");
    EXPECT_EQ(proof.Verify(n, t, in.p + Point::Base(), in.q, in.h_factors).code(),
              StatusCode::kVerificationFailed);
  }
  {
    Transcript t("other-context");
    EXPECT_FALSE(proof.Verify(n, t, in.p, in.q, in.h_factors).ok());
  }
  {
    Transcript t("ipa-test");
    EXPECT_FALSE(proof.Verify(n, t, in.p, in.q + Scalar::One(), in.h_factors).ok());
  }
  {
    auto l = proof.L();
    l[2] = l[2] + Point::Base();
    const auto forged = InnerProductProof::FromParts(l, proof.R(), proof.a(), proof.b());
    Transcript t("ipa-test");
    EXPECT_FALSE(forged.Verify(n, t, in.p, in.q, in.h_factors).ok());
  }
  {
    const auto forged =
        InnerProductProof::FromParts(proof.L(), proof.R(), proof.a() + Scalar::One(), proof.b());
    Transcript t("ipa-test");
    EXPECT_FALSE(forged.Verify(n, t, in.p, in.q, in.h_factors).ok());
  }
  {
    auto r = proof.R();
    r[1] = Point::Identity();
    const auto forged = InnerProductProof::FromParts(proof.L(), r, proof.a(), proof.b());
    Transcript t("ipa-test");
    const Status s = forged.Verify(n, t, in.p, in.q, in.h_factors);
    EXPECT_EQ(s.code(), StatusCode::kVerificationFailed);
    EXPECT_EQ(s.field(), "R[1]");
  }
  {
    Transcript t("ipa-test");
    EXPECT_EQ(proof.Verify(8, t, in.p, in.q, std::span(in.h_factors).first(8)).code(),
              StatusCode::kInvalidArgument);
  }
}

TEST(InnerProductTest, VerificationScalarsFoldTheGenerators) {
  // s[i] is the coefficient of G_i in the fully folded generator: check against folding
  // explicitly with the challenges, and s[n-1-i] = 1/s[i].
  DeterministicRng rng(4);
  const size_t n = 8;
  const Instance in = MakeInstance(n, rng);
  const InnerProductProof proof = Prove(in);
  Transcript t("ipa-test");
  auto u = proof.ReplayChallenges(n, t);
  ASSERT_TRUE(u.ok());
  std::vector<Scalar> coeff(n, Scalar::One());
  for (size_t j = 0, len = n; len > 1; ++j, len /= 2) {
    const Scalar u_inv = (*u)[j].Invert();
    for (size_t i = 0; i < n; ++i) coeff[i] *= (i % len) < len / 2 ? u_inv : (*u)[j];
  }
  Transcript t2("ipa-test");
  auto v = proof.ComputeVerificationScalars(n, t2);
  ASSERT_TRUE(v.ok());
  for (size_t i = 0; i < n; ++i) {
    EXPECT_EQ(v->s[i], coeff[i]) << i;
    EXPECT_EQ(v->s[i] * v->s[n - 1 - i], Scalar::One());
  }
}

}  // namespace
}  // namespace phantompool::crypto
