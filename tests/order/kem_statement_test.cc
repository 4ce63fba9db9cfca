#include "phantompool/order/kem_statement.h"

#include <gtest/gtest.h>

#include "order_fixture.h"
#include "phantompool/order/kem_check.h"

namespace phantompool::order {
namespace {

using testing::LimitBuy;
using testing::Trader;

TEST(KemStatement, RoundTripsAndMatchesTheOrder) {
  Trader trader(90, 1'000'000'000);
  const EncryptedOrder o = trader.Encrypt(LimitBuy(100, 10'000)).value();
  const KemStatement k = KemStatement::From(o);
  EXPECT_LT(k.Serialize().size(), o.Serialize().size() / 2);
  auto parsed = KemStatement::Parse(k.Serialize());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->Serialize(), k.Serialize());
  EXPECT_EQ(parsed->CiphertextHash(), o.CiphertextHash());
  EXPECT_EQ(parsed->REncoding(), o.kem().R.Encode());
  EXPECT_EQ(parsed->pair(), "SOL/USDC");
  EXPECT_EQ(parsed->key_epoch(), testing::kEpoch);
  const std::vector<const KemStatement*> batch = {&*parsed};
  EXPECT_TRUE(VerifyKemProofs(batch, trader.pk, testing::kEpoch)[0].ok());
}

TEST(KemStatement, EveryByteFlipIsRefusedByParseOrByTheProof) {
  Trader trader(91, 1'000'000'000);
  const EncryptedOrder o = trader.Encrypt(LimitBuy(100, 10'000)).value();
  const std::vector<uint8_t> bytes = KemStatement::From(o).Serialize();
  for (size_t i = 0; i < bytes.size(); ++i) {
    auto b = bytes;
    b[i] ^= static_cast<uint8_t>(1u << (i % 8));
    auto parsed = KemStatement::Parse(b);
    if (!parsed.ok()) continue;
    const std::vector<const KemStatement*> batch = {&*parsed};
    EXPECT_FALSE(VerifyKemProofs(batch, trader.pk, testing::kEpoch)[0].ok()) << "byte " << i;
  }
  for (size_t len = 0; len < bytes.size(); len += 11) {
    EXPECT_FALSE(KemStatement::Parse(std::span(bytes).first(len)).ok()) << len;
  }
  auto longer = bytes;
  longer.insert(longer.begin() + static_cast<std::ptrdiff_t>(bytes.size() - 65), 0);
  EXPECT_FALSE(KemStatement::Parse(longer).ok());
}

}  // namespace
}  // namespace phantompool::order
