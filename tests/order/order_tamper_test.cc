// Every single-byte change of a serialised order is rejected — even when the trader,
// who can always re-sign, signs the altered bytes: then a proof must catch it.
#include <gtest/gtest.h>

#include <algorithm>

#include "order_fixture.h"

namespace phantompool::order {
namespace {

using testing::LimitBuy;
using testing::Resigned;
using testing::Trader;

bool Accepted(std::span<const uint8_t> bytes, const OrderStatement& st) {
  auto parsed = EncryptedOrder::Parse(bytes);
  return parsed.ok() && VerifyEncryptedOrder(*parsed, st).ok();
}

void ExpectEveryFlipRejected(Trader& trader, const Order& o) {
  auto enc = trader.Encrypt(o);
  ASSERT_TRUE(enc.ok()) << enc.status().ToString();
  const OrderStatement st = trader.Statement();
  const std::vector<uint8_t> original = enc->Serialize();
  ASSERT_TRUE(Accepted(original, st));
  const size_t body = original.size() - kSignatureBytes;
  for (size_t i = 0; i < original.size(); ++i) {
    std::vector<uint8_t> bytes = original;
    bytes[i] ^= static_cast<uint8_t>(1u << (i % 8));
    // Unsigned tampering: the signature alone must catch it.
    EXPECT_FALSE(Accepted(bytes, st)) << "flip at byte " << i << " was accepted";
    if (i >= body) continue;
    // Re-signed tampering: the proofs must catch it.
    EXPECT_FALSE(Accepted(Resigned(bytes, trader.key), st))
        << "re-signed flip at byte " << i << " was accepted";
  }
}

TEST(OrderTamperTest, EveryByteOfALimitBuy) {
  Trader trader(21, 1'000'000'000'000);
  ExpectEveryFlipRejected(trader, LimitBuy(500, 10'100));
}

TEST(OrderTamperTest, EveryByteOfAMarketSell) {
  Trader trader(22, 1'000'000'000'000);
  Order o = LimitBuy(700, 1);
  o.side = Side::kSell;
  o.type = OrderType::kMarket;
  o.limit_price.reset();
  o.validity = Validity::kGtt;
  o.expiry = 1'900'000'000;
  ExpectEveryFlipRejected(trader, o);
}

TEST(OrderTamperTest, TruncationsAndExtensionsAreRejected) {
  Trader trader(23, 1'000'000'000'000);
  auto enc = trader.Encrypt(LimitBuy(500, 10'100));
  ASSERT_TRUE(enc.ok());
  std::vector<uint8_t> bytes = enc->Serialize();
  for (size_t len = 0; len < bytes.size(); len += 7) {
    EXPECT_FALSE(EncryptedOrder::Parse({bytes.data(), len}).ok()) << len;
  }
  EXPECT_FALSE(EncryptedOrder::Parse({bytes.data(), bytes.size() - 1}).ok());
  bytes.push_back(0);
  auto extended = EncryptedOrder::Parse(bytes);
  ASSERT_FALSE(extended.ok());
  EXPECT_EQ(extended.status().field(), "order");
}

// Points are decoded in groups (the header's, the range proof's), yet a bad one is named where
// it stands, and the first bad element in wire order is the one named: of two bad points, and
// a bad header point before a field that cannot be read.
TEST(OrderTamperTest, ABadPointIsNamedWhereItStands) {
  Trader trader(25, 1'000'000'000'000);
  const auto enc = trader.Encrypt(LimitBuy(500, 10'100)).value();
  const std::vector<uint8_t> wire = enc.Serialize();
  auto at = [&](const std::array<uint8_t, 32>& e) {
    const auto it = std::search(wire.begin(), wire.end(), e.begin(), e.end());
    EXPECT_NE(it, wire.end());
    return static_cast<size_t>(it - wire.begin());
  };
  const crypto::RangeProof& rp = enc.range_proof();
  std::vector<std::pair<size_t, std::string>> points = {
      {at(enc.size_commitment().Encode()), "commitments.size"},
      {at(enc.price_commitment()->Encode()), "commitments.price"},
      {at(enc.min_fill_commitment().Encode()), "commitments.min_fill"},
      {at(enc.product_commitment()->Encode()), "commitments.product"},
      {at(enc.remainder_high_commitment().Encode()), "commitments.remainder_high"},
      {at(enc.kem().R.Encode()), "kem.R"},
      {at(rp.PointBytes()[0]), "range_proof.A"},
      {at(rp.PointBytes()[3]), "range_proof.T2"}};
  for (size_t i = 0; i < rp.ipa().LBytes().size(); ++i) {
    points.emplace_back(at(rp.ipa().LBytes()[i]), "range_proof.L[" + std::to_string(i) + "]");
    points.emplace_back(at(rp.ipa().RBytes()[i]), "range_proof.R[" + std::to_string(i) + "]");
  }
  // p itself: 32 bytes that decode to nothing (not canonical).
  std::array<uint8_t, 32> p;
  p.fill(0xff);
  p[0] = 0xed;
  p[31] = 0x7f;
  auto spoil = [&](std::vector<uint8_t>& bytes, size_t offset) {
    std::copy(p.begin(), p.end(), bytes.begin() + static_cast<std::ptrdiff_t>(offset));
  };
  auto named = [](std::span<const uint8_t> bytes) {
    auto parsed = EncryptedOrder::Parse(bytes);
    return parsed.ok() ? std::string("(accepted)") : parsed.status().field();
  };
  for (const auto& [offset, name] : points) {
    std::vector<uint8_t> bytes = wire;
    spoil(bytes, offset);
    EXPECT_EQ(named(bytes), name);
    // With a second bad point after it, and cut short after it: still this one.
    for (const auto& [later, later_name] : points) {
      if (later <= offset) continue;
      std::vector<uint8_t> two = bytes;
      spoil(two, later);
      EXPECT_EQ(named(two), name) << "and " << later_name;
    }
    // (A proof is taken whole, by its length, before its elements are read: cut short, it is
    // named as a whole, as before.)
    if (name.rfind("range_proof", 0) == 0) continue;
    EXPECT_EQ(named(std::span<const uint8_t>(bytes).first(offset + 40)), name) << "cut short";
  }
}

TEST(OrderTamperTest, AVersionOneOrderIsRefusedByName) {
  Trader trader(24, 1'000'000'000'000);
  std::vector<uint8_t> bytes = trader.Encrypt(LimitBuy(500, 10'100)).value().Serialize();
  bytes[0] = 1;
  auto parsed = EncryptedOrder::Parse(bytes);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().field(), "version");
}

}  // namespace
}  // namespace phantompool::order
