// The operator commands end to end: `phantompool backup` from PostgreSQL and from SQLite,
// `phantompool restore` into fresh databases of both kinds, `phantompool audit verify`.
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>

#include "store_fixture.h"

namespace phantompool::store::testing {
namespace {

int RunCli(const std::string& args) {
  const std::string cmd = std::string(PP_PHANTOMPOOL_BIN) + " " + args + " >/dev/null 2>&1";
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::string Quote(const std::string& s) {
  return "'" + s + "'";
}

class CliTest : public StoreFixture {};

TEST_P(CliTest, BackupRestoreAndAuditVerifyRoundTrip) {
  const int64_t a = MakeUser(1);
  ASSERT_TRUE(store_->Deposit(Principal::Service(), a, kUsdc, 100).ok());
  ASSERT_TRUE(
      store_->SubmitOrder(Principal::Service(), Order(a, Side::kBuy, RandomCommitment(rng_))).ok());
  EXPECT_EQ(RunCli("audit verify --db " + Quote(url_)), 0);
  const std::string file =
      (std::filesystem::temp_directory_path() / (UniqueName("pp_backup_") + ".jsonl")).string();
  ASSERT_EQ(RunCli("backup --db " + Quote(url_) + " --out " + Quote(file)), 0);
  for (Backend target : {Backend::kSqlite, Backend::kPostgres}) {
    const std::string dst = ExtraDatabase(target);
    EXPECT_EQ(RunCli("restore --in " + Quote(file) + " --db " + Quote(dst)), 0);
    EXPECT_EQ(RunCli("audit verify --db " + Quote(dst)), 0);
    EXPECT_EQ(RunCli("restore --in " + Quote(file) + " --db " + Quote(dst)), 1);  // not empty
    EXPECT_EQ(RunCli("restore --force --in " + Quote(file) + " --db " + Quote(dst)), 0);
  }
  std::filesystem::remove(file);
  EXPECT_EQ(RunCli("audit verify --db 'mysql://nope'"), 2);
  EXPECT_EQ(RunCli("restore --in /nonexistent/file --db " + Quote(url_)), 2);
}

TEST(CliSqliteTest, AuditVerifyReportsTampering) {
  const std::string url = FreshDatabaseUrl(Backend::kSqlite);
  auto store = OpenMigrated(url);
  store::NewUser u;
  u.wallet_address = "Tamper1111111111111111111111111111111";
  u.public_key.assign(32, 5);
  ASSERT_TRUE(store->CreateUser(Principal::Service(), u).ok());
  EXPECT_EQ(RunCli("audit verify --db " + Quote(url)), 0);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(url.substr(7).c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE audit_log SET risk_level = 'high' WHERE id = 1", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  EXPECT_EQ(RunCli("audit verify --db " + Quote(url)), 1);
  store.reset();
  DropDatabase(url);
}

INSTANTIATE_TEST_SUITE_P(Backends, CliTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace phantompool::store::testing
