// Every single-byte change of a serialised order is rejected — even when the trader,
// who can always re-sign, signs the altered bytes: then a proof must catch it.
#include <gtest/gtest.h>

#include "order_fixture.h"

namespace phantompool::order {
namespace {

using testing::LimitBuy;
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
  size_t accepted = 0;
  for (size_t i = 0; i < original.size(); ++i) {
    std::vector<uint8_t> bytes = original;
    bytes[i] ^= static_cast<uint8_t>(1u << (i % 8));
    // Unsigned tampering: the signature alone must catch it.
    if (Accepted(bytes, st)) ++accepted;
    if (i >= body) continue;
    // Re-signed tampering: the proofs must catch it.
    auto parsed = EncryptedOrder::Parse(bytes);
    if (!parsed.ok()) continue;
    parsed->signature = trader.key.Sign(kOrderSignatureDomain, parsed->SignedBytes());
    if (VerifyEncryptedOrder(*parsed, st).ok()) {
      ++accepted;
      ADD_FAILURE() << "re-signed flip at byte " << i << " was accepted";
    }
  }
  EXPECT_EQ(accepted, 0u);
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
  for (size_t len : {size_t{0}, size_t{1}, size_t{40}, bytes.size() / 2, bytes.size() - 1}) {
    EXPECT_FALSE(EncryptedOrder::Parse({bytes.data(), len}).ok()) << len;
  }
  bytes.push_back(0);
  auto extended = EncryptedOrder::Parse(bytes);
  ASSERT_FALSE(extended.ok());
  EXPECT_EQ(extended.status().field(), "order");
}

}  // namespace
}  // namespace phantompool::order
