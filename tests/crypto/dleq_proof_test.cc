#include "phantompool/crypto/dleq_proof.h"

#include <gtest/gtest.h>

#include <vector>

#include "phantompool/crypto/elgamal.h"
#include "sigma_test_util.h"

namespace phantompool::crypto {
namespace {

using testing::ContextTranscript;

struct DleqFixture {
  SecretScalar x;
  Point B1, P1, B2, P2;
};

DleqFixture MakeDleq(Rng& rng) {
  DleqFixture f;
  f.x = SecretScalar::Random(rng);
  f.B1 = Point::Base();
  f.P1 = Point::MulBase(f.x.ExposeSecret());
  f.B2 = Point::MulBase(Scalar::Random(rng));
  f.P2 = f.B2 * f.x.ExposeSecret();
  return f;
}

Status VerifyDleq(const DleqProof& p, const DleqFixture& f) {
  Transcript t = ContextTranscript();
  return p.Verify(t, f.B1, f.P1, f.B2, f.P2);
}

TEST(DleqProofTest, HonestProofVerifies) {
  DeterministicRng rng(300);
  const DleqFixture f = MakeDleq(rng);
  Transcript tp = ContextTranscript();
  auto proof = DleqProof::Prove(tp, f.B1, f.P1, f.B2, f.P2, f.x, rng);
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  Transcript tv = ContextTranscript();
  EXPECT_TRUE(proof->Verify(tv, f.B1, f.P1, f.B2, f.P2).ok());
  testing::ExpectTranscriptsInStep(tp, tv);
  auto parsed = DleqProof::Parse(proof->Serialize());
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(VerifyDleq(*parsed, f).ok());
}

TEST(DleqProofTest, UnequalLogsCannotBeProvenOrVerified) {
  DeterministicRng rng(301);
  const DleqFixture f = MakeDleq(rng);
  DleqFixture bad = f;
  bad.P2 = f.B2 * (f.x.ExposeSecret() + Scalar::One());
  Transcript t = ContextTranscript();
  auto refused = DleqProof::Prove(t, bad.B1, bad.P1, bad.B2, bad.P2, bad.x, rng);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().field(), "dleq_proof.witness");
  Transcript tp = ContextTranscript();
  auto proof = DleqProof::Prove(tp, f.B1, f.P1, f.B2, f.P2, f.x, rng);
  ASSERT_TRUE(proof.ok());
  EXPECT_EQ(VerifyDleq(*proof, bad).code(), StatusCode::kVerificationFailed);
  // Swapping the two pairs is another statement.
  DleqFixture swapped{f.x, f.B2, f.P2, f.B1, f.P1};
  EXPECT_FALSE(VerifyDleq(*proof, swapped).ok());
}

TEST(DleqProofTest, BoundToItsContext) {
  DeterministicRng rng(302);
  const DleqFixture f = MakeDleq(rng);
  Transcript tp = ContextTranscript();
  auto proof = DleqProof::Prove(tp, f.B1, f.P1, f.B2, f.P2, f.x, rng);
  ASSERT_TRUE(proof.ok());
  Transcript tv = ContextTranscript("SOL/USDT");
  EXPECT_EQ(proof->Verify(tv, f.B1, f.P1, f.B2, f.P2).code(), StatusCode::kVerificationFailed);
}

TEST(DleqProofTest, EveryByteFlipIsRejected) {
  DeterministicRng rng(303);
  const DleqFixture f = MakeDleq(rng);
  Transcript tp = ContextTranscript();
  const auto bytes = DleqProof::Prove(tp, f.B1, f.P1, f.B2, f.P2, f.x, rng)->Serialize();
  testing::ExpectEveryByteFlipRejected<DleqProof::kSize>(
      bytes, [&](std::span<const uint8_t> b) -> Status {
        PP_ASSIGN_OR_RETURN(DleqProof p, DleqProof::Parse(b));
        return VerifyDleq(p, f);
      });
}

TEST(DleqProofTest, ParseNamesTheElement) {
  DeterministicRng rng(304);
  const DleqFixture f = MakeDleq(rng);
  Transcript tp = ContextTranscript();
  auto bytes = DleqProof::Prove(tp, f.B1, f.P1, f.B2, f.P2, f.x, rng)->Serialize();
  std::fill(bytes.begin() + 65, bytes.end(), 0xff);
  EXPECT_EQ(DleqProof::Parse(bytes, "share.proof").status().field(), "share.proof.z");
}

// An executor's decryption shares: key share P = x·G, shares D_i = x·R_i.
struct BatchFixture {
  SecretScalar x;
  Point P;
  std::vector<Point> R;
  std::vector<Point> D;
};

BatchFixture MakeBatch(Rng& rng, size_t n) {
  BatchFixture f;
  f.x = SecretScalar::Random(rng);
  f.P = Point::MulBase(f.x.ExposeSecret());
  const Point pk = Point::MulBase(Scalar::Random(rng));
  for (size_t i = 0; i < n; ++i) {
    const auto ct = ElGamalEncrypt(pk, Scalar::FromU64(i), Scalar::Random(rng));
    f.R.push_back(ct.R);
    f.D.push_back(ct.R * f.x.ExposeSecret());
  }
  return f;
}

Status VerifyBatch(const BatchDleqProof& p, const BatchFixture& f) {
  Transcript t = ContextTranscript();
  return p.Verify(t, Point::Base(), f.P, f.R, f.D);
}

TEST(BatchDleqProofTest, HonestBatchVerifies) {
  DeterministicRng rng(310);
  for (size_t n : {1, 2, 8, 40}) {
    const BatchFixture f = MakeBatch(rng, n);
    Transcript tp = ContextTranscript();
    auto proof = BatchDleqProof::Prove(tp, Point::Base(), f.P, f.R, f.D, f.x, rng);
    ASSERT_TRUE(proof.ok()) << proof.status().ToString();
    Transcript tv = ContextTranscript();
    EXPECT_TRUE(proof->Verify(tv, Point::Base(), f.P, f.R, f.D).ok()) << n;
    testing::ExpectTranscriptsInStep(tp, tv);
    EXPECT_EQ(proof->Serialize().size(), 97u);
  }
}

TEST(BatchDleqProofTest, OneBadShareIsRejected) {
  DeterministicRng rng(311);
  const BatchFixture f = MakeBatch(rng, 10);
  Transcript tp = ContextTranscript();
  auto proof = BatchDleqProof::Prove(tp, Point::Base(), f.P, f.R, f.D, f.x, rng);
  ASSERT_TRUE(proof.ok());
  for (size_t bad_index : {0, 3, 9}) {
    BatchFixture bad = f;
    bad.D[bad_index] = bad.D[bad_index] + Point::Base();
    // The honest proof does not cover the altered share...
    EXPECT_EQ(VerifyBatch(*proof, bad).code(), StatusCode::kVerificationFailed) << bad_index;
    // ...and no proof can be made for it.
    Transcript t = ContextTranscript();
    auto refused = BatchDleqProof::Prove(t, Point::Base(), bad.P, bad.R, bad.D, bad.x, rng);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().field(), "batch_dleq_proof.witness");
  }
  // A share made with another key (a cheating executor) is also refused.
  BatchFixture other_key = f;
  other_key.D[5] = f.R[5] * Scalar::FromU64(12345);
  EXPECT_FALSE(VerifyBatch(*proof, other_key).ok());
}

TEST(BatchDleqProofTest, StatementIsTheWholeBatch) {
  DeterministicRng rng(312);
  const BatchFixture f = MakeBatch(rng, 4);
  Transcript tp = ContextTranscript();
  auto proof = BatchDleqProof::Prove(tp, Point::Base(), f.P, f.R, f.D, f.x, rng);
  ASSERT_TRUE(proof.ok());
  BatchFixture fewer = f;
  fewer.R.pop_back();
  fewer.D.pop_back();
  EXPECT_FALSE(VerifyBatch(*proof, fewer).ok());
  BatchFixture reordered = f;
  std::swap(reordered.R[0], reordered.R[1]);
  std::swap(reordered.D[0], reordered.D[1]);
  EXPECT_FALSE(VerifyBatch(*proof, reordered).ok());
  // A single DLEQ proof is not a batch proof of one pair, nor the reverse.
  const BatchFixture one = MakeBatch(rng, 1);
  Transcript ts = ContextTranscript();
  auto single = DleqProof::Prove(ts, Point::Base(), one.P, one.R[0], one.D[0], one.x, rng);
  ASSERT_TRUE(single.ok());
  auto as_batch = BatchDleqProof::Parse(single->Serialize());
  ASSERT_TRUE(as_batch.ok());
  EXPECT_FALSE(VerifyBatch(*as_batch, one).ok());
}

TEST(BatchDleqProofTest, MalformedStatementsAreInvalid) {
  DeterministicRng rng(313);
  const BatchFixture f = MakeBatch(rng, 3);
  Transcript tp = ContextTranscript();
  auto proof = BatchDleqProof::Prove(tp, Point::Base(), f.P, f.R, f.D, f.x, rng);
  ASSERT_TRUE(proof.ok());
  BatchFixture uneven = f;
  uneven.D.pop_back();
  EXPECT_EQ(VerifyBatch(*proof, uneven).code(), StatusCode::kInvalidArgument);
  BatchFixture empty = f;
  empty.R.clear();
  empty.D.clear();
  EXPECT_EQ(VerifyBatch(*proof, empty).code(), StatusCode::kInvalidArgument);
  BatchFixture identity = f;
  identity.D[1] = Point::Identity();
  EXPECT_EQ(VerifyBatch(*proof, identity).field(), "batch_dleq_proof.statement.publics[1]");
}

TEST(BatchDleqProofTest, EveryByteFlipIsRejected) {
  DeterministicRng rng(314);
  const BatchFixture f = MakeBatch(rng, 5);
  Transcript tp = ContextTranscript();
  const auto bytes = BatchDleqProof::Prove(tp, Point::Base(), f.P, f.R, f.D, f.x, rng)->Serialize();
  testing::ExpectEveryByteFlipRejected<BatchDleqProof::kSize>(
      bytes, [&](std::span<const uint8_t> b) -> Status {
        PP_ASSIGN_OR_RETURN(BatchDleqProof p, BatchDleqProof::Parse(b));
        return VerifyBatch(p, f);
      });
}

TEST(BatchDleqProofTest, BoundToItsContext) {
  DeterministicRng rng(315);
  const BatchFixture f = MakeBatch(rng, 3);
  Transcript tp = ContextTranscript("session-1", "executor-2", 1);
  auto proof = BatchDleqProof::Prove(tp, Point::Base(), f.P, f.R, f.D, f.x, rng);
  ASSERT_TRUE(proof.ok());
  Transcript tv = ContextTranscript("session-2", "executor-2", 1);
  EXPECT_FALSE(proof->Verify(tv, Point::Base(), f.P, f.R, f.D).ok());
}

TEST(BatchDleqProofTest, BatchedWithOtherProofs) {
  // A coordinator checks every executor's share proof in one MSM.
  DeterministicRng rng(316);
  const BatchFixture e1 = MakeBatch(rng, 4), e2 = MakeBatch(rng, 6);
  const DleqFixture single = MakeDleq(rng);
  Transcript t1 = ContextTranscript(), t2 = ContextTranscript(), t3 = ContextTranscript();
  auto p1 = BatchDleqProof::Prove(t1, Point::Base(), e1.P, e1.R, e1.D, e1.x, rng);
  auto p2 = BatchDleqProof::Prove(t2, Point::Base(), e2.P, e2.R, e2.D, e2.x, rng);
  auto p3 = DleqProof::Prove(t3, single.B1, single.P1, single.B2, single.P2, single.x, rng);
  ASSERT_TRUE(p1.ok() && p2.ok() && p3.ok());
  for (int bad = -1; bad < 3; ++bad) {
    DeterministicRng verifier_rng(3);
    sigma::CombinedCheck batch(verifier_rng);
    BatchFixture f1 = e1, f2 = e2;
    DleqFixture f3 = single;
    if (bad == 0) f1.D[2] = f1.D[2] + Point::Base();
    if (bad == 1) f2.D[5] = f2.D[5] + Point::Base();
    if (bad == 2) f3.P2 = f3.P2 + Point::Base();
    Transcript v1 = ContextTranscript(), v2 = ContextTranscript(), v3 = ContextTranscript();
    ASSERT_TRUE(p1->VerifyBatched(v1, Point::Base(), f1.P, f1.R, f1.D, batch).ok());
    ASSERT_TRUE(p2->VerifyBatched(v2, Point::Base(), f2.P, f2.R, f2.D, batch).ok());
    ASSERT_TRUE(p3->VerifyBatched(v3, f3.B1, f3.P1, f3.B2, f3.P2, batch).ok());
    EXPECT_EQ(batch.Holds(), bad == -1) << bad;
  }
}

}  // namespace
}  // namespace phantompool::crypto
