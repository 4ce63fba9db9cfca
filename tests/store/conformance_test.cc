// The conformance suite: every test runs against SQLite and against PostgreSQL (as the
// server's request login), and both must behave identically — functions, constraints and
// access rules. Attacks 4, 5 and 6 of docs/store.md ("Threats") in the form the store's
// API can be driven into them are here, on both back ends.
#include <thread>

#include "store_fixture.h"

namespace phantompool::store::testing {
namespace {

using order::OrderType;
using order::Side;
using order::Validity;

TEST_P(StoreFixture, MigrateIsIdempotentAndSeedsTheBuiltinPairs) {
  ASSERT_TRUE(owner_->Migrate().ok());
  EXPECT_EQ(*owner_->SchemaVersion(), 11);
  auto pairs = store_->ListPairs(Principal::Trader(1));
  ASSERT_TRUE(pairs.ok()) << pairs.status().ToString();
  ASSERT_EQ(pairs->size(), order::BuiltinPairs().size());
  for (size_t i = 0; i < pairs->size(); ++i) {
    EXPECT_EQ((*pairs)[i].spec, order::BuiltinPairs()[i]);  // every field, read back strictly
    EXPECT_TRUE((*pairs)[i].is_active);
  }
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
  NewUser dup;
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
  ASSERT_TRUE(store_->SetUserActive(Principal::Service(), b, false).ok());
  EXPECT_FALSE(store_->GetUser(Principal::Service(), b)->is_active);
  EXPECT_EQ(Deposit(b, kUsdc, 5).status().field(), "users.is_active");
}

TEST_P(StoreFixture, ListUsersPagesInIdOrderForTheOperatorOnly) {
  const int64_t a = MakeUser(1), b = MakeUser(2, /*verify=*/false), c = MakeUser(3);
  auto all = store_->ListUsers(Principal::Service(), 0, 1000);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].id, a);
  EXPECT_EQ((*all)[1].id, b);
  EXPECT_EQ((*all)[1].kyc_status, KycStatus::kPending);
  EXPECT_EQ((*all)[2].wallet_address, store_->GetUser(Principal::Service(), c)->wallet_address);
  auto page = store_->ListUsers(Principal::Auditor(), a, 1);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ(page->front().id, b);
  EXPECT_TRUE(store_->ListUsers(Principal::Service(), c, 10)->empty());
  EXPECT_EQ(store_->ListUsers(Principal::Trader(a), 0, 10).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->ListUsers(Principal::Service(), 0, 0).status().field(), "limit");
  EXPECT_EQ(store_->ListUsers(Principal::Service(), 0, 1001).status().field(), "limit");
}

TEST_P(StoreFixture, DepositWithdrawAndBalanceCommitments) {
  const int64_t a = MakeUser(1);
  auto t = Deposit(a, kUsdc, 1000);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->balance_after, 1000u);
  Balance b = BalanceOf(a, kUsdc);
  EXPECT_EQ(b.balance_commitment, BalanceC(1000));
  EXPECT_EQ(b.available_commitment, BalanceC(1000));
  EXPECT_EQ(b.locked_commitment, Commitment{});
  EXPECT_EQ(store_->Withdraw(Principal::Service(), a, kUsdc, 1001, "w1", b.available_commitment)
                .status()
                .code(),
            StatusCode::kInsufficientFunds);
  auto w = store_->Withdraw(Principal::Service(), a, kUsdc, 400, "w2", b.available_commitment);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(w->balance_after, 600u);
  EXPECT_EQ(BalanceOf(a, kUsdc).balance_commitment, BalanceC(600));
  EXPECT_EQ(BalanceOf(a, kUsdc).available_commitment, BalanceC(600));
  // Only the service moves money; an executor or another trader cannot even read it.
  EXPECT_EQ(store_->Deposit(Principal::Trader(a), a, kUsdc, 5, "x").status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->GetBalances(Principal::Executor(1), a).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->GetBalances(Principal::Trader(a + 1), a).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(Deposit(a, kUsdc, kMaxAmount).status().field(), "user_balances.balance");
  EXPECT_EQ(Deposit(a, "bad token", 1).status().field(), "user_balances.token");
  EXPECT_EQ(Deposit(999, kUsdc, 1).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->Deposit(Principal::Service(), a, kUsdc, 1, "has space").status().field(),
            "balance_transfers.reference");
}

// Attack 6: a retried deposit or withdrawal whose first outcome was unknown must not move
// money twice, and two concurrent first deposits must both succeed.
TEST_P(StoreFixture, DepositsAndWithdrawalsAreIdempotent) {
  const int64_t a = MakeUser(1), b = MakeUser(2);
  auto first = store_->Deposit(Principal::Service(), a, kUsdc, 500, "bank-tx-1");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto retry = store_->Deposit(Principal::Service(), a, kUsdc, 500, "bank-tx-1");
  ASSERT_TRUE(retry.ok()) << retry.status().ToString();
  EXPECT_EQ(*retry, *first);
  EXPECT_EQ(BalanceOf(a, kUsdc).balance, 500u);
  EXPECT_EQ(store_->Deposit(Principal::Service(), a, kUsdc, 501, "bank-tx-1").status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->Deposit(Principal::Service(), a, kSol, 500, "bank-tx-1").status().code(),
            StatusCode::kAlreadyExists);
  // The key is per user.
  EXPECT_TRUE(store_->Deposit(Principal::Service(), b, kUsdc, 500, "bank-tx-1").ok());

  const Commitment a0 = BalanceOf(a, kUsdc).available_commitment;
  auto w = store_->Withdraw(Principal::Service(), a, kUsdc, 200, "payout-1", a0);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  // A retry carries the A it was first proven against, now stale: the first result anyway.
  auto w2 = store_->Withdraw(Principal::Service(), a, kUsdc, 200, "payout-1", a0);
  ASSERT_TRUE(w2.ok()) << w2.status().ToString();
  EXPECT_EQ(*w2, *w);
  EXPECT_EQ(BalanceOf(a, kUsdc).balance, 300u);
  const auto audits = store_->ReadAudit(Principal::Auditor(), 0, 1000);
  int withdrawals = 0;
  for (const AuditEntry& e : *audits) withdrawals += e.event_type == "withdrawal";
  EXPECT_EQ(withdrawals, 1);

  // Concurrent first deposits into a fresh (user, token): distinct keys all succeed; one key
  // retried by every thread credits once and hands everyone the same transfer.
  const int64_t c = MakeUser(3);
  std::vector<std::thread> threads;
  std::vector<Result<Transfer>> same(8, Status::Internal("t", "not run")),
      distinct(8, Status::Internal("t", "not run"));
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      distinct[i] = store_->Deposit(Principal::Service(), c, kSol, 10, "d-" + std::to_string(i));
      same[i] = store_->Deposit(Principal::Service(), c, kUsdc, 7, "once");
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < 8; ++i) {
    ASSERT_TRUE(distinct[i].ok()) << distinct[i].status().ToString();
    ASSERT_TRUE(same[i].ok()) << same[i].status().ToString();
    EXPECT_EQ(*same[i], *same[0]);
  }
  EXPECT_EQ(BalanceOf(c, kSol).balance, 80u);
  EXPECT_EQ(BalanceOf(c, kSol).balance_commitment, BalanceC(80));
  EXPECT_EQ(BalanceOf(c, kUsdc).balance, 7u);
}

// Attack 4: two orders proven against the same available-balance commitment A must not
// both lock. The store compares-and-sets A under the row lock.
TEST_P(StoreFixture, SubmissionComparesAndSetsTheAvailableCommitment) {
  const int64_t a = MakeUser(1);
  ASSERT_TRUE(Deposit(a, kUsdc, 200'000'000).ok());  // enough for one 150-USDC buy
  const Commitment a0 = BalanceOf(a, kUsdc).available_commitment;
  const auto first = orders_.Make(a), second = orders_.Make(a);
  auto id = store_->SubmitOrder(Principal::Service(), a, first, a0);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  const Status refused = store_->SubmitOrder(Principal::Service(), a, second, a0).status();
  EXPECT_EQ(refused.code(), StatusCode::kConflict);
  EXPECT_EQ(refused.field(), "user_balances.available_commitment");
  // The lock is exactly the recomputed obligation: A' = A − O.
  const Balance after = BalanceOf(a, kUsdc);
  EXPECT_EQ(Decode(after.available_commitment),
            Decode(a0) - Decode(OrderFactory::Obligation(first)));
  EXPECT_EQ(after.locked_commitment, OrderFactory::Obligation(first));
  EXPECT_EQ(after.open_obligations, 1);

  // Concurrently: eight orders, all proven against the same A, race; exactly one locks.
  const int64_t b = MakeUser(2);
  ASSERT_TRUE(Deposit(b, kUsdc, 200'000'000).ok());
  const Commitment b0 = BalanceOf(b, kUsdc).available_commitment;
  std::vector<order::EncryptedOrder> racing;
  for (int i = 0; i < 8; ++i) racing.push_back(orders_.Make(b));
  std::atomic<int> ok{0}, conflict{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      const Status s = store_->SubmitOrder(Principal::Service(), b, racing[i], b0).status();
      ok += s.ok();
      conflict += s.code() == StatusCode::kConflict;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(conflict.load(), 7);
  EXPECT_EQ(BalanceOf(b, kUsdc).open_obligations, 1);
  EXPECT_EQ(store_->ListOrders(Principal::Service(), {b, std::nullopt, 0, 100})->size(), 1u);
}

TEST_P(StoreFixture, SubmissionDerivesEveryColumnFromTheOrder) {
  const int64_t a = MakeUser(1), b = MakeUser(2), pending = MakeUser(3, false);
  ASSERT_TRUE(Deposit(a, kSol, 10'000'000'000).ok());
  const uint64_t expiry = static_cast<uint64_t>(now_.load() / 1'000'000) + 60;
  const auto o = orders_.Make(a, {Side::kSell, OrderType::kLimit, 1'000}, Validity::kGtt, expiry);
  auto submitted =
      store_->SubmitOrder(Principal::Service(), a, o, BalanceOf(a, kSol).available_commitment);
  ASSERT_TRUE(submitted.ok()) << submitted.status().ToString();
  const std::optional<int64_t> id = submitted->id;
  auto rec = store_->GetOrder(Principal::Trader(a), *id);
  ASSERT_TRUE(rec.ok());
  // The record the submission returns is the row as it committed, field for field (the
  // server answers from it instead of reading the order back).
  EXPECT_EQ(*submitted, *rec);
  EXPECT_EQ(rec->created_at, now_.load());
  EXPECT_EQ(rec->trading_pair_id, 1);
  EXPECT_EQ(rec->side, Side::kSell);
  EXPECT_EQ(rec->order_type, OrderType::kLimit);
  EXPECT_EQ(rec->validity, Validity::kGtt);
  EXPECT_EQ(rec->expires_at, static_cast<int64_t>(expiry) * 1'000'000);
  EXPECT_EQ(rec->nonce, o.nonce());
  EXPECT_EQ(rec->encrypted_order, o.Serialize());  // kept whole
  EXPECT_EQ(rec->obligation_token, kSol);
  EXPECT_EQ(rec->obligation_commitment, OrderFactory::Obligation(o));
  EXPECT_EQ(rec->status, OrderStatus::kActive);

  ASSERT_TRUE(Deposit(pending, kUsdc, 10).ok());
  const size_t audit_before = store_->ReadAudit(Principal::Auditor(), 0, 1000)->size();
  // A reused nonce, another user's order, a user with pending KYC, an unknown pair, a past
  // expiry, no funds in the token, a non-service caller: each refused, nothing written.
  Status s = Submit(a, o).status();
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(s.field(), "encrypted_orders.nonce");
  EXPECT_EQ(
      store_->SubmitOrder(Principal::Service(), b, orders_.Make(a), Commitment{}).status().field(),
      "order.user_id");
  EXPECT_EQ(Submit(pending, orders_.Make(pending)).status().field(), "users.kyc_status");
  auto unknown = orders_.Make(a, {}, Validity::kGtc, 0, "DOGE/USDC");
  EXPECT_EQ(Submit(a, unknown).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Submit(a, orders_.Make(a, {}, Validity::kGtt, expiry - 3600)).status().field(),
            "order.expiry");
  EXPECT_EQ(Submit(a, orders_.Make(a)).status().code(), StatusCode::kInsufficientFunds);
  EXPECT_EQ(
      store_->SubmitOrder(Principal::Trader(a), a, orders_.Make(a), Commitment{}).status().code(),
      StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->ReadAudit(Principal::Auditor(), 0, 1000)->size(), audit_before);
  EXPECT_EQ(store_->ListOrders(Principal::Service(), {a, std::nullopt, 0, 100})->size(), 1u);

  // Reading: own orders only; executors read sessions, not orders.
  EXPECT_EQ(store_->GetOrder(Principal::Trader(b), *id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->ListOrders(Principal::Trader(b), {a, std::nullopt, 0, 100}).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->GetOrder(Principal::Executor(1), *id).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_TRUE(store_->GetOrder(Principal::Auditor(), *id).ok());
}

TEST_P(StoreFixture, CancelAndExpiryReleaseTheObligation) {
  const int64_t a = MakeUser(1);
  ASSERT_TRUE(Deposit(a, kSol, 5'000'000'000).ok());
  const OrderKind sell{Side::kSell, OrderType::kLimit, 1'000};
  auto c1 = Submit(a, orders_.Make(a, sell));
  const uint64_t expiry = static_cast<uint64_t>(now_.load() / 1'000'000) + 60;
  auto c2 = Submit(a, orders_.Make(a, sell, Validity::kGtt, expiry));
  ASSERT_TRUE(c1.ok() && c2.ok()) << c1.status().ToString() << c2.status().ToString();
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
  EXPECT_EQ(bal.available_commitment, BalanceC(5'000'000'000));
  EXPECT_EQ(bal.open_obligations, 0);
  EXPECT_EQ(store_->CleanupExpiredOrders(Principal::Auditor()).status().code(),
            StatusCode::kPermissionDenied);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreFixture,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace phantompool::store::testing
