// KeyShare and PublicKeySet: strict storage formats that cannot hold an inconsistent key.
#include "phantompool/crypto/threshold/key_share.h"

#include <gtest/gtest.h>

#include "phantompool/crypto/threshold/dkg.h"
#include "phantompool/crypto/threshold/public_key_set.h"
#include "threshold_test_util.h"

namespace phantompool::crypto::threshold {
namespace {

const DkgResult& Result1() {
  return testing::SharedHonestDkg().result(1);
}
const PublicKeySet& Keys() {
  return Result1().public_keys();
}

TEST(PublicKeySetTest, RoundTrip) {
  const auto bytes = Keys().Serialize();
  EXPECT_EQ(bytes.size(), PublicKeySet::SizeFor(5));
  EXPECT_EQ(bytes.size(), 232u);
  auto parsed = PublicKeySet::Parse(bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, Keys());
  EXPECT_EQ(parsed->threshold(), 3u);
  EXPECT_EQ(parsed->participants(), 5u);
  for (uint32_t i = 1; i <= 5; ++i) EXPECT_TRUE(parsed->IsQualified(i));
  EXPECT_FALSE(parsed->IsQualified(6));
}

TEST(PublicKeySetTest, KeysMustLieOnOnePolynomial) {
  const auto bytes = Keys().Serialize();
  auto field = [](const std::vector<uint8_t>& b) { return PublicKeySet::Parse(b).status(); };
  // VK_4 replaced by another valid point.
  auto b = bytes;
  const auto other = (Keys().verification_key(4) + Point::Base()).Encode();
  std::copy(other.begin(), other.end(), b.begin() + 72 + 3 * 32);
  EXPECT_EQ(field(b).field(), "public_key_set.verification_keys[3]");
  // VK_1 and VK_2 swapped: interpolation through them misses PK.
  b = bytes;
  std::swap_ranges(b.begin() + 72, b.begin() + 104, b.begin() + 104);
  EXPECT_EQ(field(b).field(), "public_key_set.public_key");
  // PK of another key.
  b = bytes;
  const auto g = Point::Base().Encode();
  std::copy(g.begin(), g.end(), b.begin() + 40);
  EXPECT_EQ(field(b).field(), "public_key_set.public_key");
}

TEST(PublicKeySetTest, ParseNamesTheField) {
  const auto bytes = Keys().Serialize();
  auto field = [](const std::vector<uint8_t>& b) {
    return PublicKeySet::Parse(b).status().field();
  };
  auto b = bytes;
  b[0] = KeyShare::kKind;
  EXPECT_EQ(field(b), "public_key_set.kind");
  b = bytes;
  b[2] = 6;
  EXPECT_EQ(field(b), "public_key_set.threshold");
  b = bytes;
  b[4] = 0x20;  // participant 6 of 5
  EXPECT_EQ(field(b), "public_key_set.qualified");
  b = bytes;
  b[4] = 0x03;  // two qualified dealers, fewer than t
  EXPECT_EQ(field(b), "public_key_set.qualified");
  b = bytes;
  std::fill(b.begin() + 72 + 64, b.begin() + 72 + 96, 0);
  EXPECT_EQ(field(b), "public_key_set.verification_keys[2]");
  b = bytes;
  b.push_back(0);
  EXPECT_EQ(field(b), "public_key_set");
}

TEST(PublicKeySetTest, EveryByteFlipIsRejectedOrCaughtByTheConfirmations) {
  // Flips of the keys fail Parse (non-canonical, or off the polynomial). The transcript hash
  // and the qualified mask are not checkable alone: there the confirmations catch them.
  const auto& h = testing::SharedHonestDkg();
  const std::vector<ConfirmationMessage> confirmations(Result1().confirmations().begin(),
                                                       Result1().confirmations().end());
  testing::ExpectEveryByteFlipRejected(
      Keys().Serialize(), [&](std::span<const uint8_t> b) -> Status {
        auto keys = PublicKeySet::Parse(b);
        if (!keys.ok()) return keys.status();
        return VerifyDkgConfirmations(h.config(), *keys, confirmations);
      });
}

TEST(KeyShareTest, RoundTripAndCheck) {
  const KeyShare& share = Result1().key_share();
  const SecretBytes bytes = share.SerializeSecret();
  ASSERT_EQ(bytes.size(), KeyShare::kSize);
  auto parsed = KeyShare::Parse(bytes.ExposeSecret());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->index(), 1u);
  EXPECT_TRUE(parsed->share().ConstantTimeEquals(share.share()));
  EXPECT_TRUE(parsed->CheckAgainst(Keys()).ok());
  // Every participant's share checks against the one key set...
  for (uint32_t i = 2; i <= 5; ++i) {
    EXPECT_TRUE(testing::SharedHonestDkg().result(i).key_share().CheckAgainst(Keys()).ok());
  }
  // ...but not under another participant's index,
  std::vector<uint8_t> b(bytes.ExposeSecret().begin(), bytes.ExposeSecret().end());
  b[4] = 2;
  EXPECT_EQ(KeyShare::Parse(b)->CheckAgainst(Keys()).code(), StatusCode::kVerificationFailed);
  // ...nor against another run's key set.
  testing::DkgHarness other(3, 5, 901);
  other.RunHonest();
  EXPECT_EQ(share.CheckAgainst(other.result(1).public_keys()).code(),
            StatusCode::kFailedPrecondition);
}

TEST(KeyShareTest, EveryByteFlipIsRejected) {
  const SecretBytes bytes = Result1().key_share().SerializeSecret();
  testing::ExpectEveryByteFlipRejected(bytes.ExposeSecret(),
                                       [](std::span<const uint8_t> b) -> Status {
                                         auto share = KeyShare::Parse(b);
                                         if (!share.ok()) return share.status();
                                         return share->CheckAgainst(Keys());
                                       });
}

TEST(KeyShareTest, ParseNamesTheField) {
  const SecretBytes bytes = Result1().key_share().SerializeSecret();
  const std::vector<uint8_t> good(bytes.ExposeSecret().begin(), bytes.ExposeSecret().end());
  auto field = [](const std::vector<uint8_t>& b) { return KeyShare::Parse(b).status().field(); };
  auto b = good;
  b[4] = 0;
  EXPECT_EQ(field(b), "key_share.index");
  b = good;
  b[4] = 6;
  EXPECT_EQ(field(b), "key_share.index");
  b = good;
  std::fill(b.begin() + 37, b.end(), 0xff);
  EXPECT_EQ(field(b), "key_share.share");
  b = good;
  std::fill(b.begin() + 37, b.end(), 0);
  EXPECT_EQ(field(b), "key_share.share");  // zero
  b = good;
  b.pop_back();
  EXPECT_EQ(field(b), "key_share");
  b = good;
  b[0] = PublicKeySet::kKind;
  EXPECT_EQ(field(b), "key_share.kind");
}

}  // namespace
}  // namespace phantompool::crypto::threshold
