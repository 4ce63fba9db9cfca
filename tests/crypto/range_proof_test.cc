// Completeness and soundness of RangeProof::Prove / Verify.
#include "phantompool/crypto/range_proof.h"

#include <gtest/gtest.h>

#include "range_proof_test_util.h"

namespace phantompool::crypto {
namespace {

using testing_util::Commit;
using testing_util::ContextTranscript;
using testing_util::MakeStatement;

RangeProof ProveOk(const testing_util::Statement& s, size_t bits, Rng& rng,
                   std::string_view context = "ctx") {
  Transcript t = ContextTranscript(context);
  auto proof = RangeProof::Prove(t, s.values, s.blindings, bits, rng);
  EXPECT_TRUE(proof.ok()) << proof.status().ToString();
  return std::move(proof).value();
}

Status VerifyWith(const RangeProof& proof, std::span<const Point> commitments, size_t bits,
                  std::string_view context = "ctx") {
  Transcript t = ContextTranscript(context);
  return proof.Verify(t, commitments, bits);
}

TEST(RangeProofTest, HonestProofsVerifyForEveryShape) {
  DeterministicRng rng(1);
  for (size_t bits : {8, 16, 32, 64}) {
    for (size_t m : {1, 2, 4, 8}) {
      if (bits * m > 256 && m > 2) continue;  // the large shapes run below
      const auto s = MakeStatement(bits, m, rng);
      const RangeProof proof = ProveOk(s, bits, rng);
      EXPECT_EQ(size_t{1} << proof.rounds(), bits * m);
      EXPECT_EQ(proof.Serialize().size(), RangeProofBytes(proof.rounds()));
      EXPECT_TRUE(VerifyWith(proof, s.commitments, bits).ok()) << bits << "x" << m;
    }
  }
}

TEST(RangeProofTest, LargeAggregates) {
  DeterministicRng rng(2);
  // 64·16 = 1024 generators: past the wNAF tables, through the Pippenger paths.
  for (auto [bits, m] : {std::pair<size_t, size_t>{64, 16}, {8, 64}}) {
    const auto s = MakeStatement(bits, m, rng);
    const RangeProof proof = ProveOk(s, bits, rng);
    EXPECT_TRUE(VerifyWith(proof, s.commitments, bits).ok()) << bits << "x" << m;
    auto wrong = s.commitments;
    wrong[m - 1] = wrong[m - 1] + Point::Base();
    EXPECT_EQ(VerifyWith(proof, wrong, bits).code(), StatusCode::kVerificationFailed);
  }
}

TEST(RangeProofTest, SingleSixtyFourBitProofIs672Bytes) {
  DeterministicRng rng(3);
  const auto s = MakeStatement(64, 1, rng);
  EXPECT_EQ(ProveOk(s, 64, rng).Serialize().size(), 672u);
}

TEST(RangeProofTest, OutOfRangeValueCannotBeProven) {
  DeterministicRng rng(4);
  for (size_t bits : {8, 16, 32}) {
    std::vector<uint64_t> values = {1, uint64_t{1} << bits};
    std::vector<Scalar> blindings = {Scalar::Random(rng), Scalar::Random(rng)};
    Transcript t = ContextTranscript("ctx");
    auto proof = RangeProof::Prove(t, values, blindings, bits, rng);
    ASSERT_FALSE(proof.ok());
    EXPECT_EQ(proof.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(proof.status().field(), "range_proof.values[1]");
  }
}

TEST(RangeProofTest, ForgedProofOfOutOfRangeValueDoesNotVerify) {
  DeterministicRng rng(5);
  for (auto [bits, value] : {std::pair<size_t, uint64_t>{8, 256},
                             {8, 1000},
                             {16, 65536},
                             {32, uint64_t{1} << 32},
                             {32, UINT64_MAX}}) {
    const Scalar blinding = Scalar::Random(rng);
    Transcript t = ContextTranscript("ctx");
    auto forged = RangeProofTestPeer::ProveUnchecked(t, std::span(&value, 1),
                                                     std::span(&blinding, 1), bits, rng);
    ASSERT_TRUE(forged.ok());
    const Point v = Commit(value, blinding);
    EXPECT_EQ(VerifyWith(*forged, std::span(&v, 1), bits).code(), StatusCode::kVerificationFailed)
        << bits << " " << value;
  }
  // A "negative" value: V commits to -1 = ℓ-1, far outside any range.
  const Scalar blinding = Scalar::Random(rng);
  const Point v = Point::MulBase(-Scalar::One()) + PedersenGens::Default().H * blinding;
  const uint64_t claimed = UINT64_MAX;
  Transcript t = ContextTranscript("ctx");
  auto forged = RangeProofTestPeer::ProveUnchecked(t, std::span(&claimed, 1),
                                                   std::span(&blinding, 1), 64, rng);
  ASSERT_TRUE(forged.ok());
  EXPECT_FALSE(VerifyWith(*forged, std::span(&v, 1), 64).ok());
}

TEST(RangeProofTest, WrongStatementIsRejected) {
  DeterministicRng rng(6);
  const auto s = MakeStatement(32, 2, rng);
  const RangeProof proof = ProveOk(s, 32, rng, "pair=SOL/USDC;user=7");
  ASSERT_TRUE(VerifyWith(proof, s.commitments, 32, "pair=SOL/USDC;user=7").ok());

  // Another commitment (same value, other blinding; or another value).
  auto other = s.commitments;
  other[0] = Commit(s.values[0], Scalar::Random(rng));
  EXPECT_EQ(VerifyWith(proof, other, 32, "pair=SOL/USDC;user=7").code(),
            StatusCode::kVerificationFailed);
  other = s.commitments;
  other[1] = Commit(s.values[1] - 1, s.blindings[1]);
  EXPECT_EQ(VerifyWith(proof, other, 32, "pair=SOL/USDC;user=7").code(),
            StatusCode::kVerificationFailed);
  // Swapped commitments.
  other = {s.commitments[1], s.commitments[0]};
  EXPECT_FALSE(VerifyWith(proof, other, 32, "pair=SOL/USDC;user=7").ok());
  // Another context.
  EXPECT_EQ(VerifyWith(proof, s.commitments, 32, "pair=SOL/USDC;user=8").code(),
            StatusCode::kVerificationFailed);
  // Another bit size: 16·2 = 32 would need 5 rounds, the proof has 6.
  Status st = VerifyWith(proof, s.commitments, 16, "pair=SOL/USDC;user=7");
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  // 64 bits with one commitment also needs 6 rounds: shape matches, proof does not.
  EXPECT_EQ(VerifyWith(proof, std::span(s.commitments).first(1), 64, "pair=SOL/USDC;user=7").code(),
            StatusCode::kVerificationFailed);
  // Unsupported shapes.
  EXPECT_EQ(VerifyWith(proof, s.commitments, 12, "pair=SOL/USDC;user=7").field(), "bits");
  std::vector<Point> three = {s.commitments[0], s.commitments[1], s.commitments[0]};
  EXPECT_EQ(VerifyWith(proof, three, 32, "pair=SOL/USDC;user=7").field(), "commitments");
  EXPECT_EQ(VerifyWith(proof, {}, 32, "pair=SOL/USDC;user=7").field(), "commitments");
}

TEST(RangeProofTest, ProveRejectsBadArguments) {
  DeterministicRng rng(7);
  const auto s = MakeStatement(16, 4, rng);
  Transcript t = ContextTranscript("ctx");
  EXPECT_EQ(RangeProof::Prove(t, s.values, s.blindings, 24, rng).status().field(),
            "range_proof.bits");
  EXPECT_EQ(
      RangeProof::Prove(t, std::span(s.values).first(3), std::span(s.blindings).first(3), 16, rng)
          .status()
          .field(),
      "range_proof.values");
  EXPECT_EQ(
      RangeProof::Prove(t, s.values, std::span(s.blindings).first(2), 16, rng).status().field(),
      "range_proof.blindings");
  std::vector<uint64_t> none;
  EXPECT_FALSE(RangeProof::Prove(t, none, {}, 16, rng).ok());
  std::vector<uint64_t> many(128, 1);
  std::vector<Scalar> many_b(128);
  EXPECT_FALSE(RangeProof::Prove(t, many, many_b, 8, rng).ok());
}

TEST(RangeProofTest, TranscriptsEndInTheSameState) {
  // A caller that keeps using the transcript after the range proof (the order bundle)
  // needs prover and verifier to leave it identical.
  DeterministicRng rng(8);
  const auto s = MakeStatement(64, 1, rng);
  Transcript tp = ContextTranscript("ctx");
  auto proof = RangeProof::Prove(tp, s.values, s.blindings, 64, rng);
  ASSERT_TRUE(proof.ok());
  Transcript tv = ContextTranscript("ctx");
  ASSERT_TRUE(proof->Verify(tv, s.commitments, 64).ok());
  EXPECT_EQ(tp.ChallengeScalar("next"), tv.ChallengeScalar("next"));
}

TEST(RangeProofTest, ProofsAreRandomised) {
  DeterministicRng rng(9);
  const auto s = MakeStatement(8, 1, rng);
  EXPECT_NE(ProveOk(s, 8, rng).Serialize(), ProveOk(s, 8, rng).Serialize());
}

}  // namespace
}  // namespace phantompool::crypto
