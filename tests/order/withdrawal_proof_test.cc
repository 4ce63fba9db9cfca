#include "phantompool/order/withdrawal_proof.h"

#include <gtest/gtest.h>

#include "order_fixture.h"
#include "phantompool/crypto/pedersen.h"

namespace phantompool::order {
namespace {

using testing::LimitBuy;
using testing::Trader;

WithdrawalStatement Statement(const Trader& t, uint64_t amount, std::string_view ref = "w-1") {
  return {"trader-1", "USDC", amount, ref, t.AvailableCommitment()};
}

TEST(WithdrawalProof, CoversExactlyTheAvailableBalance) {
  Trader trader(60, 1'000);
  auto all = WithdrawalProof::Prove(Statement(trader, 1'000), trader.balance, trader.rng);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_TRUE(all->Verify(Statement(trader, 1'000)).ok());
  auto more = WithdrawalProof::Prove(Statement(trader, 1'001), trader.balance, trader.rng);
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.status().code(), StatusCode::kInsufficientFunds);
}

TEST(WithdrawalProof, BoundToAmountReferenceUserTokenAndA) {
  Trader trader(61, 1'000);
  const auto proof =
      WithdrawalProof::Prove(Statement(trader, 400), trader.balance, trader.rng).value();
  EXPECT_FALSE(proof.Verify(Statement(trader, 401)).ok());
  EXPECT_FALSE(proof.Verify(Statement(trader, 399)).ok());
  EXPECT_FALSE(proof.Verify(Statement(trader, 400, "w-2")).ok());
  WithdrawalStatement s = Statement(trader, 400);
  s.user_id = "trader-2";
  EXPECT_FALSE(proof.Verify(s).ok());
  s = Statement(trader, 400);
  s.token = "SOL";
  EXPECT_FALSE(proof.Verify(s).ok());
  // Against an A that has since locked an order's obligation, the proof no longer holds.
  const EncryptedOrder order = trader.Encrypt(LimitBuy(1, 10)).value();
  s = Statement(trader, 400);
  s.available_commitment = s.available_commitment - ObligationCommitment(order, trader.pair);
  EXPECT_EQ(proof.Verify(s).field(), "withdrawal_proof");
}

TEST(WithdrawalProof, WireFormIsStrictAndEveryFlipIsRejected) {
  Trader trader(62, 5'000);
  const auto proof =
      WithdrawalProof::Prove(Statement(trader, 10), trader.balance, trader.rng).value();
  const std::vector<uint8_t> bytes = proof.Serialize();
  ASSERT_EQ(bytes.size(), WithdrawalProof::kSize);
  EXPECT_TRUE(WithdrawalProof::Parse(bytes).value().Verify(Statement(trader, 10)).ok());
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::vector<uint8_t> b = bytes;
    b[i] ^= static_cast<uint8_t>(1u << (i % 8));
    auto parsed = WithdrawalProof::Parse(b);
    EXPECT_FALSE(parsed.ok() && parsed->Verify(Statement(trader, 10)).ok()) << i;
  }
  EXPECT_FALSE(WithdrawalProof::Parse(std::span(bytes).first(bytes.size() - 1)).ok());
}

}  // namespace
}  // namespace phantompool::order
