// The threshold VRF: unique output from any quorum, wrong shares rejected, strict format.
#include "phantompool/crypto/threshold/vrf.h"

#include <gtest/gtest.h>

#include "threshold_test_util.h"

namespace phantompool::crypto::threshold {
namespace {

const PublicKeySet& Keys() {
  return testing::SharedHonestDkg().result(1).public_keys();
}
const KeyShare& Share(uint32_t i) {
  return testing::SharedHonestDkg().result(i).key_share();
}

std::array<uint8_t, 32> Seed(uint8_t tag) {
  std::array<uint8_t, 32> s;
  s.fill(tag);
  return s;
}

std::vector<VrfShare> AllShares(const std::array<uint8_t, 32>& seed, uint64_t rng_seed) {
  DeterministicRng rng(rng_seed);
  std::vector<VrfShare> out;
  for (uint32_t i = 1; i <= 5; ++i) {
    auto s = ProveVrfShare(Share(i), seed, rng);
    EXPECT_TRUE(s.ok());
    out.push_back(std::move(s).value());
  }
  return out;
}

TEST(VrfTest, EveryQuorumGivesTheSameOutput) {
  const auto seed = Seed(1);
  const auto shares = AllShares(seed, 1);
  const Scalar s = testing::ReconstructSecretForTesting({&Share(1), &Share(2), &Share(3)});
  const Point gamma = VrfBase(seed) * s;
  std::optional<std::array<uint8_t, 32>> value;
  for (uint32_t size : {3u, 4u, 5u}) {
    for (const auto& subset : testing::Subsets(5, size)) {
      std::vector<VrfShare> pick;
      for (uint32_t i : subset) pick.push_back(shares[i - 1]);
      auto out = VerifyVrf(Keys(), seed, pick);
      ASSERT_TRUE(out.ok()) << out.status().ToString();
      EXPECT_TRUE(out->gamma == gamma);
      EXPECT_TRUE(out->rejected.empty());
      EXPECT_EQ(out->used_indices.size(), 3u);
      if (!value) value = out->value;
      EXPECT_EQ(out->value, *value);
    }
  }
  // New randomness gives new proofs, never a new output.
  const auto again = AllShares(seed, 2);
  EXPECT_NE(again[0].Serialize(), shares[0].Serialize());
  EXPECT_EQ(VerifyVrf(Keys(), seed, again)->value, *value);
}

TEST(VrfTest, DifferentSeedsDifferentOutputs) {
  const auto a = VerifyVrf(Keys(), Seed(1), AllShares(Seed(1), 3));
  const auto b = VerifyVrf(Keys(), Seed(2), AllShares(Seed(2), 4));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->value, b->value);
  EXPECT_FALSE(VrfBase(Seed(1)) == VrfBase(Seed(2)));
  // A share for one seed does not verify for another.
  EXPECT_EQ(VerifyVrfShare(Keys(), Seed(2), AllShares(Seed(1), 5)[0]).code(),
            StatusCode::kVerificationFailed);
}

TEST(VrfTest, WrongSharesAreRejected) {
  const auto seed = Seed(3);
  auto shares = AllShares(seed, 6);
  // Executor 2 shifts its Γ and keeps its proof.
  auto bytes = shares[1].Serialize();
  const auto shifted = (shares[1].gamma() + Point::Base()).Encode();
  std::copy(shifted.begin(), shifted.end(), bytes.begin() + 3);
  shares[1] = VrfShare::Parse(bytes).value();
  EXPECT_EQ(VerifyVrfShare(Keys(), seed, shares[1]).field(), "vrf_share.proof");
  // With three good shares left, the output is unchanged and the bad one is listed.
  const auto honest = VerifyVrf(Keys(), seed, AllShares(seed, 7));
  auto out = VerifyVrf(Keys(), seed, shares);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->value, honest->value);
  ASSERT_EQ(out->rejected.size(), 1u);
  EXPECT_EQ(out->rejected[0].position, 1u);
  EXPECT_EQ(out->rejected[0].index, 2u);
  // Two good shares and the bad one are not enough.
  const std::vector<VrfShare> short_of_one = {shares[0], shares[1], shares[2]};
  auto refused = VerifyVrf(Keys(), seed, short_of_one);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().message(), "2 valid shares of the 3 needed (1 rejected)");
  // A share repeated does not count twice.
  const std::vector<VrfShare> repeated = {shares[0], shares[0], shares[2]};
  auto dup = VerifyVrf(Keys(), seed, repeated);
  ASSERT_FALSE(dup.ok());
  // Another key set's shares do not verify.
  testing::DkgHarness h(3, 5, 8);
  h.RunHonest();
  EXPECT_FALSE(VerifyVrfShare(h.result(1).public_keys(), seed, shares[0]).ok());
}

TEST(VrfTest, EveryByteFlipIsRejected) {
  const auto seed = Seed(4);
  const auto share = AllShares(seed, 9)[4];
  EXPECT_EQ(share.Serialize().size(), 132u);
  testing::ExpectEveryByteFlipRejected(share.Serialize(),
                                       [&](std::span<const uint8_t> b) -> Status {
                                         PP_ASSIGN_OR_RETURN(VrfShare s, VrfShare::Parse(b));
                                         return VerifyVrfShare(Keys(), seed, s);
                                       });
}

TEST(VrfTest, ParseNamesTheField) {
  const auto good = AllShares(Seed(5), 10)[0].Serialize();
  auto field = [](std::array<uint8_t, VrfShare::kSize> b) {
    return VrfShare::Parse(b).status().field();
  };
  auto b = good;
  b[0] = 0x20;
  EXPECT_EQ(field(b), "vrf_share.kind");
  b = good;
  b[1] = 0;
  EXPECT_EQ(field(b), "vrf_share.version");
  b = good;
  b[2] = 0;
  EXPECT_EQ(field(b), "vrf_share.index");
  b = good;
  std::fill(b.begin() + 3, b.begin() + 35, 0);
  EXPECT_EQ(field(b), "vrf_share.gamma");
  b = good;
  std::fill(b.begin() + 36, b.begin() + 68, 0);
  EXPECT_EQ(field(b), "vrf_share.proof.A1");
  EXPECT_EQ(VrfShare::Parse(std::span(good).first(131)).status().field(), "vrf_share");
}

}  // namespace
}  // namespace phantompool::crypto::threshold
