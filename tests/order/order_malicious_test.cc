// The malicious-prover harness at work: every false statement an order can make is
// refused by VerifyEncryptedOrder and, among honest orders, by the batch verifier, which
// names exactly the forged order.
#include <gtest/gtest.h>

#include "order_forger.h"
#include "phantompool/order/kem_check.h"

namespace phantompool::order {
namespace {

using testing::Forge;
using testing::Forgery;
using testing::LimitBuy;
using testing::Trader;
using testing::WithKind;

constexpr uint64_t kRich = 1'000'000'000'000;

// The forged order must fail alone and inside a batch of honest orders, named there.
void ExpectRefused(Trader& trader, const EncryptedOrder& forged, const Forgery& f,
                   const std::string& why) {
  OrderStatement st = trader.Statement();
  st.available_commitment =
      crypto::PedersenCommit(crypto::Scalar::FromU64(f.available), f.blinding);
  const Status alone = VerifyEncryptedOrder(forged, st);
  EXPECT_FALSE(alone.ok()) << why;
  std::vector<EncryptedOrder> honest;
  for (uint8_t i = 0; i < 3; ++i) {
    honest.push_back(trader.Encrypt(LimitBuy(200 + i, 10'000, 100 + i)).value());
  }
  std::vector<const EncryptedOrder*> batch = {&honest[0], &forged, &honest[1], &honest[2]};
  std::vector<OrderStatement> statements(4, trader.Statement());
  statements[1] = st;
  const auto results = VerifyEncryptedOrders(batch, statements);
  EXPECT_TRUE(results[0].ok() && results[2].ok() && results[3].ok()) << why;
  ASSERT_FALSE(results[1].ok()) << why;
  EXPECT_EQ(results[1].field().rfind("orders[1].", 0), 0u) << why << ": " << results[1].ToString();
}

Forgery Honest(Trader& trader, Order o) {
  return Forgery{std::move(o), trader.balance.available, trader.balance.blinding};
}

TEST(OrderMaliciousProver, TheHarnessItselfProducesValidOrdersWhenHonest) {
  // Without a lie the forger's orders verify: the refusals below come from the lies.
  Trader trader(40, kRich);
  for (Side side : {Side::kBuy, Side::kSell}) {
    for (OrderType type : {OrderType::kLimit, OrderType::kMarket}) {
      const Forgery f = Honest(trader, WithKind(LimitBuy(500, 10'100), side, type));
      const EncryptedOrder order = Forge(f, trader);
      EXPECT_TRUE(VerifyEncryptedOrder(order, trader.Statement()).ok());
      EXPECT_TRUE(trader.Open(order).ok());
    }
  }
}

TEST(OrderMaliciousProver, SizeAboveTheMaximum) {
  Trader trader(41, kRich);
  const Forgery f = Honest(trader, LimitBuy(trader.pair.max_order_size() + 1, 10'100));
  ExpectRefused(trader, Forge(f, trader), f, "size above max");
}

TEST(OrderMaliciousProver, SizeBelowTheMinimum) {
  Trader trader(42, kRich);
  Forgery f = Honest(trader, WithKind(LimitBuy(0, 10'100), Side::kSell, OrderType::kLimit));
  f.order.min_fill = 0;
  ExpectRefused(trader, Forge(f, trader), f, "size zero");
}

TEST(OrderMaliciousProver, PriceAboveTheMaximumOrOffTheGrid) {
  Trader trader(43, kRich);
  Forgery f = Honest(trader, LimitBuy(10, trader.pair.max_price() + 1));
  ExpectRefused(trader, Forge(f, trader), f, "price above max_price");
  f = Honest(trader, WithKind(LimitBuy(10, 0), Side::kSell, OrderType::kLimit));
  ExpectRefused(trader, Forge(f, trader), f, "price zero");
}

TEST(OrderMaliciousProver, MinFillAboveSize) {
  Trader trader(44, kRich);
  Forgery f = Honest(trader, LimitBuy(100, 10'000));
  f.order.min_fill = 101;
  ExpectRefused(trader, Forge(f, trader), f, "min fill above size");
}

TEST(OrderMaliciousProver, ObligationAboveAvailable) {
  // 500 × 10,100 × 10 = 50,500,000 owed against 50,499,999 available.
  Trader trader(45, 50'499'999);
  const Forgery f = Honest(trader, LimitBuy(500, 10'100));
  ExpectRefused(trader, Forge(f, trader), f, "insolvent limit buy");
  Trader seller(46, 499 * 1'000'000);
  const Forgery g = Honest(seller, WithKind(LimitBuy(500, 1), Side::kSell, OrderType::kMarket));
  ExpectRefused(seller, Forge(g, seller), g, "insolvent market sell");
}

TEST(OrderMaliciousProver, RemainderWrappedModTwoToThe32) {
  // Solvent, but the halves are split wrongly: high − 1 and low + 2^32, which recombine to
  // the true remainder and would pass if the low half were not range-checked.
  Trader trader(47, 20'000'000'000);
  Forgery f = Honest(trader, LimitBuy(500, 10'100));
  const uint64_t remainder = f.available - 50'500'000;
  ASSERT_GT(remainder >> 32, 0u);
  f.remainder_high = (remainder >> 32) - 1;
  std::array<uint64_t, kRangeValues> values = {500 - 1,
                                               trader.pair.max_order_size() - 500,
                                               250,
                                               250,
                                               10'100 - 1,
                                               trader.pair.max_price() - 10'100,
                                               (remainder & 0xffffffffULL) + (uint64_t{1} << 32),
                                               (remainder >> 32) - 1};
  f.range_values = values;
  ExpectRefused(trader, Forge(f, trader), f, "wrapped remainder");
}

TEST(OrderMaliciousProver, CiphertextAndProofCopiedFromAnotherOrder) {
  // The attacker copies a victim's KEM (R, nonce, ciphertext, wrap) and its proof of
  // knowledge into its own order, hoping the quorum will open the victim's order for it.
  Trader victim(48, kRich);
  const EncryptedOrder victims = victim.Encrypt(LimitBuy(777, 12'345)).value();
  Trader attacker(49, kRich);
  attacker.sk = victim.sk;  // the same executors
  attacker.pk = victim.pk;
  Forgery f = Honest(attacker, LimitBuy(10, 10'000, 9));
  f.order.user_id = "attacker";
  f.copied_kem = std::make_pair(victims.kem(), victims.kem_proof());
  const EncryptedOrder forged = Forge(f, attacker);
  EXPECT_EQ(VerifyEncryptedOrder(forged, attacker.Statement()).field(), "kem.proof");
  ExpectRefused(attacker, forged, f, "copied KEM");
  // The executors' own check refuses it too, and refuses the victim's R carried twice.
  // As the executors receive them: statement and proof of knowledge only.
  const KemStatement victim_kem = KemStatement::Parse(KemStatement::From(victims).Serialize()).value();
  const KemStatement forged_kem = KemStatement::Parse(KemStatement::From(forged).Serialize()).value();
  EXPECT_EQ(forged_kem.CiphertextHash(), victims.CiphertextHash());
  const std::vector<const KemStatement*> batch = {&victim_kem, &forged_kem};
  const auto kem = VerifyKemProofs(batch, victim.pk, testing::kEpoch);
  EXPECT_TRUE(kem[0].ok());
  ASSERT_FALSE(kem[1].ok());
  EXPECT_EQ(kem[1].field(), "orders[1].kem.R");
  const std::vector<const KemStatement*> alone = {&forged_kem};
  EXPECT_EQ(VerifyKemProofs(alone, victim.pk, testing::kEpoch)[0].field(), "orders[0].kem.proof");
}

TEST(OrderMaliciousProver, ALyingCiphertextIsUndecryptableAndExcludedAlone) {
  // The proofs cannot see inside the AEAD: a trader can encrypt values other than the ones
  // it committed to. Such an order verifies at intake, but does not open: it is excluded
  // alone and every other order of the batch opens.
  Trader trader(50, kRich);
  Forgery f = Honest(trader, LimitBuy(500, 10'100, 1));
  const EncryptedOrder truthful = Forge(f, trader);
  const auto true_opening = trader.Open(truthful).value().opening;
  std::vector<uint8_t> lie = true_opening;
  lie[1] ^= 1;  // size 500 → 501
  f.opening = lie;
  f.order.nonce = testing::NonceOf(2);
  const EncryptedOrder liar = Forge(f, trader);
  EXPECT_TRUE(VerifyEncryptedOrder(liar, trader.Statement()).ok());
  Forgery g = Honest(trader, LimitBuy(400, 10'000, 3));
  g.opening = std::vector<uint8_t>(kOpeningBytes, 0xab);  // garbage
  const EncryptedOrder garbage = Forge(g, trader);
  const EncryptedOrder honest = trader.Encrypt(LimitBuy(300, 10'050, 4)).value();
  const std::vector<const EncryptedOrder*> batch = {&truthful, &liar, &garbage, &honest};
  std::vector<crypto::Point> k;
  for (const auto* o : batch) k.push_back(trader.SharedPoint(*o));
  const auto opened = OpenEncryptedOrders(batch, trader.pair, k, trader.pk);
  ASSERT_TRUE(opened[0].ok());
  EXPECT_EQ(opened[0]->size, 500u);
  ASSERT_FALSE(opened[1].ok());
  EXPECT_EQ(opened[1].status().field(), "opening.commitments");
  ASSERT_FALSE(opened[2].ok());
  EXPECT_EQ(opened[2].status().field(), "opening.version");
  ASSERT_TRUE(opened[3].ok());
  EXPECT_EQ(opened[3]->size, 300u);
  EXPECT_EQ(opened[3]->price, 10'050u);
  // A wrong K (an executor's bad share slipped through) does not decrypt at all.
  k[3] = k[3] + crypto::Point::Base();
  EXPECT_EQ(OpenEncryptedOrders(batch, trader.pair, k, trader.pk)[3].status().field(),
            "kem.ciphertext");
}

}  // namespace
}  // namespace phantompool::order
