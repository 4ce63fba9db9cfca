// The variable-time MSM's own field and point arithmetic against libdecaf: every operation
// on random points (and the identity) must give exactly libdecaf's group element.
#include "edwards.h"

#include <gtest/gtest.h>

#include <vector>

#include "phantompool/crypto/rng.h"

namespace phantompool::crypto::edwards {
namespace {

std::vector<Point> RandomPoints(size_t n, uint64_t seed) {
  DeterministicRng rng(seed);
  std::vector<Point> out;
  out.push_back(Point());  // the identity
  out.push_back(Point::MulBase(Scalar::One()));
  while (out.size() < n) out.push_back(Point::MulBase(Scalar::Random(rng)));
  return out;
}

TEST(EdwardsTest, ConversionsRoundTrip) {
  const std::vector<Point> pts = RandomPoints(40, 1);
  std::vector<Niels> niels(pts.size());
  ToNiels(pts, niels);
  for (size_t i = 0; i < pts.size(); ++i) {
    EXPECT_EQ(ToPoint(FromPoint(pts[i])), pts[i]) << i;
    EXPECT_EQ(ToPoint(FromNiels(niels[i])), pts[i]) << i;
    EXPECT_EQ(ToPoint(FromNiels(Negate(niels[i]))), -pts[i]) << i;
  }
}

TEST(EdwardsTest, AdditionSubtractionAndDoublingMatchLibdecaf) {
  const std::vector<Point> ps = RandomPoints(24, 2);
  const std::vector<Point> qs = RandomPoints(24, 3);
  std::vector<Niels> nq(qs.size());
  ToNiels(qs, nq);
  for (size_t i = 0; i < ps.size(); ++i) {
    for (size_t j = 0; j < qs.size(); ++j) {
      const Extended p = FromPoint(ps[i]);
      ASSERT_EQ(ToPoint(Add(p, nq[j])), ps[i] + qs[j]) << i << "," << j;
      ASSERT_EQ(ToPoint(Sub(p, nq[j])), ps[i] - qs[j]) << i << "," << j;
    }
    EXPECT_EQ(ToPoint(Double(FromPoint(ps[i]))), ps[i].Double()) << i;
    for (size_t j = 0; j < qs.size(); ++j) {
      ASSERT_EQ(ToPoint(Add(FromPoint(ps[i]), FromPoint(qs[j]))), ps[i] + qs[j]) << i << "," << j;
      ASSERT_EQ(ToPoint(Sub(FromNiels(nq[j]), nq[i % nq.size()])), qs[j] - qs[i % qs.size()]);
    }
    EXPECT_EQ(ToPoint(Add(FromPoint(ps[i]), FromPoint(ps[i]))), ps[i].Double()) << i;
  }
  // P + P through the addition formula, and P − P: the identity.
  for (size_t i = 0; i < qs.size(); ++i) {
    EXPECT_EQ(ToPoint(Add(FromPoint(qs[i]), nq[i])), qs[i].Double()) << i;
    EXPECT_TRUE(ToPoint(Sub(FromPoint(qs[i]), nq[i])).IsIdentity()) << i;
  }
}

// Long chains keep every limb within its bounds: 2,000 mixed operations, each result
// handed back to libdecaf and compared, the chain carried on in our representation.
TEST(EdwardsTest, LongChainsStayExact) {
  const std::vector<Point> qs = RandomPoints(16, 4);
  std::vector<Niels> nq(qs.size());
  ToNiels(qs, nq);
  // Started from an entry turned back into extended form (as a Pippenger bucket is), so
  // that form's limb bounds are exercised too.
  Extended acc = FromNiels(Negate(nq[1]));
  Point expect = -qs[1];
  for (int k = 0; k < 2000; ++k) {
    const size_t j = static_cast<size_t>(k * 7 + 3) % qs.size();
    switch (k % 3) {
      case 0:
        acc = Add(acc, nq[j]);
        expect = expect + qs[j];
        break;
      case 1:
        acc = Sub(acc, nq[j]);
        expect = expect - qs[j];
        break;
      default:
        acc = Double(acc);
        expect = expect.Double();
    }
    if (k % 97 == 0) {
      ASSERT_EQ(ToPoint(acc), expect) << k;
    }
  }
  EXPECT_EQ(ToPoint(acc), expect);
  // A point handed back to libdecaf works in libdecaf's own arithmetic and encoding.
  const Point back = ToPoint(acc);
  EXPECT_EQ((back + qs[5]).Encode(), (expect + qs[5]).Encode());
}

}  // namespace
}  // namespace phantompool::crypto::edwards
