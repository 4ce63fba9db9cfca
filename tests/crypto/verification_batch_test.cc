#include "phantompool/crypto/verification_batch.h"

#include <gtest/gtest.h>

#include "phantompool/crypto/aead.h"
#include "phantompool/crypto/pedersen.h"
#include "range_proof_test_util.h"

namespace phantompool::crypto {
namespace {

TEST(VerificationBatchTest, TrueEquationsHoldAndAFalseOneFails) {
  DeterministicRng rng(90);
  const Scalar v = Scalar::FromU64(42);
  const Scalar t = Scalar::Random(rng);
  const Point c = PedersenCommit(v, t);
  VerificationBatch ok;
  ok.BeginEquation();
  ok.AddTerm(Scalar::One(), c);
  ok.AddG(-v);
  ok.AddH(-t);
  EXPECT_TRUE(ok.Holds());
  VerificationBatch bad;
  bad.BeginEquation();
  bad.AddTerm(Scalar::One(), c);
  bad.AddG(-(v + Scalar::One()));
  bad.AddH(-t);
  EXPECT_FALSE(bad.Holds());
}

TEST(VerificationBatchTest, FalseEquationsThatCancelUnderFixedWeightsDoNotCancelHere) {
  // E1 = +G and E2 = −G: with weights a caller could predict (say 1 and 1) their sum is the
  // identity and the batch would pass. The batch draws its own weights: it fails, every time.
  for (int trial = 0; trial < 20; ++trial) {
    VerificationBatch batch;
    batch.BeginEquation();
    batch.AddG(Scalar::One());
    batch.BeginEquation();
    batch.AddG(-Scalar::One());
    EXPECT_FALSE(batch.Holds());
  }
}

// One point named by several equations (an order's commitment in its product proof and its
// range proof) enters the MSM once; the merged terms must still decide exactly as the
// separate ones would. P2 is the same point as P computed another way, so its
// representation differs and it stays a term of its own.
TEST(VerificationBatchTest, RepeatedPointsAreMergedWithoutChangingTheOutcome) {
  DeterministicRng rng(91);
  const Point p = Point::MulBase(Scalar::Random(rng));
  const Point q = Point::MulBase(Scalar::Random(rng));
  const Point p2 = (p + q) - q;
  ASSERT_EQ(p2, p);
  for (int off : {0, 1}) {
    VerificationBatch batch;
    const Scalar a = Scalar::Random(rng), b = Scalar::Random(rng);
    batch.BeginEquation();  // a·P + b·Q − a·P2 − b·Q = 0
    batch.AddTerm(a, p);
    batch.AddTerm(b, q);
    batch.AddTerm(-a, p2);
    batch.AddTerm(-b, q);
    batch.BeginEquation();  // b·P − b·P (+ off·Q) = 0
    batch.AddTerm(b, p);
    batch.AddTerm(-b, p);
    batch.AddTerm(Scalar::FromU64(static_cast<uint64_t>(off)), q);
    EXPECT_EQ(batch.Holds(), off == 0) << off;
  }
}

TEST(VerificationBatchTest, RangeProofWithCallerBoundCommitments) {
  DeterministicRng rng(91);
  const std::vector<uint64_t> values = {5, (uint64_t{1} << 32) - 1};
  const std::vector<Scalar> blindings = {Scalar::Random(rng), Scalar::Random(rng)};
  Transcript tp("phantompool/test/bound");
  const RangeProof proof =
      RangeProof::Prove(tp, values, blindings, 32, rng, CommitmentBinding::kBoundByCaller).value();
  auto check = [&](uint64_t v0) {
    VerificationBatch batch;
    Transcript tv("phantompool/test/bound");
    auto w = batch.AddRangeProof(proof, tv, 2, 32, "range_proof");
    EXPECT_TRUE(w.ok());
    batch.AddRawTerm((*w)[0], PedersenCommit(Scalar::FromU64(v0), blindings[0]));
    batch.AddRawTerm((*w)[1], PedersenCommit(Scalar::FromU64(values[1]), blindings[1]));
    return batch.Holds();
  };
  EXPECT_TRUE(check(5));
  EXPECT_FALSE(check(6));  // the caller's V_0 commits to another value
  // A value of 2^32 cannot be proven in 32 bits, even by the unchecked prover.
  Transcript tu("phantompool/test/bound");
  const std::vector<uint64_t> over = {5, uint64_t{1} << 32};
  auto forged = RangeProofTestPeer::ProveUnchecked(tu, over, blindings, 32, rng,
                                                   CommitmentBinding::kBoundByCaller);
  ASSERT_TRUE(forged.ok());
  VerificationBatch batch;
  Transcript tv("phantompool/test/bound");
  auto w = batch.AddRangeProof(*forged, tv, 2, 32, "range_proof").value();
  batch.AddRawTerm(w[0], PedersenCommit(Scalar::FromU64(5), blindings[0]));
  batch.AddRawTerm(w[1], PedersenCommit(Scalar::FromU64(uint64_t{1} << 32), blindings[1]));
  EXPECT_FALSE(batch.Holds());
}

TEST(AeadTest, SealOpenAndEveryTamperingFails) {
  DeterministicRng rng(92);
  SecretBytes key(kAeadKeyBytes);
  rng.Fill(key.ExposeSecretMutable());
  const AeadNonce nonce = RandomAeadNonce(rng);
  const std::vector<uint8_t> ad = {1, 2, 3};
  const std::vector<uint8_t> msg = {9, 8, 7, 6, 5};
  const auto ct = AeadSeal(key, nonce, ad, msg);
  ASSERT_EQ(ct.size(), msg.size() + kAeadTagBytes);
  auto back = AeadOpen(key, nonce, ad, ct, "ct");
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(std::equal(msg.begin(), msg.end(), back->ExposeSecret().begin()));
  for (size_t i = 0; i < ct.size(); ++i) {
    auto c = ct;
    c[i] ^= 1;
    EXPECT_EQ(AeadOpen(key, nonce, ad, c, "ct").status().field(), "ct");
  }
  const std::vector<uint8_t> other_ad = {1, 2, 4};
  EXPECT_FALSE(AeadOpen(key, nonce, other_ad, ct, "ct").ok());
  AeadNonce other_nonce = nonce;
  other_nonce[0] ^= 1;
  EXPECT_FALSE(AeadOpen(key, other_nonce, ad, ct, "ct").ok());
  EXPECT_EQ(AeadOpen(key, nonce, ad, std::span(ct).first(3), "ct").status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace phantompool::crypto
