// Record helpers: names and parsers, quote values, constraint names, commitment arithmetic.
#include <gtest/gtest.h>

#include "commitments.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/store/store.h"
#include "sql.h"

namespace phantompool::store {
namespace {

TEST(RecordsTest, NamesRoundTripAndParsingIsStrict) {
  for (auto s : {OrderStatus::kActive, OrderStatus::kMatching, OrderStatus::kPartiallyFilled,
                 OrderStatus::kFilled, OrderStatus::kCancelled, OrderStatus::kExpired}) {
    EXPECT_EQ(*ParseOrderStatus(Name(s), "f"), s);
  }
  EXPECT_EQ(*ParseSide("sell", "f"), Side::kSell);
  EXPECT_EQ(ParseSide("Sell", "order.side").status().field(), "order.side");
  EXPECT_FALSE(ParseValidity("", "v").ok());
  EXPECT_EQ(*ParseRole("auditor", "role"), Role::kAuditor);
  EXPECT_EQ(Principal::Trader(7).ToString(), "trader:7");
}

TEST(RecordsTest, QuoteValueIsTheAuctionsNotional) {
  TradingPair p;
  p.quote_per_tick = 10;  // SOL/USDC: one lot (0.001 SOL) at one tick (0.01 USDC) = 10 µUSDC
  p.base_scale = 1;
  // 2000 lots (2 SOL) at 15000 ticks (150.00): 300 USDC in micro-units.
  EXPECT_EQ(*QuoteValue(p, 2'000, 15'000), 300'000'000u);
  p.base_scale = 7;
  EXPECT_EQ(*QuoteValue(p, 1, 1), 1u);  // floor(10 / 7)
  EXPECT_FALSE(QuoteValue(p, kMaxAmount, kMaxAmount).has_value());
  p.base_scale = 0;
  EXPECT_FALSE(QuoteValue(p, 1, 1).has_value());
}

TEST(RecordsTest, ConstraintNamesMapToFields) {
  EXPECT_EQ(internal::ConstraintField("user_balances__balance__ck"), "user_balances.balance");
  EXPECT_EQ(internal::ConstraintField("encrypted_orders__nonce__uq"), "encrypted_orders.nonce");
  EXPECT_EQ(internal::ConstraintField("users.wallet_address"), "users.wallet_address");
}

TEST(RecordsTest, CommitmentArithmetic) {
  crypto::DeterministicRng rng(3);
  const auto a = crypto::Point::MulBase(crypto::Scalar::Random(rng)).Encode();
  Commitment c;
  std::copy(a.begin(), a.end(), c.begin());
  const Commitment zero = internal::IdentityCommitment();
  EXPECT_EQ(internal::AddCommitments(zero, c, "x"), c);
  EXPECT_EQ(internal::SubCommitments(c, c, "x"), zero);
  EXPECT_EQ(internal::BalanceCommitment(0), zero);
  EXPECT_EQ(
      internal::AddCommitments(internal::BalanceCommitment(2), internal::BalanceCommitment(3), "x"),
      internal::BalanceCommitment(5));
  // An order's obligation may not be the identity, nor a non-canonical encoding.
  EXPECT_THROW(internal::AddCommitments(c, zero, "obligation"), internal::StoreError);
  Commitment bad;
  bad.fill(0xff);
  try {
    internal::AddCommitments(zero, bad, "obligation");
    ADD_FAILURE();
  } catch (const internal::StoreError& e) {
    EXPECT_EQ(e.status().field(), "obligation");
  }
}

}  // namespace
}  // namespace phantompool::store
