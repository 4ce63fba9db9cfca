#include "phantompool/crypto/bulletproof_gens.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "phantompool/common/hex.h"
#include "phantompool/crypto/generators.h"

namespace phantompool::crypto {
namespace {

// Every stored proof depends on these: the encodings must never change.
TEST(BulletproofGensTest, EncodingsArePinned) {
  const auto& gens = BulletproofGens::Default();
  const auto g = gens.G(BulletproofGens::kCapacity);
  const auto h = gens.H(BulletproofGens::kCapacity);
  EXPECT_EQ(ToHex(g[0].Encode()),
            "402f94d52274a3b51b1dc60ef891cd34ae29291b602f651b636e464b36cfcd00");
  EXPECT_EQ(ToHex(h[0].Encode()),
            "4c760b6ee2238d6e64cf8fc02ac6633e733a951b30c3eed27876518aa188f419");
  EXPECT_EQ(ToHex(g[1].Encode()),
            "cc02e4d30f468457245db773ba071e450530d4e30dd41f272a95b38be9e39b39");
  EXPECT_EQ(ToHex(h[63].Encode()),
            "80049668979ef78001af96bd8ce8e9178be636f44f588abff3c15a659c16824b");
  EXPECT_EQ(ToHex(g[64].Encode()),
            "00725cab55a6b0250fb9ed03acd92a621c39dbce810510ba7c4da4707e8b750d");
  EXPECT_EQ(ToHex(g[4095].Encode()),
            "607095d3a5311d28229d5a8d072bc8387030d6200b6d70fe9d58f13cab2c7506");
  EXPECT_EQ(ToHex(h[4095].Encode()),
            "46cfcd33186d260466ad561db5227b99e15aa5df8321f727ee37298a9fda7b5a");
}

TEST(BulletproofGensTest, DerivedFromTheirLabels) {
  const auto& gens = BulletproofGens::Default();
  for (size_t i : {0, 5, 100, 4095}) {
    EXPECT_EQ(gens.G(4096)[i],
              Point::HashToGroup(std::string(kBulletproofGLabelPrefix) + std::to_string(i)));
    EXPECT_EQ(gens.H(4096)[i],
              Point::HashToGroup(std::string(kBulletproofHLabelPrefix) + std::to_string(i)));
  }
}

TEST(BulletproofGensTest, GeneratorsAreDistinct) {
  const auto& gens = BulletproofGens::Default();
  std::vector<std::string> seen;
  for (const Point& p : gens.G(256)) seen.push_back(ToHex(p.Encode()));
  for (const Point& p : gens.H(256)) seen.push_back(ToHex(p.Encode()));
  seen.push_back(ToHex(PedersenGens::Default().G.Encode()));
  seen.push_back(ToHex(PedersenGens::Default().H.Encode()));
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end());
}

TEST(BulletproofGensTest, TablesMatchTheirPoints) {
  const auto& gens = BulletproofGens::Default();
  const size_t n = BulletproofGens::kTableCapacity;
  const auto g = gens.G(n);
  const auto h = gens.H(n);
  const auto gt = gens.GTables(n);
  const auto ht = gens.HTables(n);
  for (size_t i : {size_t{0}, size_t{63}, size_t{64}, n - 1}) {
    EXPECT_EQ(gt[i].base(), g[i]);
    EXPECT_EQ(ht[i].OddMultiple(7), h[i] * Scalar::FromU64(7));
  }
  EXPECT_EQ(gens.PedersenGTable().OddMultiple(3), PedersenGens::Default().G * Scalar::FromU64(3));
  EXPECT_EQ(gens.PedersenHTable().base(), PedersenGens::Default().H);
}

TEST(BulletproofGensTest, ConcurrentFirstUseBuildsOnce) {
  // Many threads racing to extend the lazily built prefix all see the same, stable points.
  const auto& gens = BulletproofGens::Default();
  std::vector<std::thread> threads;
  std::vector<const Point*> first(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      const auto h = gens.H(1024 + 64 * t);
      const auto tables = gens.HTables(128);
      first[t] = h.data();
      EXPECT_EQ(tables[100].base(), h[100]);
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 1; t < 8; ++t) EXPECT_EQ(first[t], first[0]);
  EXPECT_EQ(gens.H(2048)[1500], Point::HashToGroup(std::string(kBulletproofHLabelPrefix) + "1500"));
}

}  // namespace
}  // namespace phantompool::crypto
