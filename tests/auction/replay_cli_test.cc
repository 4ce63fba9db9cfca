// `phantompool auction --input FILE|-` on the golden files: the exact stdout and exit 0, or
// exit 2 with the JSON error on stderr.
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

TEST(AuctionReplayCli, GoldenFilesFromAFileAndFromStdin) {
  const auto cases = testing::GoldenCases();
  ASSERT_GE(cases.size(), 14u);
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
      EXPECT_EQ(r.exit_code, 2);
      EXPECT_EQ(r.out, "");
      const auto got = nlohmann::json::parse(r.err, nullptr, false);
      ASSERT_FALSE(got.is_discarded()) << r.err;
      const auto want = nlohmann::json::parse(expected);
      EXPECT_EQ(got["error"]["code"], want["error"]["code"]);
      EXPECT_EQ(got["error"]["field"], want["error"]["field"]);
      if (want["error"]["field"] != "input") {
        EXPECT_EQ(got, want);
      }
    }
  }
}

TEST(AuctionReplayCli, OperationalAndUsageErrors) {
  CliRun r = RunCli("--input /nonexistent/batch.json");
  EXPECT_EQ(r.exit_code, 1);
  const auto err = nlohmann::json::parse(r.err, nullptr, false);
  ASSERT_FALSE(err.is_discarded()) << r.err;
  EXPECT_EQ(err["error"]["code"], "io_error");
  r = RunCli("");  // --input is required
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace phantompool::auction
