#include "phantompool/crypto/pedersen.h"

#include <gtest/gtest.h>

#include "phantompool/crypto/generators.h"
#include "phantompool/crypto/rng.h"

namespace phantompool::crypto {
namespace {

TEST(PedersenTest, MatchesTheDefinition) {
  DeterministicRng rng(1);
  const auto& gens = PedersenGens::Default();
  for (int i = 0; i < 16; ++i) {
    const Scalar v = i < 4 ? Scalar::FromU64(i) : Scalar::Random(rng);
    const Scalar t = Scalar::Random(rng);
    EXPECT_TRUE(PedersenCommit(v, t) == gens.G * v + gens.H * t) << i;
    EXPECT_TRUE(MulH(t) == gens.H * t) << i;
  }
  EXPECT_TRUE(MulH(Scalar::Zero()).IsIdentity());
  EXPECT_TRUE(PedersenCommit(Scalar::Zero(), Scalar::Zero()).IsIdentity());
}

TEST(PedersenTest, IsAdditivelyHomomorphic) {
  DeterministicRng rng(2);
  const Scalar a = Scalar::FromU64(1000), b = Scalar::FromU64(234);
  const Scalar ta = Scalar::Random(rng), tb = Scalar::Random(rng);
  EXPECT_TRUE(PedersenCommit(a, ta) + PedersenCommit(b, tb) == PedersenCommit(a + b, ta + tb));
  EXPECT_TRUE(PedersenCommit(a, ta) - PedersenCommit(b, tb) == PedersenCommit(a - b, ta - tb));
}

TEST(PedersenTest, HidesWithDifferentBlindings) {
  DeterministicRng rng(3);
  const Scalar v = Scalar::FromU64(5);
  EXPECT_FALSE(PedersenCommit(v, Scalar::Random(rng)) == PedersenCommit(v, Scalar::Random(rng)));
}

TEST(PedersenTest, LimbCommitmentsCombineIntoTheValue) {
  DeterministicRng rng(4);
  const uint64_t value = 0xfedcba9876543210ull;
  std::vector<Point> limb_commitments;
  std::vector<Scalar> limb_blindings;
  for (int i = 0; i < 4; ++i) {
    limb_blindings.push_back(Scalar::Random(rng));
    limb_commitments.push_back(
        PedersenCommit(Scalar::FromU64((value >> (16 * i)) & 0xffff), limb_blindings.back()));
  }
  const Point combined = CombineLimbCommitmentsVartime(limb_commitments);
  EXPECT_TRUE(combined ==
              PedersenCommit(Scalar::FromU64(value), CombineLimbBlindings(limb_blindings)));
  // A limb in another position gives another value.
  std::swap(limb_commitments[0], limb_commitments[1]);
  EXPECT_FALSE(CombineLimbCommitmentsVartime(limb_commitments) == combined);
}

}  // namespace
}  // namespace phantompool::crypto
