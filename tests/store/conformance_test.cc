// The conformance suite: every test runs against SQLite and against PostgreSQL, and both
// must behave identically — functions, constraints and access rules.
#include "store_fixture.h"

namespace phantompool::store::testing {
namespace {

using crypto::Point;
using crypto::Scalar;

Commitment BalanceC(uint64_t v) {
  return Encode(Point::MulBase(Scalar::FromU64(v)));
}

TEST_P(StoreFixture, MigrateIsIdempotentAndSeedsThePairs) {
  ASSERT_TRUE(store_->Migrate().ok());
  EXPECT_EQ(*store_->SchemaVersion(), 4);
  auto pairs = store_->ListPairs(Principal::Trader(1));
  ASSERT_TRUE(pairs.ok());
  ASSERT_EQ(pairs->size(), 3u);
  EXPECT_EQ((*pairs)[0].symbol, "SOL/USDC");
  EXPECT_EQ((*pairs)[2].symbol, "SOL/USDT");
  auto health = store_->SystemHealthOverview(Principal::Auditor());
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health->size(), 6u);
}

TEST_P(StoreFixture, UsersConstraintsAndAccess) {
  const int64_t a = MakeUser(1), b = MakeUser(2);
  EXPECT_EQ(store_->GetUser(Principal::Trader(a), a)->id, a);
  EXPECT_EQ(store_->GetUser(Principal::Trader(a), b).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_TRUE(store_->GetUser(Principal::Auditor(), b).ok());
  store::NewUser dup;
  dup.wallet_address = store_->GetUser(Principal::Service(), a)->wallet_address;
  dup.public_key.assign(32, 99);
  Status s = store_->CreateUser(Principal::Service(), dup).status();
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(s.field(), "users.wallet_address");
  dup.wallet_address = "0OIl-not-base58-at-all-0OIl-0OIl-0OIl";
  EXPECT_EQ(store_->CreateUser(Principal::Service(), dup).status().field(), "users.wallet_address");
  EXPECT_EQ(store_->CreateUser(Principal::Auditor(), dup).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->SetKycStatus(Principal::Trader(a), a, KycStatus::kVerified).code(),
            StatusCode::kPermissionDenied);
}

TEST_P(StoreFixture, DepositWithdrawAndBalanceCommitments) {
  const int64_t a = MakeUser(1);
  auto b = store_->Deposit(Principal::Service(), a, kUsdc, 1000);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->balance, 1000u);
  EXPECT_EQ(b->balance_commitment, BalanceC(1000));
  EXPECT_EQ(b->available_commitment, BalanceC(1000));
  EXPECT_EQ(store_->Withdraw(Principal::Service(), a, kUsdc, 1001).status().code(),
            StatusCode::kInsufficientFunds);
  EXPECT_EQ(store_->Withdraw(Principal::Service(), a, kUsdc, 400)->balance, 600u);
  EXPECT_EQ(BalanceOf(a, kUsdc).balance_commitment, BalanceC(600));
  // Only the service moves money; an executor or another trader cannot even read it.
  EXPECT_EQ(store_->Deposit(Principal::Trader(a), a, kUsdc, 5).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->Deposit(Principal::Executor(1), a, kUsdc, 5).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->GetBalances(Principal::Executor(1), a).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->GetBalances(Principal::Trader(a + 1), a).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->Deposit(Principal::Service(), a, kUsdc, kMaxAmount).status().field(),
            "user_balances.balance");
  EXPECT_EQ(store_->Deposit(Principal::Service(), a, "bad token", 1).status().field(),
            "user_balances.token");
  EXPECT_EQ(store_->Deposit(Principal::Service(), 999, kUsdc, 1).status().code(),
            StatusCode::kNotFound);
}

TEST_P(StoreFixture, SubmitLocksTheObligationAndChecksEverything) {
  const int64_t a = MakeUser(1), b = MakeUser(2), pending = MakeUser(3, false);
  ASSERT_TRUE(store_->Deposit(Principal::Service(), a, kUsdc, 10'000).ok());
  const Commitment ob = RandomCommitment(rng_);
  NewOrder o = Order(a, Side::kBuy, ob);
  auto id = store_->SubmitOrder(Principal::Service(), o);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  const Balance bal = BalanceOf(a, kUsdc);
  EXPECT_EQ(bal.locked_commitment, ob);
  EXPECT_EQ(Decode(bal.available_commitment), Decode(BalanceC(10'000)) - Decode(ob));
  EXPECT_EQ(bal.open_obligations, 1);

  ASSERT_TRUE(store_->Deposit(Principal::Service(), pending, kUsdc, 10).ok());
  auto audit_before = store_->ReadAudit(Principal::Auditor(), 0, 1000)->size();
  // Reused nonce, no funds in the token, KYC pending, unknown pair, identity obligation.
  Status s = store_->SubmitOrder(Principal::Service(), o).status();
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(s.field(), "encrypted_orders.nonce");
  EXPECT_EQ(store_->SubmitOrder(Principal::Service(), Order(a, Side::kSell, ob)).status().code(),
            StatusCode::kInsufficientFunds);
  EXPECT_EQ(
      store_->SubmitOrder(Principal::Service(), Order(pending, Side::kBuy, ob)).status().field(),
      "users.kyc_status");
  NewOrder bad = Order(a, Side::kBuy, ob);
  bad.trading_pair_id = 77;
  EXPECT_EQ(store_->SubmitOrder(Principal::Service(), bad).status().code(), StatusCode::kNotFound);
  bad = Order(a, Side::kBuy, Commitment{});
  EXPECT_EQ(store_->SubmitOrder(Principal::Service(), bad).status().code(),
            StatusCode::kInvalidArgument);
  bad = Order(a, Side::kBuy, ob);
  bad.signature.resize(63);
  EXPECT_EQ(store_->SubmitOrder(Principal::Service(), bad).status().field(),
            "encrypted_orders.signature");
  bad = Order(a, Side::kBuy, ob, Validity::kGoodTillTime);
  bad.expires_at = now_.load() - 1;
  EXPECT_EQ(store_->SubmitOrder(Principal::Service(), bad).status().field(),
            "encrypted_orders.expires_at");
  EXPECT_EQ(store_->SubmitOrder(Principal::Trader(a), Order(a, Side::kBuy, ob)).status().code(),
            StatusCode::kPermissionDenied);
  // None of the refused calls left a row, a balance change or an audit entry behind.
  EXPECT_EQ(store_->ReadAudit(Principal::Auditor(), 0, 1000)->size(), audit_before);
  EXPECT_EQ(BalanceOf(a, kUsdc).locked_commitment, ob);
  EXPECT_EQ(store_->ListOrders(Principal::Service(), {a, std::nullopt, 0, 100})->size(), 1u);

  // Reading: own orders only.
  EXPECT_EQ(store_->GetOrder(Principal::Trader(a), *id)->proof_bundle, o.proof_bundle);
  EXPECT_EQ(store_->GetOrder(Principal::Trader(b), *id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->ListOrders(Principal::Trader(b), {a, std::nullopt, 0, 100}).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->GetOrder(Principal::Executor(1), *id).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->GetOrder(Principal::Auditor(), *id).ok());
}

TEST_P(StoreFixture, CancelAndExpiryReleaseTheObligation) {
  const int64_t a = MakeUser(1);
  ASSERT_TRUE(store_->Deposit(Principal::Service(), a, kSol, 5'000).ok());
  auto c1 =
      store_->SubmitOrder(Principal::Service(), Order(a, Side::kSell, RandomCommitment(rng_)));
  auto c2 = store_->SubmitOrder(
      Principal::Service(), Order(a, Side::kSell, RandomCommitment(rng_), Validity::kGoodTillTime));
  ASSERT_TRUE(c1.ok() && c2.ok());
  EXPECT_EQ(store_->CancelOrder(Principal::Service(), a + 1, *c1).code(), StatusCode::kNotFound);
  ASSERT_TRUE(store_->CancelOrder(Principal::Service(), a, *c1).ok());
  EXPECT_EQ(store_->CancelOrder(Principal::Service(), a, *c1).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(*store_->CleanupExpiredOrders(Principal::Service()), 0);
  now_ += 61'000'000;
  EXPECT_EQ(*store_->CleanupExpiredOrders(Principal::Service()), 1);
  EXPECT_EQ(store_->GetOrder(Principal::Service(), *c2)->status, OrderStatus::kExpired);
  const Balance bal = BalanceOf(a, kSol);
  EXPECT_EQ(bal.locked_commitment, Commitment{});
  EXPECT_EQ(bal.available_commitment, BalanceC(5'000));
  EXPECT_EQ(bal.open_obligations, 0);
  EXPECT_EQ(store_->CleanupExpiredOrders(Principal::Auditor()).status().code(),
            StatusCode::kPermissionDenied);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreFixture,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace phantompool::store::testing
