// The operator commands end to end: backup/restore across back ends, `audit verify` (with the
// head it prints), `audit anchor` and `audit verify --anchor`, and `db grant-login`.
#include <sqlite3.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "phantompool/common/hex.h"
#include "store_fixture.h"

namespace phantompool::store::testing {
namespace {

struct CliResult {
  int code = -1;
  std::string out;
};

CliResult RunCli(const std::string& args, const std::string& env = "") {
  const std::string cmd = env + " " + std::string(PP_PHANTOMPOOL_BIN) + " " + args + " 2>/dev/null";
  CliResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf;
  while (fgets(buf.data(), buf.size(), p)) r.out += buf.data();
  const int rc = pclose(p);
  r.code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return r;
}

std::string Quote(const std::string& s) {
  return "'" + s + "'";
}

std::string TempFile(const char* prefix) {
  return (std::filesystem::temp_directory_path() / (UniqueName(prefix) + ".txt")).string();
}

class CliTest : public StoreFixture {};

TEST_P(CliTest, BackupRestoreAndAuditVerifyRoundTrip) {
  const int64_t a = MakeUser(1);
  ASSERT_TRUE(Deposit(a, kUsdc, 200'000'000).ok());
  ASSERT_TRUE(Submit(a, orders_.Make(a)).ok());
  const CliResult verified = RunCli("audit verify --db " + Quote(db_->owner_url()));
  EXPECT_EQ(verified.code, 0);
  const auto report = nlohmann::json::parse(verified.out, nullptr, false);
  ASSERT_TRUE(report.is_object()) << verified.out;
  EXPECT_EQ(report["entries"], 4);
  EXPECT_EQ(report["head_hash"],
            ToHex(store_->ReadAudit(Principal::Auditor(), 0, 100)->back().entry_hash));
  const std::string file = TempFile("pp_backup_");
  ASSERT_EQ(RunCli("backup --db " + Quote(db_->owner_url()) + " --out " + Quote(file)).code, 0);
  for (Backend target : {Backend::kSqlite, Backend::kPostgres}) {
    TestDatabase& dst = ExtraDatabase(target);
    EXPECT_EQ(RunCli("restore --in " + Quote(file) + " --db " + Quote(dst.owner_url())).code, 0);
    EXPECT_EQ(RunCli("audit verify --db " + Quote(dst.owner_url())).code, 0);
    EXPECT_EQ(RunCli("restore --in " + Quote(file) + " --db " + Quote(dst.owner_url())).code, 1);
    EXPECT_EQ(
        RunCli("restore --force --in " + Quote(file) + " --db " + Quote(dst.owner_url())).code, 0);
  }
  std::filesystem::remove(file);
  EXPECT_EQ(RunCli("audit verify --db 'mysql://nope'").code, 2);
  EXPECT_EQ(RunCli("restore --in /nonexistent/file --db " + Quote(db_->owner_url())).code, 2);
}

TEST_P(CliTest, AnchorsAreWrittenAndChecked) {
  const int64_t a = MakeUser(1);
  ASSERT_TRUE(Deposit(a, kUsdc, 100).ok());
  const std::string anchor = TempFile("pp_anchor_");
  const CliResult written =
      RunCli("audit anchor --db " + Quote(db_->owner_url()) + " --out " + Quote(anchor));
  ASSERT_EQ(written.code, 0) << written.out;
  std::ifstream in(anchor);
  std::string line;
  std::getline(in, line);
  auto parsed = ParseAuditAnchor(line);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->entries, 3);
  const CliResult stdout_anchor = RunCli("audit anchor --db " + Quote(db_->owner_url()));
  EXPECT_EQ(stdout_anchor.code, 0);
  EXPECT_TRUE(ParseAuditAnchor(stdout_anchor.out).ok()) << stdout_anchor.out;
  ASSERT_TRUE(Deposit(a, kUsdc, 100).ok());  // the chain grows past the anchor
  EXPECT_EQ(
      RunCli("audit verify --db " + Quote(db_->owner_url()) + " --anchor " + Quote(anchor)).code,
      0);
  // A forged anchor (or a rewritten chain) does not extend: exit 1.
  AuditAnchor forged = *parsed;
  forged.head_hash[5] ^= 0x10;
  const std::string bad = TempFile("pp_anchor_bad_");
  std::ofstream(bad) << FormatAuditAnchor(forged) << "\n";
  EXPECT_EQ(RunCli("audit verify --db " + Quote(db_->owner_url()) + " --anchor " + Quote(bad)).code,
            1);
  std::ofstream(bad) << "{\"format\":\"something else\"}\n";
  EXPECT_EQ(RunCli("audit verify --db " + Quote(db_->owner_url()) + " --anchor " + Quote(bad)).code,
            2);
  std::filesystem::remove(anchor);
  std::filesystem::remove(bad);
}

TEST_P(CliTest, GrantLoginTakesThePasswordFromAFileOrTheEnvironment) {
  const int64_t a = MakeUser(1);
  const std::string login = "cli_trader_" + std::to_string(getpid());
  const std::string pwfile = TempFile("pp_pw_");
  std::ofstream(pwfile) << "a-long-enough-password\n";
  const std::string base = "db grant-login --db " + Quote(db_->owner_url()) +
                           " --role trader --id " + std::to_string(a) + " --login " + login;
  if (GetParam() == Backend::kSqlite) {
    EXPECT_EQ(RunCli(base + " --password-file " + Quote(pwfile)).code, 1);  // no logins
    std::filesystem::remove(pwfile);
    return;
  }
  EXPECT_EQ(RunCli(base).code, 2);  // no password source
  EXPECT_EQ(RunCli(base + " --password-env PP_NO_SUCH_VAR").code, 2);
  db_->Track(login);
  const CliResult made = RunCli(base + " --password-file " + Quote(pwfile));
  ASSERT_EQ(made.code, 0);
  EXPECT_EQ(made.out.find("a-long-enough-password"), std::string::npos);  // never echoed
  EXPECT_EQ(RunCli(base + " --password-file " + Quote(pwfile)).code, 1);  // exists already
  const std::string auditor = "cli_auditor_" + std::to_string(getpid());
  db_->Track(auditor);
  EXPECT_EQ(RunCli("db grant-login --db " + Quote(db_->owner_url()) + " --role auditor --login " +
                       auditor + " --password-env PP_TEST_PW",
                   "PP_TEST_PW=another-long-password")
                .code,
            0);
  // The auditor's own login verifies the chain.
  EXPECT_EQ(
      RunCli("audit verify --db " + Quote(PgUrl(db_->name(), auditor, "another-long-password")))
          .code,
      0);
  // The request login may not grant logins.
  EXPECT_EQ(
      RunCli("db grant-login --db " + Quote(db_->service_url()) + " --role auditor --login x_" +
             std::to_string(getpid()) + " --password-file " + Quote(pwfile))
          .code,
      1);
  std::filesystem::remove(pwfile);
}

// The operator's user and deposit commands on both back ends, as the service login.
TEST_P(CliTest, OperatorUsersAndDepositCredit) {
  const int64_t a = MakeUser(1, /*verify=*/false);
  const std::string db = " --db " + Quote(db_->service_url()) + " --json";
  CliResult r = RunCli("users list" + db);
  ASSERT_EQ(r.code, 0);
  auto users = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(users.is_array()) << r.out;
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0]["kyc_status"], "pending");
  r = RunCli("users kyc --user " + std::to_string(a) + " --status verified" + db);
  ASSERT_EQ(r.code, 0);
  EXPECT_EQ(nlohmann::json::parse(r.out)["kyc_status"], "verified");
  EXPECT_EQ(RunCli("users deactivate --user " + std::to_string(a) + db).code, 0);
  EXPECT_FALSE(store_->GetUser(Principal::Service(), a)->is_active);
  EXPECT_EQ(RunCli("users activate --user " + std::to_string(a) + db).code, 0);
  const std::string credit = "deposit credit --user " + std::to_string(a) +
                             " --token USDC --amount 700 --reference wire-9" + db;
  r = RunCli(credit);
  ASSERT_EQ(r.code, 0);
  const auto first = nlohmann::json::parse(r.out);
  r = RunCli(credit);
  ASSERT_EQ(r.code, 0);
  EXPECT_EQ(nlohmann::json::parse(r.out)["id"], first["id"]);
  EXPECT_EQ((*store_->GetBalances(Principal::Service(), a))[0].balance, 700u);
  r = RunCli("pairs list" + db);
  ASSERT_EQ(r.code, 0);
  EXPECT_EQ(nlohmann::json::parse(r.out).size(), order::BuiltinPairs().size());
}

TEST(CliSqliteTest, AuditVerifyReportsTampering) {
  TestDatabase db(Backend::kSqlite);
  auto store = Open(db.owner_url());
  NewUser u;
  u.wallet_address = "Tamper1111111111111111111111111111111";
  u.public_key.assign(32, 5);
  ASSERT_TRUE(store->CreateUser(Principal::Service(), u).ok());
  EXPECT_EQ(RunCli("audit verify --db " + Quote(db.owner_url())).code, 0);
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.owner_url().substr(7).c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "UPDATE audit_log SET risk_level = 'high' WHERE id = 1", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  EXPECT_EQ(RunCli("audit verify --db " + Quote(db.owner_url())).code, 1);
  EXPECT_EQ(RunCli("audit anchor --db " + Quote(db.owner_url())).code,
            1);  // no anchor of a broken chain
}

INSTANTIATE_TEST_SUITE_P(Backends, CliTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace phantompool::store::testing
