// The audit chain (tampering is caught; anchors), the outbox, metrics, backup/restore round
// trips, and concurrent submissions and withdrawals on parallel connections.
#include <sstream>
#include <thread>

#include "store_fixture.h"

namespace phantompool::store::testing {
namespace {

class IntegrityTest : public StoreFixture {
 protected:
  void MakeHistory() {
    const int64_t a = MakeUser(1);
    ASSERT_TRUE(Deposit(a, kUsdc, 200'000'000).ok());
    ASSERT_TRUE(Submit(a, orders_.Make(a)).ok());
  }
};

TEST_P(IntegrityTest, AuditChainVerifiesAndCatchesAlteration) {
  MakeHistory();
  auto r = store_->VerifyAudit(Principal::Auditor(), std::nullopt);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->ok) << r->problem;
  EXPECT_EQ(r->entries, 4);  // user_created, kyc_status_changed, deposit, order_submitted
  const auto entries = store_->ReadAudit(Principal::Auditor(), 0, 100);
  EXPECT_EQ(r->head_hash, entries->back().entry_hash);
  EXPECT_EQ(store_->VerifyAudit(Principal::Trader(1), std::nullopt).status().code(),
            StatusCode::kPermissionDenied);
  OwnerSql("UPDATE audit_log SET event_data = '{\"amount\":1000000}' WHERE id = 3");
  r = store_->VerifyAudit(Principal::Auditor(), std::nullopt);
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(r->first_broken_id, 3);
}

TEST_P(IntegrityTest, AuditChainCatchesDeletion) {
  MakeHistory();
  OwnerSql("DELETE FROM audit_log WHERE id = 2");
  EXPECT_EQ(store_->VerifyAudit(Principal::Auditor(), std::nullopt)->first_broken_id, 2);
}

TEST_P(IntegrityTest, AuditChainCatchesReorderedRows) {
  MakeHistory();
  OwnerSql(
      "UPDATE audit_log SET id = -1 WHERE id = 2; UPDATE audit_log SET id = 2 WHERE id = 3; "
      "UPDATE audit_log SET id = 3 WHERE id = -1");
  auto r = store_->VerifyAudit(Principal::Auditor(), std::nullopt);
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(r->first_broken_id, 2);
}

TEST_P(IntegrityTest, AuditChainCatchesADroppedTail) {
  MakeHistory();
  OwnerSql("DELETE FROM audit_log WHERE id = 4");
  auto r = store_->VerifyAudit(Principal::Auditor(), std::nullopt);
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(r->first_broken_id, 4);
}

// An anchor written outside the database proves more than the chain alone: a rewrite of the
// whole chain (hashes recomputed, head moved) still verifies, but no longer extends it.
TEST_P(IntegrityTest, AnchorsCatchARewrittenChain) {
  MakeHistory();
  auto head = store_->VerifyAudit(Principal::Auditor(), std::nullopt);
  ASSERT_TRUE(head->ok);
  const AuditAnchor anchor{head->entries, head->head_hash, now_.load()};
  auto parsed = ParseAuditAnchor(FormatAuditAnchor(anchor));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, anchor);
  EXPECT_TRUE(store_->VerifyAudit(Principal::Auditor(), anchor)->ok);
  ASSERT_TRUE(Deposit(MakeUser(2), kSol, 5).ok());  // the chain grows: still extends it
  auto grown = store_->VerifyAudit(Principal::Auditor(), anchor);
  EXPECT_TRUE(grown->ok) << grown->problem;
  EXPECT_GT(grown->entries, anchor.entries);
  AuditAnchor forged = anchor;
  forged.head_hash[0] ^= 1;
  auto r = store_->VerifyAudit(Principal::Auditor(), forged);
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(r->first_broken_id, anchor.entries);
  AuditAnchor ahead = anchor;
  ahead.entries = 1000;
  r = store_->VerifyAudit(Principal::Auditor(), ahead);
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(r->first_broken_id, 1000);
}

TEST_P(IntegrityTest, OutboxPagesByIdAndScopesTraders) {
  MakeHistory();
  const int64_t b = MakeUser(2);
  ASSERT_TRUE(Deposit(b, kUsdc, 5).ok());
  auto all = store_->ReadEvents(Principal::Service(), 0, 100);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  for (size_t i = 0; i < all->size(); ++i) EXPECT_EQ((*all)[i].id, static_cast<int64_t>(i + 1));
  auto mine = store_->ReadEvents(Principal::Trader(b), 0, 100);
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->at(0).user_id, b);
  EXPECT_EQ(store_->ReadEvents(Principal::Executor(1), 0, 100).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->ReadEvents(Principal::Service(), 2, 100)->size(), 1u);
  EXPECT_TRUE(*store_->WaitForEvents(2, std::chrono::milliseconds(10)));
  EXPECT_FALSE(*store_->WaitForEvents(3, std::chrono::milliseconds(50)));
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_TRUE(Deposit(b, kUsdc, 1).ok());
  });
  EXPECT_TRUE(*store_->WaitForEvents(3, std::chrono::seconds(10)));
  writer.join();
}

TEST_P(IntegrityTest, MetricsAndHealth) {
  MetricSample m{"orders_per_s", "1/s", "api", 12.5, 1, 10, 20};
  EXPECT_TRUE(store_->RecordMetric(Principal::Service(), m).ok());
  m.period_start = 30;
  m.period_end = 40;
  m.value = 14;
  EXPECT_TRUE(store_->RecordMetric(Principal::Service(), m).ok());
  auto rows = store_->ReadMetrics(Principal::Auditor(), "orders_per_s", 15, 100);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->at(0).sample.value, 14);
  EXPECT_EQ(store_->ReadMetrics(Principal::Trader(1), "orders_per_s", 0, 10).status().code(),
            StatusCode::kPermissionDenied);
  m.value = std::nan("");
  EXPECT_EQ(store_->RecordMetric(Principal::Service(), m).field(), "system_metrics.metric_value");
  HealthUpdate h{"database", HealthStatus::kDegraded, 7000, 12, 1.5, 0.01, "{\"replicas\":1}"};
  ASSERT_TRUE(store_->UpdateSystemHealth(Principal::Service(), h).ok());
  auto health = store_->SystemHealthOverview(Principal::Auditor());
  EXPECT_EQ(health->at(0).component, "database");  // lowest score first
  EXPECT_EQ(health->at(0).status, HealthStatus::kDegraded);
  EXPECT_EQ(store_->UpdateSystemHealth(Principal::Auditor(), h).code(),
            StatusCode::kPermissionDenied);
}

TEST_P(IntegrityTest, BackupRestoresIntoBothBackEndsAndVerifies) {
  MakeHistory();
  std::stringstream backup;
  Status b = owner_->Backup(backup);
  ASSERT_TRUE(b.ok()) << b.ToString();
  for (Backend target : {Backend::kSqlite, Backend::kPostgres}) {
    TestDatabase& dst_db = ExtraDatabase(target);
    ASSERT_TRUE(dst_db.ok());
    auto owner = Open(dst_db.owner_url());
    std::stringstream in(backup.str());
    Status s = owner->Restore(in, {});
    ASSERT_TRUE(s.ok()) << s.ToString();
    auto dst = Open(dst_db.service_url());
    auto r = dst->VerifyAudit(Principal::Auditor(), std::nullopt);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_TRUE(r->ok) << r->problem;
    EXPECT_EQ(r->entries, 4);
    EXPECT_EQ(dst->ListOrders(Principal::Service(), {1, std::nullopt, 0, 100})->size(), 1u);
    // The restored store keeps working: new ids follow the restored ones.
    NewUser u;
    u.wallet_address = "Restored1111111111111111111111111111";
    u.public_key.assign(32, 77);
    EXPECT_EQ(*dst->CreateUser(Principal::Service(), u), 2);
    EXPECT_TRUE(dst->VerifyAudit(Principal::Auditor(), std::nullopt)->ok);
    std::stringstream again(backup.str());
    EXPECT_EQ(owner->Restore(again, {}).code(), StatusCode::kFailedPrecondition);
    std::stringstream forced(backup.str());
    EXPECT_TRUE(owner->Restore(forced, {true}).ok());
    // Backup and restore are the owner's; the request login may do neither.
    if (target == Backend::kPostgres) {
      std::stringstream out;
      EXPECT_EQ(dst->Backup(out).code(), StatusCode::kPermissionDenied);
    }
  }
  std::string text = backup.str();
  text[text.size() / 2] ^= 1;
  TestDatabase& dst_db = ExtraDatabase(GetParam());
  auto owner = Open(dst_db.owner_url());
  std::stringstream corrupt(text);
  EXPECT_FALSE(owner->Restore(corrupt, {}).ok());
}

// Group commit under contention: eight users submit in parallel, each against its own
// current A (and each order a second time, refused in the same batches), while eight threads
// race to withdraw 200 from one balance of 1,000: exactly five succeed, never an overdraft.
TEST_P(IntegrityTest, ConcurrentSubmissionsAndWithdrawals) {
  constexpr int kThreads = 8, kEach = 10;
  std::vector<int64_t> users;
  for (int t = 0; t < kThreads; ++t) {
    users.push_back(MakeUser(10 + t));
    ASSERT_TRUE(Deposit(users[t], kUsdc, 2'000'000'000).ok());
  }
  const int64_t w = MakeUser(99);
  ASSERT_TRUE(Deposit(w, kUsdc, 1'000).ok());
  std::atomic<int> ok{0}, refused{0}, withdrawn{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const auto o = orders_.Make(users[t]);
        auto r = Submit(users[t], o);
        EXPECT_TRUE(r.ok()) << r.status().ToString();
        ok += r.ok();
        const Status s = Submit(users[t], o).status();
        EXPECT_EQ(s.code(), StatusCode::kAlreadyExists) << s.ToString();
        refused += s.code() == StatusCode::kAlreadyExists;
      }
    });
  }
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (;;) {  // a stale A is refused: re-read and try again, as a trader would
        const Balance b = BalanceOf(w, kUsdc);
        const Status s = store_
                             ->Withdraw(Principal::Service(), w, kUsdc, 200,
                                        "w-" + std::to_string(t), b.available_commitment)
                             .status();
        if (s.code() == StatusCode::kConflict) continue;
        withdrawn += s.ok();
        EXPECT_TRUE(s.ok() || s.code() == StatusCode::kInsufficientFunds) << s.ToString();
        return;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), kThreads * kEach);
  EXPECT_EQ(refused.load(), kThreads * kEach);
  EXPECT_EQ(withdrawn.load(), 5);
  EXPECT_EQ(BalanceOf(w, kUsdc).balance, 0u);
  const crypto::Point one = Decode(OrderFactory::Obligation(orders_.Make(users[0])));
  crypto::Point ten;
  for (int i = 0; i < kEach; ++i) ten += one;
  for (int64_t u : users) {
    const Balance b = BalanceOf(u, kUsdc);
    EXPECT_EQ(Decode(b.locked_commitment), ten);
    EXPECT_EQ(b.open_obligations, kEach);
  }
  auto chain = store_->VerifyAudit(Principal::Auditor(), std::nullopt);
  EXPECT_TRUE(chain->ok) << chain->problem;
}

INSTANTIATE_TEST_SUITE_P(Backends, IntegrityTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace phantompool::store::testing
