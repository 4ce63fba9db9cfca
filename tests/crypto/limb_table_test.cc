#include "phantompool/crypto/limb_table.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "phantompool/crypto/rng.h"

namespace phantompool::crypto {
namespace {

TEST(LimbTableTest, EveryLimbIsFound) {
  const LimbTable& table = LimbTable::Get();
  Point p;  // 0·G
  for (size_t v = 0; v < LimbTable::kEntries; ++v) {
    const auto found = table.Lookup(p);
    ASSERT_TRUE(found.has_value()) << v;
    ASSERT_EQ(*found, v);
    p += Point::Base();
  }
  // p is now 2^16·G: just outside.
  EXPECT_FALSE(table.Lookup(p).has_value());
}

TEST(LimbTableTest, PointsOutsideTheTableAreNotFound) {
  const LimbTable& table = LimbTable::Get();
  DeterministicRng rng(20);
  for (int i = 0; i < 200; ++i) {
    EXPECT_FALSE(table.Lookup(Point::MulBase(Scalar::Random(rng))).has_value());
  }
  EXPECT_FALSE(table.Lookup(-Point::Base()).has_value());
  EXPECT_FALSE(table.Lookup(Point::MulBase(Scalar::FromU64(1u << 20))).has_value());
  // Another generator's multiples are not G's.
  EXPECT_FALSE(table.Lookup(Point::HashToGroup("another generator")).has_value());
}

TEST(LimbTableTest, LookupEncodingMatchesLookup) {
  const LimbTable& table = LimbTable::Get();
  const Point p = Point::MulBase(Scalar::FromU64(4242));
  const auto enc = p.Encode();
  EXPECT_EQ(table.LookupEncoding(enc), std::optional<uint16_t>(4242));
  // An encoding sharing the 64-bit key but differing elsewhere is not a hit.
  auto forged = enc;
  forged[20] ^= 1;
  EXPECT_FALSE(table.LookupEncoding(forged).has_value());
}

TEST(LimbTableTest, ConcurrentFirstUseBuildsOneTable) {
  std::vector<const LimbTable*> seen(4, nullptr);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&seen, i] { seen[i] = &LimbTable::Get(); });
  }
  for (auto& t : threads) t.join();
  for (const LimbTable* p : seen) EXPECT_EQ(p, seen[0]);
}

TEST(LimbTableTest, RecoverLimb) {
  EXPECT_EQ(*RecoverLimb(Point::MulBase(Scalar::FromU64(65535))), 65535);
  EXPECT_EQ(*RecoverLimb(Point::Identity()), 0);
  auto bad = RecoverLimb(Point::MulBase(Scalar::FromU64(65536)));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace phantompool::crypto
