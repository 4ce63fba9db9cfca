// `phantompool order build | verify` as a process: a session as docs/cli.md shows it, and
// the exit codes (0 valid, 1 invalid naming the field, 2 malformed input).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "order_fixture.h"
#include "phantompool/common/hex.h"
#include "phantompool/order/order_json.h"
#include "phantompool/order/trader_key_file.h"
#include "run_cli.h"

namespace phantompool::order {
namespace {

using phantompool::testing::RunPhantompool;

class OrderCliTest : public ::testing::Test {
 protected:
  OrderCliTest() : trader(70, 1'000'000'000) {
    dir = std::filesystem::temp_directory_path() / ("pp_order_cli_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    key_path = (dir / "trader.key").string();
    std::filesystem::remove(key_path);
    EXPECT_TRUE(WriteTraderKeyFile(key_path, trader.key).ok());
  }
  ~OrderCliTest() override { std::filesystem::remove_all(dir); }

  std::string Common() const {
    return " --pair SOL/USDC --joint-key " + ToHex(trader.pk.Encode()) + " --key-epoch 1";
  }
  std::string BuildArgs(const std::string& extra) const {
    return "order build --key " + key_path + Common() + " --user-id trader-1 --available " +
           std::to_string(trader.balance.available) + " --blinding " +
           ToHex(trader.balance.blinding.ToBytes()) + extra;
  }
  std::string VerifyArgs(const std::string& order_file, const std::string& a_hex) const {
    return "order verify --order " + order_file + Common() + " --trader-public-key " +
           ToHex(trader.key.public_key()) + " --available-commitment " + a_hex;
  }
  std::string Write(const std::string& name, const std::string& text) const {
    const std::string path = (dir / name).string();
    std::ofstream(path) << text;
    return path;
  }

  testing::Trader trader;
  std::filesystem::path dir;
  std::string key_path;
};

TEST_F(OrderCliTest, BuildThenVerifyThenOpen) {
  const auto built = RunPhantompool(BuildArgs(" --side buy --type limit --size 500 --price 10100"));
  ASSERT_EQ(built.exit_code, 0) << built.err;
  const std::string order_file = Write("order.json", built.out);
  const std::string a = ToHex(trader.AvailableCommitment().Encode());
  const auto ok = RunPhantompool(VerifyArgs(order_file, a));
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "valid\n");
  // From stdin as well.
  EXPECT_EQ(RunPhantompool(VerifyArgs("- <" + order_file, a)).exit_code, 0);
  // It really is the order asked for: the quorum's key opens it to 500 @ 10,100.
  auto enc = EncryptedOrderFromJsonText(built.out);
  ASSERT_TRUE(enc.ok());
  auto opened = trader.Open(*enc);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->size, 500u);
  EXPECT_EQ(opened->price, 10'100u);
}

TEST_F(OrderCliTest, InvalidOrderExitsOneNamingTheField) {
  const auto built = RunPhantompool(BuildArgs(" --side sell --type market --size 10"));
  ASSERT_EQ(built.exit_code, 0) << built.err;
  const std::string order_file = Write("order.json", built.out);
  // Against another A: the proofs fail.
  const std::string other_a =
      ToHex(crypto::PedersenCommit(crypto::Scalar::FromU64(1), trader.balance.blinding).Encode());
  const auto bad = RunPhantompool(VerifyArgs(order_file, other_a));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(bad.err)["error"]["field"], "range_proof") << bad.err;
  // Signed by someone else: the signature fails.
  auto j = nlohmann::json::parse(built.out);
  j["signature"] = std::string(128, '0');
  const auto forged = RunPhantompool(
      VerifyArgs(Write("forged.json", j.dump()), ToHex(trader.AvailableCommitment().Encode())));
  EXPECT_EQ(forged.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(forged.err)["error"]["field"], "signature");
}

TEST_F(OrderCliTest, MalformedInputExitsTwo) {
  const std::string a = ToHex(trader.AvailableCommitment().Encode());
  const auto not_json = RunPhantompool(VerifyArgs(Write("bad.json", "{nope"), a));
  EXPECT_EQ(not_json.exit_code, 2);
  EXPECT_EQ(nlohmann::json::parse(not_json.err)["error"]["code"], "invalid_argument");
  const auto bad_side = RunPhantompool(BuildArgs(" --side hold --size 5 --price 100"));
  EXPECT_EQ(bad_side.exit_code, 2);
  EXPECT_EQ(nlohmann::json::parse(bad_side.err)["error"]["field"], "--side");
  const auto bad_price = RunPhantompool(BuildArgs(" --size 5 --price 0"));
  EXPECT_EQ(bad_price.exit_code, 2);
  EXPECT_EQ(nlohmann::json::parse(bad_price.err)["error"]["field"], "order.limit_price");
  // Insolvent: a well-formed request that cannot be met (exit 1, insufficient funds).
  const auto broke = RunPhantompool(BuildArgs(" --size 1000000 --price 10000000"));
  EXPECT_EQ(broke.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(broke.err)["error"]["code"], "insufficient_funds");
  const auto missing_key = RunPhantompool("order build --key /nonexistent" + Common() +
                                          " --user-id u --available 1 --blinding " +
                                          std::string(64, '0') + " --size 1 --price 1");
  EXPECT_EQ(missing_key.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(missing_key.err)["error"]["code"], "io_error");
}

}  // namespace
}  // namespace phantompool::order
