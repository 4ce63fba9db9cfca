#include "phantompool/crypto/opening_proof.h"

#include <gtest/gtest.h>

#include "phantompool/common/hex.h"
#include "phantompool/crypto/pedersen.h"
#include "sigma_test_util.h"

namespace phantompool::crypto {
namespace {

using testing::ContextTranscript;

struct Fixture {
  Scalar v, t;
  Point C;
};

Fixture Make(Rng& rng, uint64_t value = 1234) {
  const Scalar v = Scalar::FromU64(value);
  const Scalar t = Scalar::Random(rng);
  return {v, t, PedersenCommit(v, t)};
}

TEST(OpeningProofTest, HonestProofVerifiesAndKeepsTranscriptsInStep) {
  DeterministicRng rng(100);
  const Fixture f = Make(rng);
  Transcript tp = ContextTranscript();
  auto proof = OpeningProof::Prove(tp, f.C, f.v, f.t, rng);
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  Transcript tv = ContextTranscript();
  EXPECT_TRUE(proof->Verify(tv, f.C).ok());
  testing::ExpectTranscriptsInStep(tp, tv);
}

TEST(OpeningProofTest, SerializeParseRoundTrip) {
  DeterministicRng rng(101);
  const Fixture f = Make(rng);
  Transcript tp = ContextTranscript();
  const auto bytes = OpeningProof::Prove(tp, f.C, f.v, f.t, rng)->Serialize();
  EXPECT_EQ(bytes.size(), 97u);
  EXPECT_EQ(bytes[0], sigma::kWireVersion);
  auto parsed = OpeningProof::Parse(bytes);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->Serialize(), bytes);
  Transcript tv = ContextTranscript();
  EXPECT_TRUE(parsed->Verify(tv, f.C).ok());
}

TEST(OpeningProofTest, WrongWitnessCannotBeProven) {
  DeterministicRng rng(102);
  const Fixture f = Make(rng);
  Transcript t = ContextTranscript();
  auto proof = OpeningProof::Prove(t, f.C, f.v + Scalar::One(), f.t, rng);
  ASSERT_FALSE(proof.ok());
  EXPECT_EQ(proof.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(proof.status().field(), "opening_proof.witness");
}

TEST(OpeningProofTest, ProofForOneCommitmentFailsForAnother) {
  DeterministicRng rng(103);
  const Fixture f = Make(rng);
  const Fixture other = Make(rng);
  Transcript tp = ContextTranscript();
  auto proof = OpeningProof::Prove(tp, f.C, f.v, f.t, rng);
  ASSERT_TRUE(proof.ok());
  Transcript tv = ContextTranscript();
  const Status s = proof->Verify(tv, other.C);
  EXPECT_EQ(s.code(), StatusCode::kVerificationFailed);
  EXPECT_EQ(s.field(), "opening_proof");
}

TEST(OpeningProofTest, BoundToItsContext) {
  DeterministicRng rng(104);
  const Fixture f = Make(rng);
  Transcript tp = ContextTranscript("SOL/USDC", "trader-1", 7);
  auto proof = OpeningProof::Prove(tp, f.C, f.v, f.t, rng);
  ASSERT_TRUE(proof.ok());
  for (auto tv :
       {ContextTranscript("SOL/USDT", "trader-1", 7), ContextTranscript("SOL/USDC", "trader-2", 7),
        ContextTranscript("SOL/USDC", "trader-1", 8), Transcript("other/v1")}) {
    EXPECT_EQ(proof->Verify(tv, f.C).code(), StatusCode::kVerificationFailed);
  }
}

TEST(OpeningProofTest, EveryByteFlipIsRejected) {
  DeterministicRng rng(105);
  const Fixture f = Make(rng);
  Transcript tp = ContextTranscript();
  const auto bytes = OpeningProof::Prove(tp, f.C, f.v, f.t, rng)->Serialize();
  testing::ExpectEveryByteFlipRejected<OpeningProof::kSize>(
      bytes, [&](std::span<const uint8_t> b) -> Status {
        PP_ASSIGN_OR_RETURN(OpeningProof p, OpeningProof::Parse(b));
        Transcript tv = ContextTranscript();
        return p.Verify(tv, f.C);
      });
}

TEST(OpeningProofTest, ParseErrorsNameTheElement) {
  DeterministicRng rng(106);
  const Fixture f = Make(rng);
  Transcript tp = ContextTranscript();
  const auto bytes = OpeningProof::Prove(tp, f.C, f.v, f.t, rng)->Serialize();
  auto field_of = [](std::span<const uint8_t> b) {
    return OpeningProof::Parse(b, "order.opening").status();
  };
  EXPECT_EQ(field_of(std::span(bytes).first(96)).field(), "order.opening");
  auto v2 = bytes;
  v2[0] = 2;
  EXPECT_EQ(field_of(v2).field(), "order.opening.version");
  auto bad_a = bytes;
  std::fill(bad_a.begin() + 1, bad_a.begin() + 33, 0xff);
  EXPECT_EQ(field_of(bad_a).field(), "order.opening.A");
  auto identity_a = bytes;
  std::fill(identity_a.begin() + 1, identity_a.begin() + 33, 0);
  EXPECT_EQ(field_of(identity_a).field(), "order.opening.A");
  auto big_z = bytes;
  std::fill(big_z.begin() + 33, big_z.begin() + 65, 0xff);
  const Status s = field_of(big_z);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "order.opening.z_v");
  EXPECT_NE(s.message().find("non-canonical scalar"), std::string::npos);
}

TEST(OpeningProofTest, IdentityStatementIsRefused) {
  DeterministicRng rng(107);
  Transcript t = ContextTranscript();
  auto proof = OpeningProof::Prove(t, Point::Identity(), Scalar::Zero(), Scalar::Zero(), rng);
  ASSERT_FALSE(proof.ok());
  EXPECT_EQ(proof.status().field(), "opening_proof.statement.C");
}

TEST(OpeningProofTest, ProofsAreRandomizedButDeterministicForASeed) {
  const auto prove = [](uint64_t seed) {
    DeterministicRng rng(seed);
    const Fixture f = Make(rng);
    Transcript t = ContextTranscript();
    return OpeningProof::Prove(t, f.C, f.v, f.t, rng)->Serialize();
  };
  EXPECT_EQ(prove(1), prove(1));
  EXPECT_NE(prove(1), prove(2));
}

TEST(OpeningProofTest, BatchedVerification) {
  DeterministicRng rng(108);
  const Fixture a = Make(rng, 1), b = Make(rng, 2);
  Transcript ta = ContextTranscript(), tb = ContextTranscript();
  auto pa = OpeningProof::Prove(ta, a.C, a.v, a.t, rng);
  auto pb = OpeningProof::Prove(tb, b.C, b.v, b.t, rng);
  ASSERT_TRUE(pa.ok() && pb.ok());
  for (bool swap : {false, true}) {
    DeterministicRng verifier_rng(1);
    sigma::CombinedCheck batch(verifier_rng);
    Transcript va = ContextTranscript(), vb = ContextTranscript();
    ASSERT_TRUE(pa->VerifyBatched(va, swap ? b.C : a.C, batch).ok());
    ASSERT_TRUE(pb->VerifyBatched(vb, swap ? a.C : b.C, batch).ok());
    EXPECT_EQ(batch.Holds(), !swap);
  }
}

}  // namespace
}  // namespace phantompool::crypto
