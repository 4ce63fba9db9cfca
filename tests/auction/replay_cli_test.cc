// `phantompool auction --input FILE|-` on the golden files: the exact stdout and exit 0, or
// the JSON error on stderr with exit 2 for invalid input and exit 1 for a draw that does
// not verify or a notional no session can settle; and I/O failures as exit 1.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "golden_files.h"

namespace phantompool::auction {
namespace {

struct CliRun {
  int exit_code = -1;
  std::string out, err;
};

CliRun RunCli(const std::string& args) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  const std::string out_path =
      (dir / ("pp_auction_cli_" + std::to_string(getpid()) + ".out")).string();
  const std::string err_path =
      (dir / ("pp_auction_cli_" + std::to_string(getpid()) + ".err")).string();
  const std::string command =
      std::string(PP_PHANTOMPOOL_BIN) + " auction " + args + " >" + out_path + " 2>" + err_path;
  const int status = std::system(command.c_str());
  CliRun r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = testing::ReadFile(out_path);
  r.err = testing::ReadFile(err_path);
  std::filesystem::remove(out_path);
  std::filesystem::remove(err_path);
  return r;
}

// Operational failures exit 1, invalid input 2 (docs/cli.md).
int ExitCodeFor(const std::string& code) {
  return code == "io_error" || code == "internal" || code == "verification_failed" ||
                 code == "resource_exhausted"
             ? 1
             : 2;
}

TEST(AuctionReplayCli, GoldenFilesFromAFileAndFromStdin) {
  const auto cases = testing::GoldenCases();
  ASSERT_GE(cases.size(), 22u);
  int operational = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string expected = testing::ReadFile(c.expected);
    for (const std::string& args :
         {"--input '" + c.input.string() + "'", "--input - <'" + c.input.string() + "'"}) {
      const CliRun r = RunCli(args);
      if (!c.is_error) {
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(r.out, expected);
        EXPECT_EQ(r.err, "");
        continue;
      }
      EXPECT_EQ(r.out, "");
      const auto got = nlohmann::json::parse(r.err, nullptr, false);
      ASSERT_FALSE(got.is_discarded()) << r.err;
      const auto want = nlohmann::json::parse(expected);
      EXPECT_EQ(r.exit_code, ExitCodeFor(want["error"]["code"].get<std::string>()));
      operational += r.exit_code == 1;
      EXPECT_EQ(got["error"]["code"], want["error"]["code"]);
      EXPECT_EQ(got["error"]["field"], want["error"]["field"]);
      if (want["error"]["field"] != "input") {
        EXPECT_EQ(got, want);
      }
    }
  }
  EXPECT_GE(operational, 6);  // the draw's two checks and the notional, by file and by stdin
}

// A file that cannot be read is an I/O error (exit 1), never "not valid JSON": a missing
// file, a directory, and a file whose read fails (/proc/self/mem at offset 0 fails with EIO
// even for root, so the test cannot pass for lack of permissions).
TEST(AuctionReplayCli, UnreadableInputIsAnIoError) {
  for (const std::string& path : {std::string("/nonexistent/batch.json"),
                                  testing::GoldenDir().string(), std::string("/proc/self/mem")}) {
    SCOPED_TRACE(path);
    const CliRun r = RunCli("--input '" + path + "'");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "");
    const auto err = nlohmann::json::parse(r.err, nullptr, false);
    ASSERT_FALSE(err.is_discarded()) << r.err;
    EXPECT_EQ(err["error"]["code"], "io_error");
    EXPECT_EQ(err["error"]["field"], "input");
  }
  // A directory on standard input too.
  const CliRun r = RunCli("--input - <'" + testing::GoldenDir().string() + "'");
  EXPECT_EQ(r.exit_code, 1) << r.err;
}

TEST(AuctionReplayCli, UsageErrors) {
  EXPECT_EQ(RunCli("").exit_code, 2);  // --input is required
  EXPECT_EQ(RunCli("--input a.json --colour red").exit_code, 2);
}

}  // namespace
}  // namespace phantompool::auction
