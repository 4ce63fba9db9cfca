// Batch verification: one MSM for many proofs, and the culprit named when it fails.
#include <gtest/gtest.h>

#include "phantompool/crypto/range_proof.h"
#include "range_proof_test_util.h"

namespace phantompool::crypto {
namespace {

using testing_util::ContextTranscript;
using testing_util::MakeStatement;

struct Batch {
  std::vector<testing_util::Statement> statements;
  std::vector<RangeProof> proofs;
  std::vector<size_t> bits;

  std::vector<RangeProofInstance> Instances() const {
    std::vector<RangeProofInstance> out;
    for (size_t i = 0; i < proofs.size(); ++i) {
      out.push_back({&proofs[i], ContextTranscript("batch/" + std::to_string(i)),
                     statements[i].commitments, bits[i]});
    }
    return out;
  }
};

// Mixed shapes: the generator scalars of differently sized proofs share one MSM.
Batch MakeBatch(size_t count, Rng& rng) {
  Batch b;
  const std::pair<size_t, size_t> shapes[] = {{64, 1}, {16, 4}, {8, 1}, {32, 2}, {64, 2}};
  for (size_t i = 0; i < count; ++i) {
    const auto [bits, m] = shapes[i % 5];
    b.statements.push_back(MakeStatement(bits, m, rng));
    Transcript t = ContextTranscript("batch/" + std::to_string(i));
    b.proofs.push_back(
        RangeProof::Prove(t, b.statements.back().values, b.statements.back().blindings, bits, rng)
            .value());
    b.bits.push_back(bits);
  }
  return b;
}

TEST(RangeProofBatchTest, HonestBatchesVerify) {
  DeterministicRng rng(1);
  const Batch b = MakeBatch(12, rng);
  for (size_t n : {1, 2, 5, 12}) {
    auto inst = b.Instances();
    EXPECT_TRUE(BatchVerifyRangeProofs(std::span(inst).first(n), rng).ok()) << n;
  }
  std::vector<RangeProofInstance> none;
  EXPECT_TRUE(BatchVerifyRangeProofs(none, rng).ok());
}

TEST(RangeProofBatchTest, TranscriptsEndWhereVerifyLeavesThem) {
  DeterministicRng rng(2);
  const Batch b = MakeBatch(3, rng);
  auto inst = b.Instances();
  ASSERT_TRUE(BatchVerifyRangeProofs(inst, rng).ok());
  for (size_t i = 0; i < inst.size(); ++i) {
    Transcript t = ContextTranscript("batch/" + std::to_string(i));
    ASSERT_TRUE(b.proofs[i].Verify(t, b.statements[i].commitments, b.bits[i]).ok());
    EXPECT_EQ(t.ChallengeScalar("next"), inst[i].transcript.ChallengeScalar("next"));
  }
}

TEST(RangeProofBatchTest, OneBadProofFailsTheBatchAndIsNamed) {
  DeterministicRng rng(3);
  const Batch b = MakeBatch(8, rng);
  // A wrong commitment for proof 6.
  {
    auto inst = b.Instances();
    inst[6].commitments[0] = inst[6].commitments[0] + Point::Base();
    const Status s = BatchVerifyRangeProofs(inst, rng);
    EXPECT_EQ(s.code(), StatusCode::kVerificationFailed);
    EXPECT_EQ(s.field(), "range_proofs[6]");
  }
  // A proof bound to another context.
  {
    auto inst = b.Instances();
    inst[3].transcript = ContextTranscript("batch/other");
    const Status s = BatchVerifyRangeProofs(inst, rng);
    EXPECT_EQ(s.field(), "range_proofs[3]");
  }
  // A proof with one byte of a scalar changed (still canonical): parses, fails.
  {
    auto bytes = b.proofs[5].Serialize();
    bytes[200] ^= 1;  // in t_hat
    auto tampered = RangeProof::Parse(bytes, "range_proof");
    ASSERT_TRUE(tampered.ok());
    auto inst = b.Instances();
    inst[5].proof = &*tampered;
    EXPECT_EQ(BatchVerifyRangeProofs(inst, rng).field(), "range_proofs[5]");
  }
  // Proofs swapped between two statements.
  {
    auto inst = b.Instances();
    std::swap(inst[0].proof, inst[5].proof);
    EXPECT_EQ(BatchVerifyRangeProofs(inst, rng).field(), "range_proofs[0]");
  }
}

TEST(RangeProofBatchTest, ForgedOutOfRangeProofFailsTheBatch) {
  DeterministicRng rng(4);
  Batch b = MakeBatch(4, rng);
  const uint64_t value = 1u << 9;
  const Scalar blinding = Scalar::Random(rng);
  Transcript t = ContextTranscript("batch/4");
  b.proofs.push_back(
      RangeProofTestPeer::ProveUnchecked(t, std::span(&value, 1), std::span(&blinding, 1), 8, rng)
          .value());
  b.statements.push_back({{value}, {blinding}, {testing_util::Commit(value, blinding)}});
  b.bits.push_back(8);
  auto inst = b.Instances();
  EXPECT_EQ(BatchVerifyRangeProofs(inst, rng).field(), "range_proofs[4]");
}

TEST(RangeProofBatchTest, StatementErrorsAreNamedBeforeAnyMsm) {
  DeterministicRng rng(5);
  const Batch b = MakeBatch(3, rng);
  auto inst = b.Instances();
  inst[2].bits = 12;
  const Status s = BatchVerifyRangeProofs(inst, rng);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "range_proofs[2].bits");
  inst = b.Instances();
  inst[1].proof = nullptr;
  EXPECT_EQ(BatchVerifyRangeProofs(inst, rng).field(), "range_proofs[1]");
}

}  // namespace
}  // namespace phantompool::crypto
