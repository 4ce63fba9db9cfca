#include "phantompool/crypto/equality_proof.h"

#include <gtest/gtest.h>

#include "phantompool/crypto/pedersen.h"
#include "sigma_test_util.h"

namespace phantompool::crypto {
namespace {

using testing::ContextTranscript;

struct Fixture {
  Point pk;
  Scalar v, r, t;
  ElGamalCiphertext ct;
  Point C;
};

Fixture Make(Rng& rng, uint64_t value = 40000) {
  Fixture f;
  f.pk = Point::MulBase(Scalar::Random(rng));
  f.v = Scalar::FromU64(value);
  f.r = Scalar::Random(rng);
  f.t = Scalar::Random(rng);
  f.ct = ElGamalEncrypt(f.pk, f.v, f.r);
  f.C = PedersenCommit(f.v, f.t);
  return f;
}

Result<CiphertextCommitmentEqualityProof> ProveFor(const Fixture& f, Rng& rng) {
  Transcript t = ContextTranscript();
  return CiphertextCommitmentEqualityProof::Prove(t, f.pk, f.ct, f.C, f.v, f.r, f.t, rng);
}

Status VerifyFor(const CiphertextCommitmentEqualityProof& p, const Fixture& f) {
  Transcript t = ContextTranscript();
  return p.Verify(t, f.pk, f.ct, f.C);
}

TEST(EqualityProofTest, HonestProofVerifies) {
  DeterministicRng rng(200);
  for (uint64_t v : {0, 1, 65535}) {
    const Fixture f = Make(rng, v);
    Transcript tp = ContextTranscript();
    auto proof = CiphertextCommitmentEqualityProof::Prove(tp, f.pk, f.ct, f.C, f.v, f.r, f.t, rng);
    ASSERT_TRUE(proof.ok()) << proof.status().ToString();
    Transcript tv = ContextTranscript();
    EXPECT_TRUE(proof->Verify(tv, f.pk, f.ct, f.C).ok());
    testing::ExpectTranscriptsInStep(tp, tv);
    auto parsed = CiphertextCommitmentEqualityProof::Parse(proof->Serialize());
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->Serialize(), proof->Serialize());
    EXPECT_EQ(proof->Serialize().size(), 193u);
  }
}

TEST(EqualityProofTest, ValueMismatchCannotBeProven) {
  DeterministicRng rng(201);
  Fixture f = Make(rng);
  // C commits to v + 1 while ct encrypts v: no witness fits both.
  f.C = PedersenCommit(f.v + Scalar::One(), f.t);
  for (const Scalar& claimed : {f.v, f.v + Scalar::One()}) {
    Transcript t = ContextTranscript();
    auto proof =
        CiphertextCommitmentEqualityProof::Prove(t, f.pk, f.ct, f.C, claimed, f.r, f.t, rng);
    ASSERT_FALSE(proof.ok());
    EXPECT_EQ(proof.status().field(), "equality_proof.witness");
  }
}

TEST(EqualityProofTest, ProofDoesNotTransferToAnotherStatement) {
  DeterministicRng rng(202);
  const Fixture f = Make(rng);
  auto proof = ProveFor(f, rng);
  ASSERT_TRUE(proof.ok());
  // Another commitment to the same value (other blinding).
  Fixture other_c = f;
  other_c.C = PedersenCommit(f.v, Scalar::Random(rng));
  EXPECT_EQ(VerifyFor(*proof, other_c).code(), StatusCode::kVerificationFailed);
  // Another ciphertext of the same value (other randomness).
  Fixture other_ct = f;
  other_ct.ct = ElGamalEncrypt(f.pk, f.v, Scalar::Random(rng));
  EXPECT_EQ(VerifyFor(*proof, other_ct).code(), StatusCode::kVerificationFailed);
  // A ciphertext of another value.
  Fixture other_v = f;
  other_v.ct = ElGamalEncrypt(f.pk, f.v + Scalar::One(), f.r);
  EXPECT_EQ(VerifyFor(*proof, other_v).code(), StatusCode::kVerificationFailed);
  // Another key.
  Fixture other_pk = f;
  other_pk.pk = Point::MulBase(Scalar::Random(rng));
  EXPECT_EQ(VerifyFor(*proof, other_pk).code(), StatusCode::kVerificationFailed);
  // The ciphertext's halves swapped.
  Fixture swapped = f;
  swapped.ct = ElGamalCiphertext{f.ct.M, f.ct.R};
  EXPECT_FALSE(VerifyFor(*proof, swapped).ok());
}

TEST(EqualityProofTest, BoundToItsContext) {
  DeterministicRng rng(203);
  const Fixture f = Make(rng);
  auto proof = ProveFor(f, rng);
  ASSERT_TRUE(proof.ok());
  Transcript other = ContextTranscript("SOL/USDC", "trader-1", 8);
  EXPECT_EQ(proof->Verify(other, f.pk, f.ct, f.C).code(), StatusCode::kVerificationFailed);
  Transcript other_user = ContextTranscript("SOL/USDC", "trader-9", 7);
  EXPECT_EQ(proof->Verify(other_user, f.pk, f.ct, f.C).code(), StatusCode::kVerificationFailed);
}

TEST(EqualityProofTest, EveryByteFlipIsRejected) {
  DeterministicRng rng(204);
  const Fixture f = Make(rng);
  const auto bytes = ProveFor(f, rng)->Serialize();
  testing::ExpectEveryByteFlipRejected<CiphertextCommitmentEqualityProof::kSize>(
      bytes, [&](std::span<const uint8_t> b) -> Status {
        PP_ASSIGN_OR_RETURN(auto p, CiphertextCommitmentEqualityProof::Parse(b));
        return VerifyFor(p, f);
      });
}

TEST(EqualityProofTest, ParseErrorsNameTheElement) {
  DeterministicRng rng(205);
  const Fixture f = Make(rng);
  const auto bytes = ProveFor(f, rng)->Serialize();
  auto big_zv = bytes;
  std::fill(big_zv.begin() + 97, big_zv.begin() + 129, 0xff);
  const Status s = CiphertextCommitmentEqualityProof::Parse(big_zv).status();
  EXPECT_EQ(s.field(), "equality_proof.z_v");
  EXPECT_EQ(s.ToString().find("invalid_argument: equality_proof.z_v: non-canonical scalar"), 0u)
      << s.ToString();
  auto bad_am = bytes;
  std::fill(bad_am.begin() + 33, bad_am.begin() + 65, 0);
  EXPECT_EQ(CiphertextCommitmentEqualityProof::Parse(bad_am).status().field(),
            "equality_proof.A_M");
  EXPECT_FALSE(CiphertextCommitmentEqualityProof::Parse(std::span(bytes).first(192)).ok());
}

TEST(EqualityProofTest, IdentityStatementPointsAreRefused) {
  DeterministicRng rng(206);
  const Fixture f = Make(rng);
  auto proof = ProveFor(f, rng);
  ASSERT_TRUE(proof.ok());
  Fixture no_pk = f;
  no_pk.pk = Point::Identity();
  const Status s = VerifyFor(*proof, no_pk);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "equality_proof.statement.PK");
  Fixture no_c = f;
  no_c.C = Point::Identity();
  EXPECT_EQ(VerifyFor(*proof, no_c).field(), "equality_proof.statement.C");
}

TEST(EqualityProofTest, ChainedProofsOnOneTranscript) {
  // The order proves four limbs in a row on one transcript; the verifier must replay them
  // in the same order, and a reordering fails.
  DeterministicRng rng(207);
  std::vector<Fixture> limbs;
  for (uint64_t v : {1, 2, 3, 4}) limbs.push_back(Make(rng, v));
  Transcript tp = ContextTranscript();
  std::vector<CiphertextCommitmentEqualityProof> proofs;
  for (const auto& f : limbs) {
    proofs.push_back(
        *CiphertextCommitmentEqualityProof::Prove(tp, f.pk, f.ct, f.C, f.v, f.r, f.t, rng));
  }
  Transcript tv = ContextTranscript();
  for (size_t i = 0; i < limbs.size(); ++i) {
    EXPECT_TRUE(proofs[i].Verify(tv, limbs[i].pk, limbs[i].ct, limbs[i].C).ok()) << i;
  }
  Transcript reordered = ContextTranscript();
  EXPECT_FALSE(proofs[1].Verify(reordered, limbs[1].pk, limbs[1].ct, limbs[1].C).ok());
}

TEST(EqualityProofTest, BatchedVerificationOfAChain) {
  // The order's twelve limb proofs, chained on one transcript and checked with one MSM.
  DeterministicRng rng(208);
  std::vector<Fixture> limbs;
  for (uint64_t v = 0; v < 12; ++v) limbs.push_back(Make(rng, v * 5000));
  Transcript tp = ContextTranscript();
  std::vector<CiphertextCommitmentEqualityProof> proofs;
  for (const auto& f : limbs) {
    proofs.push_back(
        *CiphertextCommitmentEqualityProof::Prove(tp, f.pk, f.ct, f.C, f.v, f.r, f.t, rng));
  }
  auto run = [&](const std::vector<Fixture>& statements) {
    DeterministicRng verifier_rng(9);
    sigma::CombinedCheck batch(verifier_rng);
    Transcript tv = ContextTranscript();
    for (size_t i = 0; i < proofs.size(); ++i) {
      const Fixture& f = statements[i];
      EXPECT_TRUE(proofs[i].VerifyBatched(tv, f.pk, f.ct, f.C, batch).ok());
    }
    if (&statements == &limbs) testing::ExpectTranscriptsInStep(tp, tv);
    EXPECT_EQ(batch.equations(), 36u);
    return batch.Holds();
  };
  EXPECT_TRUE(run(limbs));
  // One limb's commitment replaced: the whole batch fails.
  auto bad = limbs;
  bad[7].C = PedersenCommit(bad[7].v, Scalar::Random(rng));
  EXPECT_FALSE(run(bad));
}

}  // namespace
}  // namespace phantompool::crypto
