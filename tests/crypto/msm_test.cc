// Every MSM path against the one-term-at-a-time reference.
#include "phantompool/crypto/msm.h"

#include <gtest/gtest.h>

#include <vector>

#include "edwards_ifma.h"
#include "phantompool/crypto/bulletproof_gens.h"

namespace phantompool::crypto {
namespace {

// Scalars that stress the recodings: zero, ±1, small, the top of the range, powers of
// two at window edges, even and odd, then random ones.
std::vector<Scalar> EdgeScalars() {
  std::vector<Scalar> s = {Scalar::Zero(),       Scalar::One(),        -Scalar::One(),
                           Scalar::FromU64(2),   Scalar::FromU64(31),  Scalar::FromU64(32),
                           Scalar::FromU64(511), Scalar::FromU64(512), Scalar::FromU64(UINT64_MAX),
                           -Scalar::FromU64(2)};
  std::array<uint8_t, 32> b{};
  b[31] = 0x10;  // 2^252
  s.push_back(Scalar::FromCanonicalBytes(b, "s").value());
  b.fill(0xff);
  b[31] = 0x0f;  // 2^252 - 1
  s.push_back(Scalar::FromCanonicalBytes(b, "s").value());
  return s;
}

struct Input {
  std::vector<Scalar> scalars;
  std::vector<Point> points;
};

Input MakeInput(size_t n, Rng& rng, bool with_edges = true) {
  Input in;
  const auto edges = EdgeScalars();
  for (size_t i = 0; i < n; ++i) {
    in.scalars.push_back(with_edges && i < edges.size() ? edges[i] : Scalar::Random(rng));
    in.points.push_back(Point::MulBase(Scalar::Random(rng)));
  }
  return in;
}

// The tests that run on both arithmetics: the scalar one, and where the CPU has it the
// AVX-512 IFMA one (eight lanes) that MulEachConstTime and Straus use there.
class LadderTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (GetParam() && !edwards::HaveIfma()) GTEST_SKIP() << "this CPU has no AVX-512 IFMA";
    edwards::AllowIfma(GetParam());
  }
  void TearDown() override { edwards::AllowIfma(true); }
};

TEST_P(LadderTest, StrausMatchesNaive) {
  DeterministicRng rng(1);
  for (size_t n : {0, 1, 2, 3, 7, 8, 9, 12, 17, 64}) {
    const Input in = MakeInput(n, rng);
    EXPECT_EQ(StrausMultiScalarMulVartime(in.scalars, in.points),
              NaiveMultiScalarMul(in.scalars, in.points))
        << n;
  }
}

// Identity points, zero and ±1 scalars and part-filled groups of eight lanes: the field
// elements behind them (0 written as p or 2p, 1 as p + 1) put limbs exactly at the carry
// bound, which the vector arithmetic must still read whole (a squaring that doubled an
// operand limb of 2^51 once lost it to IFMA's 52-bit operand width).
TEST_P(LadderTest, IdentitiesAndTinyScalarsMatchNaive) {
  DeterministicRng rng(10);
  for (size_t n : {1, 2, 3, 5, 6, 9, 13, 17, 40, 300, 301}) {
    Input in = MakeInput(n, rng, false);
    for (size_t i = 0; i < n; ++i) {
      if (i % 3 == 0) in.points[i] = Point::Identity();
      if (i % 4 == 1) in.scalars[i] = Scalar::Zero();
      if (i % 4 == 2) in.scalars[i] = i % 8 == 2 ? Scalar::One() : -Scalar::One();
    }
    const Point expected = NaiveMultiScalarMul(in.scalars, in.points);
    EXPECT_EQ(StrausMultiScalarMulVartime(in.scalars, in.points), expected) << n;
    EXPECT_EQ(PippengerMultiScalarMulVartime(in.scalars, in.points), expected) << n;
    const auto each = MulEachConstTime(-Scalar::One(), in.points);
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(each[i], -in.points[i]) << n << " " << i;
  }
}

TEST_P(LadderTest, PippengerMatchesNaive) {
  DeterministicRng rng(2);
  for (size_t n : {0, 1, 2, 7, 8, 9, 12, 70, 300, 1001}) {
    const Input in = MakeInput(n, rng);
    EXPECT_EQ(PippengerMultiScalarMulVartime(in.scalars, in.points),
              NaiveMultiScalarMul(in.scalars, in.points))
        << n;
  }
}

TEST_P(LadderTest, PippengerWithRepeatedPointsAndCancellingScalars) {
  DeterministicRng rng(3);
  Input in = MakeInput(40, rng, false);
  // The same point with s and -s: buckets receive P and -P, the sum is the rest.
  for (size_t i = 0; i < 20; ++i) {
    in.points[20 + i] = in.points[i];
    in.scalars[20 + i] = -in.scalars[i];
  }
  EXPECT_TRUE(PippengerMultiScalarMulVartime(in.scalars, in.points).IsIdentity());
  EXPECT_TRUE(StrausMultiScalarMulVartime(in.scalars, in.points).IsIdentity());
}

TEST_P(LadderTest, DispatchAroundThreshold) {
  DeterministicRng rng(4);
  for (size_t n : {PippengerThreshold(), PippengerThreshold() + 1}) {
    const Input in = MakeInput(n, rng);
    EXPECT_EQ(MultiScalarMulVartime(in.scalars, in.points),
              NaiveMultiScalarMul(in.scalars, in.points));
  }
}

TEST(MsmTest, WnafTableHoldsOddMultiples) {
  DeterministicRng rng(5);
  const Point p = Point::MulBase(Scalar::Random(rng));
  const WnafTable table(p);
  for (int d : {1, 3, 5, 101, 255, 511}) EXPECT_EQ(table.OddMultiple(d), p * Scalar::FromU64(d));
}

TEST_P(LadderTest, FixedBasesMatchNaive) {
  DeterministicRng rng(6);
  const auto& gens = BulletproofGens::Default();
  const auto g_pts = gens.G(64);
  const auto h_pts = gens.H(64);
  const auto g_tab = gens.GTables(64);
  const auto h_tab = gens.HTables(64);
  for (size_t dynamic : {size_t{0}, size_t{5}, PippengerThreshold() + 10}) {
    const Input fixed_g = MakeInput(64, rng);
    const Input fixed_h = MakeInput(30, rng, false);
    const Input dyn = MakeInput(dynamic, rng);
    const FixedBaseSpan spans[] = {
        {fixed_g.scalars, g_tab},
        {std::span(fixed_h.scalars).first(30), h_tab.subspan(7, 30)},
        {{}, {}},
    };
    std::vector<Scalar> all_s = fixed_g.scalars;
    std::vector<Point> all_p(g_pts.begin(), g_pts.end());
    all_s.insert(all_s.end(), fixed_h.scalars.begin(), fixed_h.scalars.end());
    all_p.insert(all_p.end(), h_pts.begin() + 7, h_pts.begin() + 37);
    all_s.insert(all_s.end(), dyn.scalars.begin(), dyn.scalars.end());
    all_p.insert(all_p.end(), dyn.points.begin(), dyn.points.end());
    EXPECT_EQ(MultiScalarMulFixedVartime(spans, dyn.scalars, dyn.points),
              NaiveMultiScalarMul(all_s, all_p))
        << dynamic;
  }
}

TEST(MsmTest, ConstTimeMatchesNaive) {
  DeterministicRng rng(7);
  for (size_t n : {0, 1, 2, 12, 33}) {
    const Input in = MakeInput(n, rng);
    EXPECT_EQ(MultiScalarMulConstTime(in.scalars, in.points),
              NaiveMultiScalarMul(in.scalars, in.points))
        << n;
  }
  // Every edge scalar alone, so a wrong digit cannot hide behind a random term.
  const Point p = Point::MulBase(Scalar::Random(rng));
  for (const Scalar& s : EdgeScalars()) {
    EXPECT_EQ(MultiScalarMulConstTime(std::span(&s, 1), std::span(&p, 1)), p * s);
  }
}

// Across chunk boundaries (64 points share an inversion) and a short last group of eight
// lanes, for every edge scalar and random ones, including the identity among the points.
TEST_P(LadderTest, MulEachMatchesPointTimesScalar) {
  DeterministicRng rng(9);
  std::vector<Point> points;
  for (int i = 0; i < 133; ++i) points.push_back(Point::MulBase(Scalar::Random(rng)));
  points[65] = Point::Identity();
  std::vector<Scalar> scalars = EdgeScalars();
  for (int i = 0; i < 4; ++i) scalars.push_back(Scalar::Random(rng));
  for (const Scalar& k : scalars) {
    const std::vector<Point> out = MulEachConstTime(k, points);
    ASSERT_EQ(out.size(), points.size());
    for (size_t i = 0; i < points.size(); ++i) EXPECT_EQ(out[i], points[i] * k) << i;
  }
  EXPECT_TRUE(MulEachConstTime(Scalar::One(), {}).empty());
  const std::vector<Point> one = MulEachConstTime(scalars.back(), std::span(points).first(1));
  EXPECT_EQ(one.at(0), points[0] * scalars.back());
}

INSTANTIATE_TEST_SUITE_P(Ladders, LadderTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Ifma" : "Scalar"; });

TEST(MsmTest, FixedConstTimeMatchesNaive) {
  DeterministicRng rng(8);
  const auto& gens = BulletproofGens::Default();
  const Input g = MakeInput(16, rng);
  const Input h = MakeInput(16, rng, false);
  const FixedBaseSpan spans[] = {{g.scalars, gens.GTables(16)}, {h.scalars, gens.HTables(16)}};
  std::vector<Scalar> all_s = g.scalars;
  all_s.insert(all_s.end(), h.scalars.begin(), h.scalars.end());
  std::vector<Point> all_p(gens.G(16).begin(), gens.G(16).end());
  all_p.insert(all_p.end(), gens.H(16).begin(), gens.H(16).end());
  EXPECT_EQ(MultiScalarMulFixedConstTime(spans), NaiveMultiScalarMul(all_s, all_p));
}

}  // namespace
}  // namespace phantompool::crypto
