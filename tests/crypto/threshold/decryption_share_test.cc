// Decryption shares: every quorum decrypts, fewer cannot, a bad response is found and
// dropped, the wire format is strict.
#include "phantompool/crypto/threshold/decryption_share.h"

#include <gtest/gtest.h>

#include "phantompool/crypto/elgamal.h"
#include "threshold_test_util.h"

namespace phantompool::crypto::threshold {
namespace {

const testing::DkgHarness& Dkg() {
  return testing::SharedHonestDkg();
}
const PublicKeySet& Keys() {
  return Dkg().result(1).public_keys();
}
const KeyShare& Share(uint32_t i) {
  return Dkg().result(i).key_share();
}

const std::vector<uint8_t> kContext = {'b', 'a', 't', 'c', 'h', '-', '7'};

struct Batch {
  std::vector<ElGamalCiphertext> cts;
  std::vector<Point> R;
  std::vector<uint64_t> values;
};

Batch MakeBatch(size_t m, uint64_t seed) {
  DeterministicRng rng(seed);
  Batch b;
  for (size_t j = 0; j < m; ++j) {
    b.values.push_back(1000 + 17 * j);
    b.cts.push_back(
        ElGamalEncrypt(Keys().public_key(), Scalar::FromU64(b.values.back()), Scalar::Random(rng)));
    b.R.push_back(b.cts.back().R);
  }
  return b;
}

std::vector<DecryptionShares> AllResponses(const Batch& b, uint64_t seed) {
  DeterministicRng rng(seed);
  std::vector<DecryptionShares> out;
  for (uint32_t i = 1; i <= 5; ++i) {
    auto r = ProveDecryptionShares(kContext, Share(i), b.R, rng);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    out.push_back(std::move(r).value());
  }
  return out;
}

Scalar Secret() {
  return testing::ReconstructSecretForTesting({&Share(1), &Share(2), &Share(3)});
}

TEST(DecryptionSharesTest, EveryQuorumDecrypts) {
  const Batch b = MakeBatch(6, 1);
  const auto responses = AllResponses(b, 2);
  for (uint32_t i = 1; i <= 5; ++i) {
    EXPECT_TRUE(VerifyDecryptionShares(kContext, Keys(), i, b.R, responses[i - 1]).ok()) << i;
  }
  const Scalar s = Secret();
  for (uint32_t size : {3u, 4u, 5u}) {
    for (const auto& subset : testing::Subsets(5, size)) {
      std::vector<DecryptionShares> pick;
      for (uint32_t i : subset) pick.push_back(responses[i - 1]);
      auto K = CombineShares(Keys(), pick);
      ASSERT_TRUE(K.ok()) << K.status().ToString();
      ASSERT_EQ(K->size(), b.R.size());
      for (size_t j = 0; j < b.R.size(); ++j) {
        EXPECT_TRUE((*K)[j] == b.R[j] * s);
        // ... and it decrypts: M − K = v·G.
        EXPECT_TRUE(CombineDecryption(b.cts[j], (*K)[j]) ==
                    Point::MulBase(Scalar::FromU64(b.values[j])));
      }
    }
  }
}

TEST(DecryptionSharesTest, TwoSharesCannotBeCombined) {
  const Batch b = MakeBatch(2, 3);
  const auto responses = AllResponses(b, 4);
  const std::vector<DecryptionShares> two = {responses[0], responses[3]};
  auto K = CombineShares(Keys(), two);
  ASSERT_FALSE(K.ok());
  EXPECT_EQ(K.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(K.status().field(), "responses");
  EXPECT_EQ(K.status().message(), "2 of the 3 responses needed to decrypt");
  // Three responses from two executors are still two.
  const std::vector<DecryptionShares> repeated = {responses[0], responses[3], responses[0]};
  EXPECT_EQ(CombineShares(Keys(), repeated).status().field(), "responses[2].index");
}

TEST(DecryptionSharesTest, TamperedShareIsDetectedAndItsResponseDropped) {
  const Batch b = MakeBatch(5, 5);
  auto responses = AllResponses(b, 6);
  // Executor 2 alters one share and keeps its proof (re-encoded through the wire format).
  auto bytes = responses[1].Serialize();
  const auto altered = (responses[1].shares()[3] + Point::Base()).Encode();
  std::copy(altered.begin(), altered.end(), bytes.begin() + 7 + 3 * 32);
  auto bad = DecryptionShares::Parse(bytes);
  ASSERT_TRUE(bad.ok());
  const Status st = VerifyDecryptionShares(kContext, Keys(), 2, b.R, *bad);
  EXPECT_EQ(st.code(), StatusCode::kVerificationFailed);
  EXPECT_EQ(st.field(), "decryption_shares.proof");
  responses[1] = *bad;
  // Checking the responses names executor 2 only.
  const auto verdicts = VerifyDecryptionResponses(kContext, Keys(), b.R, responses);
  ASSERT_EQ(verdicts.size(), 5u);
  for (size_t k = 0; k < 5; ++k) EXPECT_EQ(verdicts[k].ok(), k != 1) << k;
  // The combiner drops executor 2's response and uses the others.
  std::vector<DecryptionShares> good;
  for (size_t k = 0; k < 5; ++k) {
    if (verdicts[k].ok()) good.push_back(responses[k]);
  }
  auto K = CombineShares(Keys(), good);
  ASSERT_TRUE(K.ok());
  const Scalar s = Secret();
  for (size_t j = 0; j < b.R.size(); ++j) EXPECT_TRUE((*K)[j] == b.R[j] * s);
  // Had it been combined, the result would be wrong.
  const std::vector<DecryptionShares> with_bad = {responses[0], responses[1], responses[2]};
  EXPECT_FALSE(CombineShares(Keys(), with_bad)->at(3) == b.R[3] * s);
}

TEST(DecryptionSharesTest, HonestResponsesPassTheCombinedCheck) {
  const Batch b = MakeBatch(3, 8);
  const auto responses = AllResponses(b, 9);
  for (const Status& v : VerifyDecryptionResponses(kContext, Keys(), b.R, responses)) {
    EXPECT_TRUE(v.ok()) << v.ToString();
  }
  DeterministicRng rng(10);
  sigma::CombinedCheck batch(rng);
  for (uint32_t i = 1; i <= 5; ++i) {
    ASSERT_TRUE(
        VerifyDecryptionSharesBatched(kContext, Keys(), i, b.R, responses[i - 1], batch).ok());
  }
  EXPECT_TRUE(batch.Holds());
  // A tampered response makes the combined check fail.
  auto bytes = responses[2].Serialize();
  const auto altered = (responses[2].shares()[0] + Point::Base()).Encode();
  std::copy(altered.begin(), altered.end(), bytes.begin() + 7);
  const auto bad = DecryptionShares::Parse(bytes).value();
  sigma::CombinedCheck with_bad(rng);
  for (uint32_t i = 1; i <= 5; ++i) {
    ASSERT_TRUE(VerifyDecryptionSharesBatched(kContext, Keys(), i, b.R,
                                              i == 3 ? bad : responses[i - 1], with_bad)
                    .ok());
  }
  EXPECT_FALSE(with_bad.Holds());
}

TEST(DecryptionSharesTest, BoundToContextExecutorAndPoints) {
  const Batch b = MakeBatch(3, 11);
  const auto responses = AllResponses(b, 12);
  const DecryptionShares& r3 = responses[2];
  const std::vector<uint8_t> other_context = {'b', 'a', 't', 'c', 'h', '-', '8'};
  EXPECT_EQ(VerifyDecryptionShares(other_context, Keys(), 3, b.R, r3).code(),
            StatusCode::kVerificationFailed);
  // Claimed as another executor's response.
  EXPECT_EQ(VerifyDecryptionShares(kContext, Keys(), 4, b.R, r3).field(),
            "decryption_shares.index");
  EXPECT_EQ(VerifyDecryptionShares(kContext, Keys(), 6, b.R, r3).field(), "index");
  // Other points, fewer points, points in another order.
  const Batch other = MakeBatch(3, 13);
  EXPECT_FALSE(VerifyDecryptionShares(kContext, Keys(), 3, other.R, r3).ok());
  EXPECT_EQ(VerifyDecryptionShares(kContext, Keys(), 3, std::span(b.R).first(2), r3).field(),
            "decryption_shares.shares");
  std::vector<Point> swapped = b.R;
  std::swap(swapped[0], swapped[1]);
  EXPECT_FALSE(VerifyDecryptionShares(kContext, Keys(), 3, swapped, r3).ok());
  // Another run's key set.
  testing::DkgHarness h(3, 5, 14);
  h.RunHonest();
  EXPECT_FALSE(VerifyDecryptionShares(kContext, h.result(1).public_keys(), 3, b.R, r3).ok());
}

TEST(DecryptionSharesTest, IdentityPointsAreRefused) {
  Batch b = MakeBatch(3, 15);
  const auto responses = AllResponses(b, 16);
  b.R[1] = Point::Identity();
  DeterministicRng rng(17);
  EXPECT_EQ(ProveDecryptionShares(kContext, Share(1), b.R, rng).status().field(), "R[1]");
  EXPECT_EQ(VerifyDecryptionShares(kContext, Keys(), 1, b.R, responses[0]).field(), "R[1]");
  EXPECT_EQ(ProveDecryptionShares(kContext, Share(1), {}, rng).status().field(), "R");
}

// The prover behind ProveDecryptionShares (added to dleq_proof.h for it): same statement,
// same proof as BatchDleqProof::Prove, publics computed from x.
TEST(DecryptionSharesTest, BatchDleqProveAndComputePublics) {
  DeterministicRng rng(22);
  const SecretScalar x = SecretScalar::Random(rng);
  const Point P = Point::MulBase(x.ExposeSecret());
  std::vector<Point> bases;
  for (int i = 0; i < 7; ++i) bases.push_back(Point::MulBase(Scalar::Random(rng)));
  std::vector<Point> publics;
  Transcript tp("phantompool/test/v1");
  auto proof = BatchDleqProof::ProveAndComputePublics(tp, Point::Base(), P, bases, x, rng, publics);
  ASSERT_TRUE(proof.ok());
  ASSERT_EQ(publics.size(), bases.size());
  for (size_t i = 0; i < bases.size(); ++i) EXPECT_TRUE(publics[i] == bases[i] * x.ExposeSecret());
  Transcript tv("phantompool/test/v1");
  EXPECT_TRUE(proof->Verify(tv, Point::Base(), P, bases, publics).ok());
  EXPECT_TRUE(tp.ChallengeScalar("next") == tv.ChallengeScalar("next"));  // in step
  std::vector<Point> shifted = publics;
  shifted[6] = shifted[6] + Point::Base();
  Transcript tw("phantompool/test/v1");
  EXPECT_FALSE(proof->Verify(tw, Point::Base(), P, bases, shifted).ok());
  Transcript tx("phantompool/test/v1");
  EXPECT_EQ(BatchDleqProof::ProveAndComputePublics(tx, Point::Base(), P + Point::Base(), bases, x,
                                                   rng, publics)
                .status()
                .field(),
            "batch_dleq_proof.witness");
  bases[2] = Point::Identity();
  Transcript ty("phantompool/test/v1");
  EXPECT_EQ(BatchDleqProof::ProveAndComputePublics(ty, Point::Base(), P, bases, x, rng, publics)
                .status()
                .field(),
            "batch_dleq_proof.statement.bases[2]");
}

TEST(DecryptionSharesTest, EveryByteFlipIsRejected) {
  const Batch b = MakeBatch(2, 18);
  const auto responses = AllResponses(b, 19);
  const auto bytes = responses[3].Serialize();
  EXPECT_EQ(bytes.size(), DecryptionShares::SizeFor(2));
  EXPECT_EQ(bytes.size(), 168u);
  testing::ExpectEveryByteFlipRejected(bytes, [&](std::span<const uint8_t> in) -> Status {
    PP_ASSIGN_OR_RETURN(DecryptionShares r, DecryptionShares::Parse(in));
    return VerifyDecryptionShares(kContext, Keys(), 4, b.R, r);
  });
}

TEST(DecryptionSharesTest, ParseNamesTheField) {
  const Batch b = MakeBatch(3, 20);
  const auto good = AllResponses(b, 21)[0].Serialize();
  auto field = [](const std::vector<uint8_t>& in) {
    return DecryptionShares::Parse(in).status().field();
  };
  auto x = good;
  x[0] = 0x21;
  EXPECT_EQ(field(x), "decryption_shares.kind");
  x = good;
  x[2] = 0;
  EXPECT_EQ(field(x), "decryption_shares.index");
  x = good;
  x[3] = 0;
  EXPECT_EQ(field(x), "decryption_shares.count");
  x = good;
  x[3] = 4;
  EXPECT_EQ(field(x), "decryption_shares");  // 4 shares announced, 3 present
  x = good;
  std::fill(x.begin() + 7 + 64, x.begin() + 7 + 96, 0);
  EXPECT_EQ(field(x), "decryption_shares.shares[2]");
  x = good;
  std::fill(x.end() - 32, x.end(), 0xff);
  EXPECT_EQ(field(x), "decryption_shares.proof.z");
  x = good;
  x.push_back(1);
  EXPECT_EQ(field(x), "decryption_shares");
  x = good;
  x[6] = 0xff;  // a count beyond kMaxShares
  EXPECT_EQ(field(x), "decryption_shares.count");
}

}  // namespace
}  // namespace phantompool::crypto::threshold
