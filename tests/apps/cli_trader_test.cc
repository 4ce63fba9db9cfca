// The trader's and operator's commands without a server: the profile next to the key, the
// amount and option parsing (every error names its field; exit 2 for invalid input, 1 for an
// operational failure), the display of amounts (integers only), the operator's commands on
// an SQLite database, and that no command prints the key's seed.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "display.h"
#include "phantompool/order/pair_spec.h"
#include "phantompool/store/store.h"
#include "trader_common.h"

namespace phantompool::cli {
namespace {

namespace fs = std::filesystem;

struct CliResult {
  int code = -1;
  std::string out, err;
};

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() /
            ("pp_cli_" + std::to_string(getpid()) + "_" + std::to_string(rd() % 1000000));
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Runs the binary with `args` (shell words) and no PHANTOMPOOL_* environment.
CliResult RunCli(const std::string& args, const TempDir& dir) {
  const std::string err = dir / "stderr.txt";
  const std::string cmd = "env -u PHANTOMPOOL_SERVER -u PHANTOMPOOL_KEY " +
                          std::string(PP_PHANTOMPOOL_BIN) + " " + args + " 2>" + err;
  CliResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf;
  while (fgets(buf.data(), buf.size(), p)) r.out += buf.data();
  const int rc = pclose(p);
  r.code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  r.err = ReadFile(err);
  return r;
}

// The field an error on stderr names.
std::string ErrorField(const CliResult& r) {
  auto j = nlohmann::json::parse(r.err, nullptr, false);
  if (!j.is_object() || !j.contains("error")) return "(not a JSON error: " + r.err + ")";
  return j["error"]["field"].get<std::string>();
}

const order::PairFields& Pair(const char* symbol) {
  static std::vector<order::PairFields> pairs;
  for (const auto& p : order::BuiltinPairs()) pairs.push_back(p.fields());
  for (const auto& p : pairs) {
    if (p.symbol == symbol) return p;
  }
  std::abort();
}

TEST(DisplayTest, AmountsAreExactDecimals) {
  EXPECT_EQ(FormatUnits(1'500'000, 6), "1.500000");
  EXPECT_EQ(FormatUnits(5, 6), "0.000005");
  EXPECT_EQ(FormatUnits(0, 6), "0.000000");
  EXPECT_EQ(FormatUnits(123, 0), "123");
  EXPECT_EQ(FormatUnits(UINT64_MAX, 18), "18.446744073709551615");
  EXPECT_EQ(FormatLots(Pair("SOL/USDC"), 500), "0.500000000 SOL");
  EXPECT_EQ(FormatPrice(Pair("SOL/USDC"), 10100), "101.000000 USDC");
  EXPECT_EQ(FormatPrice(Pair("USDT/USDC"), 10000), "1.000000 USDC");
  EXPECT_EQ(FormatPrice(Pair("USDT/USDC"), 9999), "0.999900 USDC");
}

TEST(DisplayTest, TokensResolveByNameOrMint) {
  const TokenBook book({Pair("SOL/USDC"), Pair("USDT/USDC")});
  const std::string usdc = Pair("SOL/USDC").quote_token;
  EXPECT_EQ(*book.Resolve("USDC", "--token"), usdc);
  EXPECT_EQ(*book.Resolve(usdc, "--token"), usdc);
  const auto unknown = book.Resolve("DOGE", "--token");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().field(), "--token");
  EXPECT_EQ(book.Amount(usdc, 2'500'000), "2.500000 USDC");
  EXPECT_EQ(book.Amount("nomint", 7), "7 nomint");
}

TEST(AmountArgTest, OnlyPlainIntegersBelowTwoToThe63) {
  EXPECT_EQ(*ParseAmountArg("0", "--amount"), 0u);
  EXPECT_EQ(*ParseAmountArg("9223372036854775807", "--amount"), 9223372036854775807ULL);
  for (const char* bad : {"", "-5", "+5", " 5", "5 ", "5x", "1e3", "1.5", "0x10",
                          "9223372036854775808", "18446744073709551616"}) {
    const auto r = ParseAmountArg(bad, "--amount");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(r.status().field(), "--amount") << bad;
  }
}

TEST(ProfileTest, RoundTripsAndIsWrittenPrivately) {
  TempDir dir;
  const std::string path = dir / "k.key.profile.json";
  EXPECT_FALSE(ReadProfile(path)->has_value());
  ASSERT_TRUE(WriteProfile(path, {"http://127.0.0.1:8080", 42}).ok());
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const auto p = ReadProfile(path);
  ASSERT_TRUE(p.ok() && p->has_value());
  EXPECT_EQ((*p)->server, "http://127.0.0.1:8080");
  EXPECT_EQ((*p)->user_id, 42);
  // Replaced atomically: a second registration overwrites it.
  ASSERT_TRUE(WriteProfile(path, {"http://127.0.0.1:9090", 7}).ok());
  EXPECT_EQ((*ReadProfile(path))->user_id, 7);
  EXPECT_EQ(ProfilePath("/x/alice.key"), "/x/alice.key.profile.json");
}

TEST(ProfileTest, StrictParsingNamesTheField) {
  const std::string ok_head = R"({"format":"phantompool-trader-profile","version":1,)";
  struct Case {
    std::string text, field;
  } cases[] = {
      {"not json", "profile"},
      {"[]", "profile"},
      {ok_head + R"("server":"http://127.0.0.1:8080"})", "profile.user_id"},
      {ok_head + R"("server":"http://127.0.0.1:8080","user_id":1,"extra":2})", "profile.extra"},
      {ok_head + R"("server":"http://127.0.0.1:8080","user_id":0})", "profile.user_id"},
      {ok_head + R"("server":"http://127.0.0.1:8080","user_id":-3})", "profile.user_id"},
      {ok_head + R"("server":"http://127.0.0.1:8080","user_id":"4"})", "profile.user_id"},
      {ok_head + R"("server":"ftp://x","user_id":4})", "profile.server"},
      {R"({"format":"other","version":1,"server":"http://127.0.0.1:1","user_id":4})",
       "profile.format"},
      {R"({"format":"phantompool-trader-profile","version":2,"server":"http://127.0.0.1:1",)"
       R"("user_id":4})",
       "profile.version"},
      {ok_head + R"("server":"http://127.0.0.1:8080","user_id":1,"user_id":2})", "profile"},
  };
  for (const auto& c : cases) {
    const auto p = ParseProfile(c.text);
    ASSERT_FALSE(p.ok()) << c.text;
    EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument) << c.text;
    EXPECT_EQ(p.status().field().rfind(c.field, 0), 0u)
        << c.text << " -> " << p.status().ToString();
  }
}

TEST(ConnectTest, UserIdComesFromTheProfileForItsServer) {
  TempDir dir;
  const std::string key = dir / "k.key";
  ASSERT_EQ(RunCli("keygen --out " + key, dir).code, 0);
  TraderOptions o;
  o.key = key;
  o.server = "http://127.0.0.1:8080/";
  auto c = Connect(o, true, true);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(c.status().field(), "--user-id");
  ASSERT_TRUE(WriteProfile(ProfilePath(key), {"http://127.0.0.1:8080", 42}).ok());
  c = Connect(o, true, true);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->client->user_id(), 42);
  o.server = "http://127.0.0.1:9090";
  c = Connect(o, true, true);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().field(), "profile.server");
  o.user_id = 5;  // --user-id overrides the profile
  c = Connect(o, true, true);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->client->user_id(), 5);
  o.key.clear();
  unsetenv(kKeyEnv);
  c = Connect(o, true, true);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().field(), "--key");
}

TEST(ConnectTest, ServerFromOptionThenEnvironmentThenDefault) {
  TraderOptions o;
  unsetenv(kServerEnv);
  EXPECT_EQ(*ResolveServer(o), "http://127.0.0.1:8080");
  setenv(kServerEnv, "http://127.0.0.1:9999", 1);
  EXPECT_EQ(*ResolveServer(o), "http://127.0.0.1:9999");
  setenv(kServerEnv, "127.0.0.1:9999", 1);
  EXPECT_EQ(ResolveServer(o).status().field(), kServerEnv);
  o.server = "http://127.0.0.1:7000";
  EXPECT_EQ(*ResolveServer(o), "http://127.0.0.1:7000");
  unsetenv(kServerEnv);
}

TEST(CliTest, InvalidArgumentsExitTwoNamingTheField) {
  TempDir dir;
  const std::string key = dir / "k.key";
  ASSERT_EQ(RunCli("keygen --out " + key, dir).code, 0);
  const std::string k = " --key " + key + " --user-id 3 --server http://127.0.0.1:1";
  struct Case {
    std::string args, field;
  } cases[] = {
      {"deposit --token USDC --amount -5" + k, "--amount"},
      {"deposit --token USDC --amount 0" + k, "--amount"},
      {"deposit --amount 5" + k, "--token"},
      {"withdraw --token USDC --amount 1.5" + k, "--amount"},
      {"order place --pair SOL/USDC --side buy --size 5" + k, "--price"},
      {"order place --pair SOL/USDC --side buy --size 5 --type market --price 3" + k, "--price"},
      {"order place --pair SOL/USDC --side up --size 5 --price 3" + k, "--side"},
      {"order place --pair SOL/USDC --side buy --size 0 --price 3" + k, "--size"},
      {"order place --pair SOL/USDC --side buy --size 5 --price 3 --min-fill 6" + k, "--min-fill"},
      {"order place --pair SOL/USDC --side buy --size 5 --price 3 --tif gtt" + k, "--expires-at"},
      {"order place --pair SOL/USDC --side buy --size 5 --price 3 --tif gtt --expires-at 1" + k,
       "--expires-at"},
      {"order place --pair SOL/USDC --side buy --size 5 --price 3 --expires-at +60" + k,
       "--expires-at"},
      {"order place --pair SOL/USDC --side buy --size 5 --price 3 --tif fok" + k, "--tif"},
      {"order show --id 0" + k, "--id"},
      {"cancel --order -1" + k, "--order"},
      {"orders --status open" + k, "--status"},
      {"watch --count -1" + k, "--count"},
      {"sessions --pair SOL/USDC --limit 0 --server http://127.0.0.1:1", "--limit"},
      {"session --id 0 --server http://127.0.0.1:1", "--id"},
      {"health --server 127.0.0.1:1", "--server"},
      {"users kyc --db sqlite:/nonexistent --user 1 --status approved", "--status"},
      {"users kyc --db sqlite:/nonexistent --user 0 --status verified", "--user"},
      {"deposit credit --db sqlite:/nonexistent --user 1 --token USDC --amount x --reference r",
       "--amount"},
      {"users list --db sqlite:/nonexistent --limit 5000", "--limit"},
  };
  for (const auto& c : cases) {
    const CliResult r = RunCli(c.args, dir);
    EXPECT_EQ(r.code, 2) << c.args << "\n" << r.err;
    EXPECT_EQ(ErrorField(r), c.field) << c.args;
  }
  // Usage errors CLI11 catches itself: a missing required option, an unknown one.
  EXPECT_EQ(RunCli("order place --pair SOL/USDC" + k, dir).code, 2);
  EXPECT_EQ(RunCli("balances --bogus" + k, dir).code, 2);
  EXPECT_EQ(RunCli("users", dir).code, 2);
}

TEST(CliTest, OperationalFailuresExitOne) {
  TempDir dir;
  const std::string key = dir / "k.key";
  ASSERT_EQ(RunCli("keygen --out " + key, dir).code, 0);
  // No server on port 1.
  CliResult r = RunCli("health --server http://127.0.0.1:1", dir);
  EXPECT_EQ(r.code, 1) << r.err;
  r = RunCli("balances --key " + key + " --user-id 3 --server http://127.0.0.1:1", dir);
  EXPECT_EQ(r.code, 1) << r.err;
  // Not registered yet: no profile next to the key.
  r = RunCli("balances --key " + key + " --server http://127.0.0.1:1", dir);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(ErrorField(r), "--user-id");
  // A key file that is not there.
  r = RunCli("balances --key " + (dir / "missing.key") + " --user-id 3", dir);
  EXPECT_EQ(r.code, 1);
  // An operator command never creates a database.
  r = RunCli("users list --db sqlite:" + (dir / "missing.db"), dir);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(ErrorField(r), "--db");
  EXPECT_FALSE(fs::exists(dir / "missing.db"));
}

TEST(CliTest, NoCommandPrintsTheSeed) {
  TempDir dir;
  const std::string key = dir / "k.key";
  ASSERT_EQ(RunCli("keygen --out " + key, dir).code, 0);
  const auto j = nlohmann::json::parse(ReadFile(key));
  const std::string seed = j["seed"];
  for (const std::string args :
       {"register --username a", "balances --user-id 1", "deposit --token USDC --amount 5",
        "order place --pair SOL/USDC --side buy --size 5 --price 10", "watch --timeout 1"}) {
    const CliResult r = RunCli(args + " --key " + key + " --server http://127.0.0.1:1", dir);
    EXPECT_NE(r.code, 0) << args;
    EXPECT_EQ(r.out.find(seed), std::string::npos) << args;
    EXPECT_EQ(r.err.find(seed), std::string::npos) << args;
  }
}

class OperatorCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = "sqlite:" + (dir_ / "pool.db");
    ASSERT_EQ(RunCli("migrate --db " + db_, dir_).code, 0);
    auto s = store::OpenStore(db_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    for (int n = 1; n <= 3; ++n) {
      store::NewUser u;
      u.wallet_address = std::string("Trader") + static_cast<char>('A' + n) +
                         std::string(33, static_cast<char>('1' + n));
      u.public_key.assign(32, static_cast<uint8_t>(n));
      u.username = "user" + std::to_string(n);
      auto id = (*s)->CreateUser(store::Principal::Service(), u);
      ASSERT_TRUE(id.ok()) << id.status().ToString();
      ids_.push_back(*id);
    }
  }
  nlohmann::json Json(const std::string& args) {
    const CliResult r = RunCli(args + " --db " + db_ + " --json", dir_);
    EXPECT_EQ(r.code, 0) << args << "\n" << r.err;
    return nlohmann::json::parse(r.out, nullptr, false);
  }

  TempDir dir_;
  std::string db_;
  std::vector<int64_t> ids_;
};

TEST_F(OperatorCliTest, UsersAreListedApprovedAndSuspended) {
  nlohmann::json users = Json("users list");
  ASSERT_TRUE(users.is_array());
  ASSERT_EQ(users.size(), 3u);
  EXPECT_EQ(users[0]["id"], ids_[0]);
  EXPECT_EQ(users[2]["username"], "user3");
  EXPECT_EQ(users[0]["kyc_status"], "pending");
  EXPECT_EQ(Json("users list --after-id " + std::to_string(ids_[0]) + " --limit 1").size(), 1u);

  const std::string u = " --user " + std::to_string(ids_[1]);
  EXPECT_EQ(Json("users kyc --status verified" + u)["kyc_status"], "verified");
  EXPECT_EQ(Json("users deactivate" + u)["is_active"], false);
  EXPECT_EQ(Json("users activate" + u)["is_active"], true);
  EXPECT_EQ(Json("users list")[1]["kyc_status"], "verified");

  const CliResult missing = RunCli("users kyc --status verified --user 999 --db " + db_, dir_);
  EXPECT_EQ(missing.code, 1);
  EXPECT_EQ(ErrorField(missing), "users.id");
  // The human table has a header and a row per user.
  const CliResult table = RunCli("users list --db " + db_, dir_);
  EXPECT_EQ(table.code, 0);
  EXPECT_EQ(std::count(table.out.begin(), table.out.end(), '\n'), 4);
}

TEST_F(OperatorCliTest, DepositCreditIsIdempotentOnItsReference) {
  const std::string args =
      "deposit credit --user " + std::to_string(ids_[0]) + " --token USDC --amount 2500000";
  const nlohmann::json first = Json(args + " --reference wire-1");
  EXPECT_EQ(first["amount"], 2500000);
  EXPECT_EQ(first["balance_after"], 2500000);
  EXPECT_EQ(first["kind"], "deposit");
  const nlohmann::json again = Json(args + " --reference wire-1");
  EXPECT_EQ(again["id"], first["id"]);
  EXPECT_EQ(again["balance_after"], 2500000);
  const nlohmann::json second = Json(args + " --reference wire-2");
  EXPECT_EQ(second["balance_after"], 5000000);
  const CliResult table = RunCli(args + " --reference wire-3 --db " + db_, dir_);
  EXPECT_NE(table.out.find("balance     7.500000 USDC"), std::string::npos) << table.out;
  const CliResult unknown = RunCli(
      "deposit credit --user 1 --token DOGE --amount 1 --reference x "
      "--db " +
          db_,
      dir_);
  EXPECT_EQ(unknown.code, 2);
  EXPECT_EQ(ErrorField(unknown), "--token");
}

TEST_F(OperatorCliTest, PairsAreListed) {
  const nlohmann::json pairs = Json("pairs list");
  ASSERT_TRUE(pairs.is_array());
  ASSERT_EQ(pairs.size(), order::BuiltinPairs().size());
  EXPECT_EQ(pairs[0]["symbol"], "SOL/USDC");
}

}  // namespace
}  // namespace phantompool::cli
