#include "phantompool/crypto/sigma_codec.h"

#include <gtest/gtest.h>

#include "phantompool/crypto/generators.h"

namespace phantompool::crypto::sigma {
namespace {

TEST(SigmaCodecTest, WriterAndReaderRoundTrip) {
  DeterministicRng rng(500);
  const Point p = Point::MulBase(Scalar::Random(rng));
  const Scalar s = Scalar::Random(rng);
  const auto bytes = ProofWriter<ProofSize(1, 1)>().Put(p).Put(s).Finish();
  EXPECT_EQ(bytes[0], kWireVersion);
  ProofReader in(bytes, "x_proof");
  ASSERT_TRUE(in.Open(ProofSize(1, 1)).ok());
  EXPECT_TRUE(*in.ReadPoint("A") == p);
  EXPECT_TRUE(*in.ReadScalar("z") == s);
}

TEST(SigmaCodecTest, ReaderRefusesLengthVersionIdentityAndBigScalars) {
  const auto good = ProofWriter<ProofSize(1, 1)>().Put(Point::Base()).Put(Scalar::One()).Finish();
  {
    ProofReader in(std::span<const uint8_t>(good).first(good.size() - 1), "x_proof");
    const Status s = in.Open(ProofSize(1, 1));
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(s.field(), "x_proof");
  }
  {
    auto v0 = good;
    v0[0] = 0;
    ProofReader in(v0, "x_proof");
    EXPECT_EQ(in.Open(ProofSize(1, 1)).field(), "x_proof.version");
  }
  {
    const auto id =
        ProofWriter<ProofSize(1, 1)>().Put(Point::Identity()).Put(Scalar::One()).Finish();
    ProofReader in(id, "x_proof");
    ASSERT_TRUE(in.Open(ProofSize(1, 1)).ok());
    EXPECT_EQ(in.ReadPoint("A").status().field(), "x_proof.A");
  }
  {
    auto big = good;
    std::fill(big.begin() + 33, big.end(), 0xff);
    ProofReader in(big, "x_proof");
    ASSERT_TRUE(in.Open(ProofSize(1, 1)).ok());
    ASSERT_TRUE(in.ReadPoint("A").ok());
    EXPECT_EQ(in.ReadScalar("z").status().field(), "x_proof.z");
  }
}

TEST(SigmaCodecTest, NoncesDependOnWitnessStatementAndRandomness) {
  const Scalar w1 = Scalar::FromU64(1), w2 = Scalar::FromU64(2);
  auto nonce = [](const Transcript& t, const Scalar& w, uint64_t seed) {
    DeterministicRng rng(seed);
    std::array<Scalar, 2> k;
    DeriveNonces(t, {&w}, rng, k);
    EXPECT_FALSE(k[0] == k[1]);
    return k[0];
  };
  Transcript a("t/v1");
  Transcript b("t/v1");
  b.AppendMessage("statement", std::string_view("other"));
  EXPECT_TRUE(nonce(a, w1, 1) == nonce(a, w1, 1));   // a deterministic RNG repeats...
  EXPECT_FALSE(nonce(a, w1, 1) == nonce(a, w1, 2));  // ...fresh randomness changes it,
  EXPECT_FALSE(nonce(a, w1, 1) == nonce(a, w2, 1));  // so does another witness
  EXPECT_FALSE(nonce(a, w1, 1) == nonce(b, w1, 1));  // or another statement.
  // Deriving nonces does not touch the caller's transcript.
  Transcript c("t/v1");
  DeterministicRng rng(3);
  std::array<Scalar, 1> k;
  DeriveNonces(c, {&w1}, rng, k);
  Transcript d("t/v1");
  EXPECT_TRUE(c.ChallengeScalar("x") == d.ChallengeScalar("x"));
}

TEST(SigmaCodecTest, CombinedCheckCatchesAnyFalseEquation) {
  const auto& gens = PedersenGens::Default();
  const Scalar two = Scalar::FromU64(2);
  const Point twoG = gens.G * two;
  const Transcript t("t/v1");
  DeterministicRng rng(501);
  // Each case runs with transcript weights and with verifier-random weights.
  for (int mode = 0; mode < 2; ++mode) {
    auto make = [&] { return mode == 0 ? CombinedCheck(t) : CombinedCheck(rng); };
    {
      CombinedCheck check = make();  // 2·G − (2G) = 0 and H − H = 0
      check.BeginEquation();
      check.AddG(two);
      check.AddTerm(-Scalar::One(), twoG);
      check.BeginEquation();
      check.AddH(Scalar::One());
      check.AddTerm(-Scalar::One(), gens.H);
      EXPECT_TRUE(check.Holds());
      EXPECT_EQ(check.equations(), 2u);
    }
    {
      CombinedCheck check = make();  // the second equation is off by G
      check.BeginEquation();
      check.AddG(two);
      check.AddTerm(-Scalar::One(), twoG);
      check.BeginEquation();
      check.AddH(Scalar::One());
      check.AddTerm(-Scalar::One(), gens.H + gens.G);
      EXPECT_FALSE(check.Holds());
    }
    {
      // Two false equations that would cancel with equal weights do not cancel.
      CombinedCheck check = make();
      check.BeginEquation();
      check.AddG(Scalar::One());
      check.BeginEquation();
      check.AddG(-Scalar::One());
      EXPECT_FALSE(check.Holds());
    }
  }
}

TEST(SigmaCodecTest, RequireNonIdentityNamesTheStatementPoint) {
  EXPECT_TRUE(RequireNonIdentity(Point::Base(), "p", "C").ok());
  const Status s = RequireNonIdentity(Point::Identity(), "p", "C");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "p.statement.C");
}

}  // namespace
}  // namespace phantompool::crypto::sigma
