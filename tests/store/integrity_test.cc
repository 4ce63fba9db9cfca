// The audit chain (tampering is caught), the outbox, backup/restore round trips, and
// concurrent submissions on parallel connections.
#include <sqlite3.h>

#include <sstream>
#include <thread>

#include "store_fixture.h"

namespace phantompool::store::testing {
namespace {

class IntegrityTest : public StoreFixture {
 protected:
  std::vector<crypto::DeterministicRng> rng_local_ = [] {
    std::vector<crypto::DeterministicRng> v;
    for (uint64_t i = 0; i < 8; ++i) v.emplace_back(100 + i);
    return v;
  }();
  // Writes straight into the database, as an attacker with file or owner access would.
  void RawSql(const std::string& sql) {
    if (GetParam() == Backend::kSqlite) {
      sqlite3* db = nullptr;
      ASSERT_EQ(sqlite3_open(url_.substr(7).c_str(), &db), SQLITE_OK);
      char* err = nullptr;
      EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK)
          << (err ? err : "");
      sqlite3_free(err);
      sqlite3_close(db);
    } else {
      pqxx::connection c(url_);
      pqxx::work tx(c);
      tx.exec(sql);
      tx.commit();
    }
  }

  void MakeHistory() {
    const int64_t a = MakeUser(1);
    ASSERT_TRUE(store_->Deposit(Principal::Service(), a, kUsdc, 100).ok());
    ASSERT_TRUE(
        store_->SubmitOrder(Principal::Service(), Order(a, Side::kBuy, RandomCommitment(rng_)))
            .ok());
  }
};

TEST_P(IntegrityTest, AuditChainVerifiesAndCatchesAlteration) {
  MakeHistory();
  auto r = store_->VerifyAudit(Principal::Auditor());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ok) << r->problem;
  EXPECT_EQ(r->entries, 4);  // user_created, kyc_status_changed, deposit, order_submitted
  EXPECT_EQ(store_->VerifyAudit(Principal::Trader(1)).status().code(),
            StatusCode::kPermissionDenied);
  RawSql("UPDATE audit_log SET event_data = '{\"amount\":1000000}' WHERE id = 3");
  r = store_->VerifyAudit(Principal::Auditor());
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(r->first_broken_id, 3);
}

TEST_P(IntegrityTest, AuditChainCatchesDeletion) {
  MakeHistory();
  RawSql("DELETE FROM audit_log WHERE id = 2");
  EXPECT_EQ(store_->VerifyAudit(Principal::Auditor())->first_broken_id, 2);
}

TEST_P(IntegrityTest, AuditChainCatchesReorderedRows) {
  MakeHistory();
  RawSql(
      "UPDATE audit_log SET id = -1 WHERE id = 2; UPDATE audit_log SET id = 2 WHERE id = 3; "
      "UPDATE audit_log SET id = 3 WHERE id = -1");
  auto r = store_->VerifyAudit(Principal::Auditor());
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(r->first_broken_id, 2);
}

TEST_P(IntegrityTest, AuditChainCatchesADroppedTail) {
  MakeHistory();
  RawSql("DELETE FROM audit_log WHERE id = 4");
  auto r = store_->VerifyAudit(Principal::Auditor());
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(r->first_broken_id, 4);
}

TEST_P(IntegrityTest, OutboxPagesByIdAndScopesTraders) {
  MakeHistory();
  const int64_t b = MakeUser(2);
  ASSERT_TRUE(store_->Deposit(Principal::Service(), b, kUsdc, 5).ok());
  auto all = store_->ReadEvents(Principal::Service(), 0, 100);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  for (size_t i = 0; i < all->size(); ++i) EXPECT_EQ((*all)[i].id, static_cast<int64_t>(i + 1));
  auto mine = store_->ReadEvents(Principal::Trader(b), 0, 100);
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->at(0).user_id, b);
  EXPECT_EQ(store_->ReadEvents(Principal::Service(), 2, 100)->size(), 1u);
  EXPECT_TRUE(*store_->WaitForEvents(2, std::chrono::milliseconds(10)));
  EXPECT_FALSE(*store_->WaitForEvents(3, std::chrono::milliseconds(50)));
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_TRUE(store_->Deposit(Principal::Service(), b, kUsdc, 1).ok());
  });
  EXPECT_TRUE(*store_->WaitForEvents(3, std::chrono::seconds(10)));
  writer.join();
}

TEST_P(IntegrityTest, MetricsAndHealth) {
  MetricSample m{"orders_per_s", "1/s", "api", 12.5, 1, 10, 20};
  EXPECT_TRUE(store_->RecordMetric(Principal::Service(), m).ok());
  m.value = std::nan("");
  EXPECT_EQ(store_->RecordMetric(Principal::Service(), m).field(), "system_metrics.metric_value");
  HealthUpdate h{"database", "degraded", 7000, 12, 1.5, 0.01, "{\"replicas\":1}"};
  ASSERT_TRUE(store_->UpdateSystemHealth(Principal::Service(), h).ok());
  auto rows = store_->SystemHealthOverview(Principal::Auditor());
  EXPECT_EQ(rows->at(0).component, "database");  // lowest score first
  h.status = "fine";
  EXPECT_EQ(store_->UpdateSystemHealth(Principal::Service(), h).field(), "system_health.status");
  EXPECT_EQ(store_->UpdateSystemHealth(Principal::Auditor(), h).code(),
            StatusCode::kPermissionDenied);
}

TEST_P(IntegrityTest, BackupRestoresIntoBothBackEndsAndVerifies) {
  MakeHistory();
  std::stringstream backup;
  ASSERT_TRUE(store_->Backup(backup).ok());
  for (Backend target : {Backend::kSqlite, Backend::kPostgres}) {
    auto dst = OpenMigrated(ExtraDatabase(target));
    ASSERT_NE(dst, nullptr);
    std::stringstream in(backup.str());
    Status s = dst->Restore(in, {});
    ASSERT_TRUE(s.ok()) << s.ToString();
    auto r = dst->VerifyAudit(Principal::Auditor());
    EXPECT_TRUE(r->ok) << r->problem;
    EXPECT_EQ(r->entries, 4);
    EXPECT_EQ(dst->ListOrders(Principal::Service(), {1, std::nullopt, 0, 100})->size(), 1u);
    // The restored store keeps working: new ids follow the restored ones.
    store::NewUser u;
    u.wallet_address = "Restored1111111111111111111111111111";
    u.public_key.assign(32, 77);
    EXPECT_EQ(*dst->CreateUser(Principal::Service(), u), 2);
    EXPECT_TRUE(dst->VerifyAudit(Principal::Auditor())->ok);
    std::stringstream again(backup.str());
    EXPECT_EQ(dst->Restore(again, {}).code(), StatusCode::kFailedPrecondition);
    std::stringstream forced(backup.str());
    EXPECT_TRUE(dst->Restore(forced, {true}).ok());
  }
  std::string text = backup.str();
  text[text.size() / 2] ^= 1;
  auto dst = OpenMigrated(ExtraDatabase(GetParam()));
  std::stringstream corrupt(text);
  EXPECT_FALSE(dst->Restore(corrupt, {}).ok());
}

TEST_P(IntegrityTest, ConcurrentSubmissionsNeverLoseALockedObligation) {
  const int64_t a = MakeUser(1);
  ASSERT_TRUE(store_->Deposit(Principal::Service(), a, kUsdc, 1'000).ok());
  constexpr int kThreads = 8, kEach = 10;
  std::vector<std::vector<Commitment>> obligations(kThreads);
  for (auto& v : obligations) {
    for (int i = 0; i < kEach; ++i) v.push_back(RandomCommitment(rng_));
  }
  std::vector<NewOrder> orders;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kEach; ++i) orders.push_back(Order(a, Side::kBuy, obligations[t][i]));
  }
  std::atomic<int> ok{0}, refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto r = store_->SubmitOrder(Principal::Service(), orders[t * kEach + i]);
        EXPECT_TRUE(r.ok()) << r.status().ToString();
        ok += r.ok();
        // A refused order in the same group commit rolls back alone.
        NewOrder dup = orders[t * kEach + i];
        dup.obligation_commitment = RandomCommitment(rng_local_[t]);
        const Status s = store_->SubmitOrder(Principal::Service(), dup).status();
        EXPECT_EQ(s.code(), StatusCode::kAlreadyExists) << s.ToString();
        refused += s.code() == StatusCode::kAlreadyExists;
      }
    });
  }
  // Concurrent withdrawals of 200 from 1000: exactly five succeed, never an overdraft.
  std::atomic<int> withdrawn{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back(
        [&] { withdrawn += store_->Withdraw(Principal::Service(), a, kUsdc, 200).ok(); });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), kThreads * kEach);
  EXPECT_EQ(refused.load(), kThreads * kEach);
  EXPECT_EQ(withdrawn.load(), 5);
  EXPECT_EQ(store_->ListOrders(Principal::Service(), {a, std::nullopt, 0, 1000})->size(),
            static_cast<size_t>(kThreads * kEach));
  EXPECT_EQ(
      store_->ReadAudit(Principal::Auditor(), 0, 10000)->size(),
      static_cast<size_t>(3 + kThreads * kEach + 5));  // user, kyc, deposit; orders; withdrawals
  crypto::Point sum;
  for (auto& v : obligations) {
    for (auto& c : v) sum += Decode(c);
  }
  const Balance bal = BalanceOf(a, kUsdc);
  EXPECT_EQ(bal.balance, 0u);
  EXPECT_EQ(Decode(bal.locked_commitment), sum);
  EXPECT_EQ(bal.open_obligations, kThreads * kEach);
  EXPECT_TRUE(store_->VerifyAudit(Principal::Auditor())->ok);
}

INSTANTIATE_TEST_SUITE_P(Backends, IntegrityTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace phantompool::store::testing
