#include "phantompool/order/encrypted_order.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "order_fixture.h"
#include "phantompool/order/order_secrets.h"

namespace phantompool::order {
namespace {

using testing::LimitBuy;
using testing::NonceOf;
using testing::Resigned;
using testing::Trader;
using testing::WithKind;

constexpr uint64_t kRich = 1'000'000'000'000;

TEST(EncryptedOrderTest, EveryKindOfOrderVerifiesAndOpensToItsValues) {
  Trader trader(1, kRich);
  for (Side side : {Side::kBuy, Side::kSell}) {
    for (OrderType type : {OrderType::kLimit, OrderType::kMarket}) {
      Order o = WithKind(LimitBuy(500, 10'100), side, type);
      o.min_fill = 123;
      auto enc = trader.Encrypt(o);
      ASSERT_TRUE(enc.ok()) << enc.status().ToString();
      EXPECT_TRUE(VerifyEncryptedOrder(*enc, trader.Statement()).ok())
          << SideName(side) << " " << OrderTypeName(type);
      // The binary form round-trips byte for byte and still verifies.
      auto parsed = EncryptedOrder::Parse(enc->Serialize());
      ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
      EXPECT_EQ(parsed->Serialize(), enc->Serialize());
      EXPECT_TRUE(VerifyEncryptedOrder(*parsed, trader.Statement()).ok());
      // The quorum's K opens it to exactly the trader's values.
      auto opened = trader.Open(*parsed);
      ASSERT_TRUE(opened.ok()) << opened.status().ToString();
      EXPECT_EQ(opened->size, 500u);
      EXPECT_EQ(opened->min_fill, 123u);
      EXPECT_EQ(opened->price, o.limit_price);
      EXPECT_EQ(enc->Serialize().size() <= 2000, true) << enc->Serialize().size();
    }
  }
}

// The session path's parse: the same order, opened the same way, but never verifiable; its
// strictness stops only at the two proofs it does not decode.
TEST(EncryptedOrderTest, ParsedWithoutOrderProofsOpensButNeverVerifies) {
  Trader trader(1, kRich);
  for (OrderType type : {OrderType::kLimit, OrderType::kMarket}) {
    auto enc = trader.Encrypt(WithKind(LimitBuy(500, 10'100), Side::kBuy, type));
    ASSERT_TRUE(enc.ok()) << enc.status().ToString();
    auto light = EncryptedOrder::ParseWithoutOrderProofs(enc->Serialize());
    ASSERT_TRUE(light.ok()) << light.status().ToString();
    EXPECT_FALSE(light->has_order_proofs());
    EXPECT_TRUE(enc->has_order_proofs());
    EXPECT_EQ(light->Serialize(), enc->Serialize());
    EXPECT_EQ(light->CiphertextHash(), enc->CiphertextHash());
    EXPECT_TRUE(std::ranges::equal(light->RangeProofBytes(), enc->range_proof().Serialize()));
    EXPECT_EQ(light->ProductProofBytes().empty(), !enc->product_proof().has_value());
    if (enc->product_proof()) {
      EXPECT_TRUE(
          std::ranges::equal(light->ProductProofBytes(), enc->product_proof()->Serialize()));
    }
    auto opened = trader.Open(*light);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    EXPECT_EQ(opened->size, 500u);
    const Status single = VerifyEncryptedOrder(*light, trader.Statement());
    EXPECT_EQ(single.code(), StatusCode::kFailedPrecondition);
    const EncryptedOrder* batch[] = {&*enc, &*light};
    const OrderStatement statements[] = {trader.Statement(), trader.Statement()};
    auto results = VerifyEncryptedOrders(batch, statements);
    EXPECT_TRUE(results[0].ok());
    EXPECT_EQ(results[1].code(), StatusCode::kFailedPrecondition);
    // The parts it does decode are as strict as Parse: a flipped byte of R or of the KEM
    // proof's point is refused by both, naming the field.
    std::vector<uint8_t> bad = enc->Serialize();
    const size_t r_at =
        enc->AssociatedData().size() - crypto::kAeadNonceBytes - crypto::kPointBytes;
    bad[r_at + 31] ^= 0x80;
    EXPECT_EQ(EncryptedOrder::ParseWithoutOrderProofs(bad).status().field(),
              EncryptedOrder::Parse(bad).status().field());
    EXPECT_FALSE(EncryptedOrder::ParseWithoutOrderProofs(bad).ok());
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
  // is what counts, so the proof must fail. A limit buy's product proof binds A and fails
  // first; a sell has only the range proof to fail.
  Trader trader(4, 50'500'000);
  OrderStatement st = trader.Statement();
  st.available_commitment =
      crypto::PedersenCommit(crypto::Scalar::FromU64(50'500'000 - 1), trader.balance.blinding);
  auto buy = trader.Encrypt(LimitBuy(500, 10'100));
  ASSERT_TRUE(buy.ok());
  Status s = VerifyEncryptedOrder(*buy, st);
  EXPECT_EQ(s.code(), StatusCode::kVerificationFailed);
  EXPECT_EQ(s.field(), "product_proof");
  auto sell = trader.Encrypt(WithKind(LimitBuy(50, 10'100), Side::kSell, OrderType::kLimit));
  ASSERT_TRUE(sell.ok());
  s = VerifyEncryptedOrder(*sell, st);
  EXPECT_EQ(s.code(), StatusCode::kVerificationFailed);
  EXPECT_EQ(s.field(), "range_proof");
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
  o = LimitBuy(5, trader.pair.max_price() + 1);
  EXPECT_EQ(trader.Encrypt(o).status().field(), "order.limit_price");
}

TEST(EncryptedOrderTest, StatementAndContextAreBound) {
  Trader trader(6, kRich);
  auto enc = trader.Encrypt(LimitBuy(500, 10'100));
  ASSERT_TRUE(enc.ok());
  {
    OrderStatement st = trader.Statement();
    st.joint_public_key = crypto::Point::MulBase(crypto::Scalar::FromU64(12345));
    EXPECT_EQ(VerifyEncryptedOrder(*enc, st).field(), "kem.proof");
  }
  {
    OrderStatement st = trader.Statement();
    st.key_epoch = testing::kEpoch + 1;
    EXPECT_EQ(VerifyEncryptedOrder(*enc, st).field(), "key_epoch");
  }
  {
    // A tighter per-user limit than the order was proven against.
    const PairSpec narrowed = trader.pair.WithUserLimit(499).value();
    OrderStatement st = trader.Statement();
    st.pair = &narrowed;
    EXPECT_FALSE(VerifyEncryptedOrder(*enc, st).ok());
    // A looser one: the order still proves size ≤ its own bound, but the statement differs.
    PairFields fields = trader.pair.fields();
    fields.max_order_size += 1;
    const PairSpec other = PairSpec::Create(fields).value();
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
}

TEST(EncryptedOrderTest, RetryWithTheSameNonceGivesUnrelatedCiphertexts) {
  // A client that retries a refused order with the same nonce and another size must not
  // reuse any randomness: R, the AEAD nonce, the ciphertext and every commitment differ.
  Trader trader(8, kRich);
  auto first = trader.Encrypt(LimitBuy(500, 10'100, 7));
  auto retry = trader.Encrypt(LimitBuy(501, 10'100, 7));
  auto same = trader.Encrypt(LimitBuy(500, 10'100, 7));
  ASSERT_TRUE(first.ok() && retry.ok() && same.ok());
  for (const EncryptedOrder* other : {&*retry, &*same}) {
    EXPECT_FALSE(first->kem().R == other->kem().R);
    EXPECT_NE(first->kem().nonce, other->kem().nonce);
    EXPECT_NE(first->kem().ciphertext, other->kem().ciphertext);
    EXPECT_FALSE(first->size_commitment() == other->size_commitment());
    EXPECT_FALSE(first->price_commitment() == other->price_commitment());
    EXPECT_FALSE(first->min_fill_commitment() == other->min_fill_commitment());
  }
  // Even with identical values: the size commitments differ by more than a value shift, so
  // C − C' reveals nothing about size − size'.
  EXPECT_FALSE(first->size_commitment() - same->size_commitment() == crypto::Point::Identity());
}

TEST(EncryptedOrderTest, LockedObligationsReopenFromTheKeyAlone) {
  // Order 1 locks its obligation; order 2 is proven against A = balance·G − locked, with
  // A's blinding recomputed from the key and order 1's R (no stored randomness).
  Trader trader(9, 0);
  const uint64_t ledger = 200'000'000;
  trader.balance = {ledger, crypto::Scalar::Zero()};
  const Order first = LimitBuy(500, 10'100, 1);
  auto enc1 = trader.Encrypt(first);
  ASSERT_TRUE(enc1.ok());
  const crypto::Point locked = ObligationCommitment(*enc1, trader.pair);
  OrderStatement st = trader.Statement();
  st.available_commitment = AvailableBalanceCommitment(ledger, {&locked, 1});
  const OrderBlindings b = DeriveOrderBlindings(trader.key, enc1->kem().R);
  // The values of order 1, recovered from the order alone with the trader's key.
  auto own = RecoverOwnOrder(*enc1, trader.pair, trader.key);
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  EXPECT_EQ(own->size, 500u);
  Order recovered = first;
  recovered.size = own->size;
  recovered.limit_price = own->price;
  trader.balance = {ledger - *Obligation(recovered, trader.pair),
                    -ObligationBlinding(first.side, first.type, trader.pair, b)};
  auto enc2 = trader.Encrypt(LimitBuy(300, 10'000, 2));
  ASSERT_TRUE(enc2.ok());
  EXPECT_TRUE(VerifyEncryptedOrder(*enc2, st).ok());
  // Spending more than what is left is impossible.
  EXPECT_EQ(trader.Encrypt(LimitBuy(1000, 20'000, 3)).status().code(),
            StatusCode::kInsufficientFunds);
  // Another key recovers nothing.
  Trader stranger(10, 0);
  EXPECT_FALSE(RecoverOwnOrder(*enc1, trader.pair, stranger.key).ok());
}

TEST(EncryptedOrderTest, BatchVerificationAcceptsHonestAndNamesEveryBadOrder) {
  Trader trader(11, kRich);
  std::vector<EncryptedOrder> orders;
  std::vector<OrderStatement> statements;
  for (uint8_t i = 0; i < 9; ++i) {
    Order o = WithKind(LimitBuy(100 + i, 10'000 + i, i + 1), i % 2 ? Side::kSell : Side::kBuy,
                       i % 3 ? OrderType::kLimit : OrderType::kMarket);
    auto enc = trader.Encrypt(o);
    ASSERT_TRUE(enc.ok());
    orders.push_back(*enc);
    statements.push_back(trader.Statement());
  }
  auto pointers = [&orders] {
    std::vector<const EncryptedOrder*> p;
    for (const auto& o : orders) p.push_back(&o);
    return p;
  };
  for (const Status& s : VerifyEncryptedOrders(pointers(), statements)) EXPECT_TRUE(s.ok());
  // Order 4 against a smaller A, order 7 signed by someone else: exactly those two fail.
  statements[4].available_commitment = crypto::PedersenCommit(crypto::Scalar::FromU64(1), {});
  Trader other(12, kRich);
  statements[7].trader_public_key = other.key.public_key();
  const auto results = VerifyEncryptedOrders(pointers(), statements);
  for (size_t i = 0; i < results.size(); ++i) {
    if (i == 4 || i == 7) {
      ASSERT_FALSE(results[i].ok()) << i;
      EXPECT_EQ(results[i].field().rfind("orders[" + std::to_string(i) + "]", 0), 0u)
          << results[i].ToString();
    } else {
      EXPECT_TRUE(results[i].ok()) << i << ": " << results[i].ToString();
    }
  }
  EXPECT_EQ(results[4].field(), "orders[4].product_proof");
  EXPECT_EQ(results[7].field(), "orders[7].signature");
}

TEST(EncryptedOrderTest, ReSignedTamperingIsCaughtByTheProofs) {
  Trader trader(13, kRich);
  auto enc = trader.Encrypt(LimitBuy(500, 10'100));
  ASSERT_TRUE(enc.ok());
  // The trader changes its own nonce and re-signs: every transcript binds the statement.
  std::vector<uint8_t> bytes = enc->Serialize();
  const size_t nonce_at = 1 + 4 + enc->pair().size() + 4 + enc->user_id().size();
  bytes[nonce_at] ^= 1;
  auto moved = EncryptedOrder::Parse(Resigned(bytes, trader.key));
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->nonce()[0], static_cast<uint8_t>(NonceOf(1)[0] ^ 1));
  EXPECT_EQ(VerifyEncryptedOrder(*moved, trader.Statement()).field(), "kem.proof");
}

}  // namespace
}  // namespace phantompool::order
