#include "phantompool/order/encrypted_order.h"

#include <gtest/gtest.h>

#include "order_fixture.h"
#include "phantompool/crypto/elgamal.h"
#include "phantompool/crypto/limb_table.h"

namespace phantompool::order {
namespace {

using testing::LimitBuy;
using testing::NonceOf;
using testing::Trader;

constexpr uint64_t kRich = 1'000'000'000'000;

Order WithSide(Order o, Side side, OrderType type) {
  o.side = side;
  o.type = type;
  if (type == OrderType::kMarket) o.limit_price.reset();
  return o;
}

TEST(EncryptedOrderTest, EveryKindOfOrderVerifies) {
  Trader trader(1, kRich);
  for (Side side : {Side::kBuy, Side::kSell}) {
    for (OrderType type : {OrderType::kLimit, OrderType::kMarket}) {
      Order o = WithSide(LimitBuy(500, 10'100), side, type);
      auto enc = trader.Encrypt(o);
      ASSERT_TRUE(enc.ok()) << enc.status().ToString();
      EXPECT_TRUE(VerifyEncryptedOrder(*enc, trader.Statement()).ok())
          << SideName(side) << " " << OrderTypeName(type);
      // The binary form round-trips byte for byte and still verifies.
      auto parsed = EncryptedOrder::Parse(enc->Serialize());
      ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
      EXPECT_EQ(parsed->Serialize(), enc->Serialize());
      EXPECT_TRUE(VerifyEncryptedOrder(*parsed, trader.Statement()).ok());
    }
  }
}

TEST(EncryptedOrderTest, InsolventOrderCannotBeProduced) {
  // 500 lots at 10,100 ticks × 10 = 50,500,000 quote units; one less is not enough.
  Trader trader(3, 50'500'000 - 1);
  auto enc = trader.Encrypt(LimitBuy(500, 10'100));
  ASSERT_FALSE(enc.ok());
  EXPECT_EQ(enc.status().code(), StatusCode::kInsufficientFunds);
  Trader exact(3, 50'500'000);
  auto ok = exact.Encrypt(LimitBuy(500, 10'100));
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(VerifyEncryptedOrder(*ok, exact.Statement()).ok());
}

TEST(EncryptedOrderTest, ProofAgainstAnotherBalanceFails) {
  // Solvent against one balance commitment, checked against a smaller one: the server's A
  // is what counts, so the proof must fail.
  Trader trader(4, 50'500'000);
  auto enc = trader.Encrypt(LimitBuy(500, 10'100));
  ASSERT_TRUE(enc.ok());
  OrderStatement st = trader.Statement();
  st.available_commitment =
      crypto::PedersenCommit(crypto::Scalar::FromU64(50'500'000 - 1), trader.balance.blinding);
  EXPECT_FALSE(VerifyEncryptedOrder(*enc, st).ok());
}

TEST(EncryptedOrderTest, InvalidOrdersCannotBeProduced) {
  Trader trader(5, kRich);
  Order o = LimitBuy(500, 10'100);
  o.min_fill = 501;
  EXPECT_EQ(trader.Encrypt(o).status().field(), "order.min_fill");
  o = LimitBuy(0, 10'100);
  EXPECT_EQ(trader.Encrypt(o).status().field(), "order.size");
  o = LimitBuy(trader.pair.max_order_size() + 1, 1);
  EXPECT_EQ(trader.Encrypt(o).status().field(), "order.size");
  o = LimitBuy(5, 0);
  EXPECT_EQ(trader.Encrypt(o).status().field(), "order.limit_price");
}

TEST(EncryptedOrderTest, StatementAndContextAreBound) {
  Trader trader(6, kRich);
  auto enc = trader.Encrypt(LimitBuy(500, 10'100));
  ASSERT_TRUE(enc.ok());
  {
    OrderStatement st = trader.Statement();
    st.joint_public_key = crypto::Point::MulBase(crypto::Scalar::FromU64(12345));
    EXPECT_FALSE(VerifyEncryptedOrder(*enc, st).ok());
  }
  {
    PairFields fields = trader.pair.fields();
    fields.max_order_size += 1;
    const PairSpec other = PairSpec::Create(fields).value();
    OrderStatement st = trader.Statement();
    st.pair = &other;
    EXPECT_FALSE(VerifyEncryptedOrder(*enc, st).ok());
  }
  {
    // Another trader's key: the signature fails.
    Trader other(7, kRich);
    OrderStatement st = trader.Statement();
    st.trader_public_key = other.key.public_key();
    EXPECT_EQ(VerifyEncryptedOrder(*enc, st).field(), "signature");
  }
  {
    // The trader re-signs the order under another nonce / user: proofs no longer match.
    EncryptedOrder moved = *enc;
    moved.nonce = NonceOf(99);
    moved.signature = trader.key.Sign(kOrderSignatureDomain, moved.SignedBytes());
    EXPECT_FALSE(VerifyEncryptedOrder(moved, trader.Statement()).ok());
    moved = *enc;
    moved.user_id = "trader-2";
    moved.signature = trader.key.Sign(kOrderSignatureDomain, moved.SignedBytes());
    EXPECT_FALSE(VerifyEncryptedOrder(moved, trader.Statement()).ok());
  }
}

TEST(EncryptedOrderTest, LockedObligationsReopenFromTheKeyAlone) {
  // Order 1 locks its obligation; order 2 is proven against A = balance·G − locked, with
  // the opening recomputed from the key and order 1's nonce (no stored randomness).
  Trader trader(8, 0);
  const uint64_t ledger = 200'000'000;
  trader.balance = {ledger, crypto::Scalar::Zero()};
  Order first = LimitBuy(500, 10'100, 1);
  auto enc1 = trader.Encrypt(first);
  ASSERT_TRUE(enc1.ok());
  const crypto::Point locked = ObligationCommitment(*enc1, trader.pair);
  OrderStatement st = trader.Statement();
  st.available_commitment = AvailableBalanceCommitment(ledger, {&locked, 1});
  trader.balance = {ledger - *Obligation(first, trader.pair),
                    -ObligationBlinding(first, trader.pair, trader.key)};
  auto enc2 = trader.Encrypt(LimitBuy(300, 10'000, 2));
  ASSERT_TRUE(enc2.ok());
  EXPECT_TRUE(VerifyEncryptedOrder(*enc2, st).ok());
  // Spending more than what is left is impossible.
  EXPECT_EQ(trader.Encrypt(LimitBuy(1000, 20'000, 3)).status().code(),
            StatusCode::kInsufficientFunds);
}

TEST(EncryptedOrderTest, BatchVerificationAcceptsHonestAndNamesTheBadOrder) {
  Trader trader(9, kRich);
  std::vector<EncryptedOrder> orders;
  std::vector<OrderStatement> statements;
  for (uint8_t i = 0; i < 6; ++i) {
    Order o = WithSide(LimitBuy(100 + i, 10'000 + i, i + 1), i % 2 ? Side::kSell : Side::kBuy,
                       i % 3 ? OrderType::kLimit : OrderType::kMarket);
    auto enc = trader.Encrypt(o);
    ASSERT_TRUE(enc.ok());
    orders.push_back(*enc);
    statements.push_back(trader.Statement());
  }
  crypto::DeterministicRng rng(10);
  EXPECT_TRUE(BatchVerifyEncryptedOrders(orders, statements, rng).ok());
  // A range proof moved from another order (re-signed by the trader) breaks only order 4.
  orders[4].range_proofs = orders[2].range_proofs;
  orders[4].signature = trader.key.Sign(kOrderSignatureDomain, orders[4].SignedBytes());
  Status s = BatchVerifyEncryptedOrders(orders, statements, rng);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.field().rfind("orders[4]", 0), 0u) << s.ToString();
}

}  // namespace
}  // namespace phantompool::order
