#include "phantompool/crypto/schnorr_proof.h"

#include <gtest/gtest.h>

#include "phantompool/crypto/verification_batch.h"

namespace phantompool::crypto {
namespace {

Transcript Context(std::string_view ctx) {
  Transcript t("phantompool/test/schnorr");
  t.AppendMessage("ctx", ctx);
  return t;
}

struct Fixture {
  DeterministicRng rng{81};
  SecretScalar r = SecretScalar::Random(rng);
  Point R = Point::MulBase(r.ExposeSecret());
};

TEST(SchnorrProofTest, HonestProofVerifiesAloneAndBatched) {
  Fixture f;
  Transcript tp = Context("order-1");
  auto proof = SchnorrProof::Prove(tp, f.R, f.r, f.rng);
  ASSERT_TRUE(proof.ok());
  Transcript tv = Context("order-1");
  EXPECT_TRUE(proof->Verify(tv, f.R).ok());
  // Both transcripts end in the same state.
  EXPECT_EQ(tp.ChallengeScalar("next"), tv.ChallengeScalar("next"));
  VerificationBatch batch;
  Transcript tb = Context("order-1");
  ASSERT_TRUE(proof->VerifyBatched(tb, f.R, batch.sigma()).ok());
  EXPECT_TRUE(batch.Holds());
}

TEST(SchnorrProofTest, WrongWitnessAndIdentityAreRefused) {
  Fixture f;
  Transcript t = Context("x");
  const SecretScalar other = SecretScalar::Random(f.rng);
  EXPECT_EQ(SchnorrProof::Prove(t, f.R, other, f.rng).status().field(), "schnorr_proof.witness");
  Transcript t2 = Context("x");
  EXPECT_FALSE(SchnorrProof::Prove(t2, Point::Identity(), f.r, f.rng).ok());
}

TEST(SchnorrProofTest, BoundToContextAndStatement) {
  // This is what stops a copied KEM point: the proof verifies only in its own context.
  Fixture f;
  Transcript tp = Context("victim's order");
  const SchnorrProof proof = SchnorrProof::Prove(tp, f.R, f.r, f.rng).value();
  Transcript other_ctx = Context("attacker's order");
  EXPECT_EQ(proof.Verify(other_ctx, f.R).code(), StatusCode::kVerificationFailed);
  Transcript other_r = Context("victim's order");
  EXPECT_FALSE(proof.Verify(other_r, f.R + Point::Base()).ok());
}

TEST(SchnorrProofTest, EveryByteFlipIsRejected) {
  Fixture f;
  Transcript tp = Context("c");
  const auto bytes = SchnorrProof::Prove(tp, f.R, f.r, f.rng).value().Serialize();
  ASSERT_EQ(bytes.size(), SchnorrProof::kSize);
  for (size_t i = 0; i < bytes.size(); ++i) {
    auto b = bytes;
    b[i] ^= static_cast<uint8_t>(1u << (i % 8));
    auto parsed = SchnorrProof::Parse(b);
    if (!parsed.ok()) continue;
    Transcript tv = Context("c");
    EXPECT_FALSE(parsed->Verify(tv, f.R).ok()) << i;
  }
  EXPECT_EQ(SchnorrProof::Parse(std::span(bytes).first(64)).status().field(), "schnorr_proof");
}

TEST(SchnorrProofTest, ProofsAreFreshForEachCall) {
  // Hedged nonces: the same statement proven twice gives different proofs (a repeated
  // nonce with two challenges would reveal r, and r opens the order).
  Fixture f;
  Transcript t1 = Context("c");
  Transcript t2 = Context("c");
  EXPECT_NE(SchnorrProof::Prove(t1, f.R, f.r, f.rng).value().Serialize(),
            SchnorrProof::Prove(t2, f.R, f.r, f.rng).value().Serialize());
}

}  // namespace
}  // namespace phantompool::crypto
