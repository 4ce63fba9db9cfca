#include <gtest/gtest.h>
#include <sodium.h>

#include "phantompool/common/hex.h"
#include "phantompool/crypto/generators.h"
#include "phantompool/crypto/msm.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/scalar.h"

namespace phantompool::crypto {
namespace {

TEST(GroupTest, BaseEncodingMatchesRfc9496) {
  EXPECT_EQ(ToHex(Point::Base().Encode()),
            "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76");
  EXPECT_EQ(ToHex(Point::Identity().Encode()), std::string(64, '0'));
}

TEST(GroupTest, ScalarMultMatchesLibsodium) {
  DeterministicRng rng(1);
  for (int i = 0; i < 32; ++i) {
    Scalar k = Scalar::Random(rng);
    auto kb = k.ToBytes();
    std::array<uint8_t, 32> expect;
    ASSERT_EQ(crypto_scalarmult_ristretto255_base(expect.data(), kb.data()), 0);
    EXPECT_EQ(Point::MulBase(k).Encode(), expect);
    EXPECT_EQ((Point::Base() * k).Encode(), expect);
  }
}

// The edges (0, 1, ℓ − 1, ℓ − 2, 2^64 − 1), then `random` random scalars.
std::vector<Scalar> EdgesAndRandom(uint64_t seed, int random) {
  DeterministicRng rng(seed);
  std::vector<Scalar> xs = {Scalar(), Scalar::One(), -Scalar::One(), -Scalar::FromU64(2),
                            Scalar::FromU64(UINT64_MAX)};
  for (int i = 0; i < random; ++i) xs.push_back(Scalar::Random(rng));
  return xs;
}

// Scalar arithmetic is our own (scalar.cc): products, sums and differences must agree with
// libdecaf's on random scalars and at the edges (0, 1, ℓ − 1, results that wrap).
TEST(GroupTest, ScalarProductMatchesLibdecaf) {
  const std::vector<Scalar> xs = EdgesAndRandom(77, 200);
  for (const Scalar& a : xs) {
    for (size_t k = 0; k < 12; ++k) {
      const Scalar& b = xs[(k * 37 + static_cast<size_t>(a.ToBytes()[0])) % xs.size()];
      Scalar expect;
      decaf_255_scalar_mul(expect.raw(), a.raw(), b.raw());
      ASSERT_EQ(a * b, expect);
      decaf_255_scalar_add(expect.raw(), a.raw(), b.raw());
      ASSERT_EQ(a + b, expect);
      decaf_255_scalar_sub(expect.raw(), a.raw(), b.raw());
      ASSERT_EQ(a - b, expect);
      // The result is canonical: it encodes and decodes to itself.
      ASSERT_TRUE(Scalar::FromCanonicalBytes((a * b).ToBytes(), "s").ok());
    }
  }
  const Scalar top = -Scalar::One();  // ℓ − 1
  EXPECT_EQ(top * top, Scalar::One());
}

// A prepared factor multiplies, chains and sums exactly as plain scalars do, at the same
// edges; a running power kept as a factor stays equal to the plain one.
TEST(GroupTest, ScalarFactorsAgreeWithScalarProducts) {
  DeterministicRng rng(78);
  const std::vector<Scalar> xs = EdgesAndRandom(79, 100);
  for (const Scalar& a : xs) {
    const ScalarFactor fa(a);
    ASSERT_EQ(fa.ToScalar(), a);
    for (size_t k = 0; k < 12; ++k) {
      const Scalar& b = xs[(k * 41 + static_cast<size_t>(a.ToBytes()[1])) % xs.size()];
      const ScalarFactor fb(b);
      ASSERT_EQ(b * fa, b * a);
      ASSERT_EQ((fa * fb).ToScalar(), a * b);
      ASSERT_EQ((fa + fb).ToScalar(), a + b);
      ASSERT_TRUE(Scalar::FromCanonicalBytes((b * fa).ToBytes(), "s").ok());
    }
  }
  const Scalar y = Scalar::Random(rng);
  Scalar plain = Scalar::One(), sum;
  ScalarFactor power(Scalar::One()), sum_f;
  const ScalarFactor fy(y);
  for (int i = 0; i < 300; ++i) {
    ASSERT_EQ(power.ToScalar(), plain);
    sum += plain;
    sum_f += power;
    plain *= y;
    power *= fy;
  }
  EXPECT_EQ(sum_f.ToScalar(), sum);
  EXPECT_EQ(ScalarFactor().ToScalar(), Scalar());
}

TEST(GroupTest, IdentityForbiddenByDefault) {
  std::array<uint8_t, 32> zero{};
  EXPECT_FALSE(Point::Decode(zero, "p").ok());
  EXPECT_TRUE(Point::Decode(zero, "p", IdentityPolicy::kAllow).ok());
}

// A decoded point answers Encode() from the bytes it came from; anything that changes the
// point must drop them, or a transcript would absorb a point other than the one checked.
TEST(GroupTest, AKeptEncodingFollowsThePoint) {
  const Point p = Point::MulBase(Scalar::FromU64(7));
  const auto bytes = p.Encode();
  Point decoded = Point::Decode(bytes, "p").value();
  EXPECT_EQ(decoded.Encode(), bytes);

  Point added = decoded;
  added += Point::Base();
  EXPECT_EQ(added.Encode(), Point::MulBase(Scalar::FromU64(8)).Encode());

  Point written = decoded;
  decaf_255_point_double(written.raw(), written.raw());
  EXPECT_EQ(written.Encode(), Point::MulBase(Scalar::FromU64(14)).Encode());

  Point kept = Point::MulBase(Scalar::FromU64(9));
  kept.KeepEncoding();
  EXPECT_EQ(kept.Encode(), Point::MulBase(Scalar::FromU64(9)).Encode());
  kept += Point::Base();
  EXPECT_EQ(kept.Encode(), Point::MulBase(Scalar::FromU64(10)).Encode());
}

TEST(GroupTest, MsmMatchesNaiveSum) {
  DeterministicRng rng(2);
  for (size_t n : {0, 1, 2, 7, 33, 130}) {
    std::vector<Scalar> s;
    std::vector<Point> p;
    for (size_t i = 0; i < n; ++i) {
      s.push_back(Scalar::Random(rng));
      p.push_back(Point::MulBase(Scalar::Random(rng)));
    }
    if (n > 2) s[1] = Scalar::Zero();
    if (n > 3) s[2] = -Scalar::One();
    EXPECT_EQ(MultiScalarMulVartime(s, p), NaiveMultiScalarMul(s, p)) << n;
  }
}

}  // namespace
}  // namespace phantompool::crypto

namespace phantompool::crypto {
namespace {

TEST(EncodeSecretProduct, EqualsTheEncodingOfTheProduct) {
  DeterministicRng rng(77);
  for (int i = 0; i < 32; ++i) {
    const Scalar k = Scalar::Random(rng);
    const Point p = Point::MulBase(Scalar::Random(rng));
    auto enc = Point::EncodeSecretProduct(k, p);
    ASSERT_TRUE(enc.ok());
    EXPECT_EQ(*enc, (p * k).Encode());
  }
  EXPECT_FALSE(Point::EncodeSecretProduct(Scalar::Zero(), Point::Base()).ok());
}

}  // namespace
}  // namespace phantompool::crypto
