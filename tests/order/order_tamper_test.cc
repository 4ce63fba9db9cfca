// Every single-byte change of a serialised order is rejected — even when the trader,
// who can always re-sign, signs the altered bytes: then a proof must catch it.
#include <gtest/gtest.h>

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
