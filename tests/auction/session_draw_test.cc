// The batch digest and the VRF seed against the test vectors of docs/auction.md (computed
// by tests/auction/tools/replay_draw.py, Python's hashlib, from the specification alone),
// against a one-shot hash of the framed bytes built by hand, and their sensitivity to every
// input.
#include "phantompool/auction/session_draw.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>
#include <vector>

#include "phantompool/common/hex.h"

namespace phantompool::auction {
namespace {

Digest32 Fill(uint8_t b) {
  Digest32 d;
  d.fill(b);
  return d;
}

Digest32 Counting() {
  Digest32 d;
  for (size_t i = 0; i < d.size(); ++i) d[i] = static_cast<uint8_t>(i);
  return d;
}

Digest32 TwoOrderDigest() {
  BatchDigest d;
  d.Add("o1", Counting());
  d.Add("o2", Fill(0xff));
  return d.Finish();
}

TEST(AuctionSessionDraw, TestVectors) {
  EXPECT_EQ(ToHex(BatchDigest().Finish()),
            "c473f46413b94b3c256d9267a5b05420d77191a1a248577f8ddbfb73b7e5d804");
  EXPECT_EQ(ToHex(TwoOrderDigest()),
            "534b5db4c84e9cced3b23d4f089019038de145e11d6b901973ee3e4b45b546c1");
  EXPECT_EQ(ToHex(VrfSeed("SOL/USDC", 1, Digest32{}, BatchDigest().Finish())),
            "3dad5b686c1b41dad82a0ac2909d74dbc2e14b337632164ae203b3260b3ddc20");
  EXPECT_EQ(ToHex(VrfSeed("SOL/USDC", 42, Fill(0x11), TwoOrderDigest())),
            "ebf3a71414b8d3e33cd76039ad5403158df81c46d8bf5e8aae20890f3b6d6ddb");
}

void AppendFramed(std::vector<uint8_t>& out, const std::string& s) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(s.size() >> (8 * i)));
  out.insert(out.end(), s.begin(), s.end());
}

// The streaming implementation equals BLAKE2b-256 of the whole framed message at once.
TEST(AuctionSessionDraw, EqualsOneShotHashOfTheFramedMessage) {
  std::vector<uint8_t> msg;
  AppendFramed(msg, std::string(kBatchDigestLabel));
  BatchDigest d;
  for (int i = 0; i < 300; ++i) {
    const std::string id = "order-" + std::to_string(i * 7919);
    const Digest32 h = Fill(static_cast<uint8_t>(i));
    d.Add(id, h);
    AppendFramed(msg, id);
    msg.insert(msg.end(), h.begin(), h.end());
  }
  for (int i = 0; i < 8; ++i) msg.push_back(static_cast<uint8_t>(uint64_t{300} >> (8 * i)));
  Digest32 expected;
  ASSERT_EQ(sodium_init() >= 0, true);
  crypto_generichash(expected.data(), 32, msg.data(), msg.size(), nullptr, 0);
  EXPECT_EQ(d.Finish(), expected);
}

// Every input moves the seed; the framing keeps ("ab", "c") and ("a", "bc") apart.
TEST(AuctionSessionDraw, EveryInputMattersAndFramingIsUnambiguous) {
  const Digest32 base = VrfSeed("SOL/USDC", 42, Fill(0x11), TwoOrderDigest());
  EXPECT_NE(VrfSeed("SOL/USDT", 42, Fill(0x11), TwoOrderDigest()), base);
  EXPECT_NE(VrfSeed("SOL/USDC", 43, Fill(0x11), TwoOrderDigest()), base);
  EXPECT_NE(VrfSeed("SOL/USDC", 42, Fill(0x12), TwoOrderDigest()), base);
  EXPECT_NE(VrfSeed("SOL/USDC", 42, Fill(0x11), Fill(0)), base);
  BatchDigest a, b, c;
  a.Add("ab", Fill(1));
  a.Add("c", Fill(1));
  b.Add("a", Fill(1));
  b.Add("bc", Fill(1));
  c.Add("c", Fill(1));  // order matters
  c.Add("ab", Fill(1));
  const Digest32 da = a.Finish(), db = b.Finish(), dc = c.Finish();
  EXPECT_NE(da, db);
  EXPECT_NE(da, dc);
}

}  // namespace
}  // namespace phantompool::auction
