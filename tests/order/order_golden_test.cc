// Golden orders: serialised bytes committed under tests/golden/ that must keep parsing,
// verifying and opening to their values forever (a change that breaks them breaks every
// stored order). Regenerate only on a deliberate format change:
//   PP_WRITE_GOLDEN=1 ./order_golden_test
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "order_fixture.h"
#include "phantompool/common/hex.h"

namespace phantompool::order {
namespace {

using testing::LimitBuy;
using testing::Trader;

constexpr uint64_t kTraderSeed = 4242;
constexpr uint64_t kBalance = 900'000'000'000;

std::string GoldenPath(const std::string& name) {
  return std::string(PP_SOURCE_DIR) + "/tests/golden/" + name + ".hex";
}

Order GoldenOrder(const std::string& name) {
  Order o = LimitBuy(12'345, 10'075, 7);
  o.min_fill = 1'000;
  if (name == "order_market_sell_v2") {
    o.side = Side::kSell;
    o.type = OrderType::kMarket;
    o.limit_price.reset();
    o.validity = Validity::kIoc;
  }
  return o;
}

class OrderGoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(OrderGoldenTest, KeepsVerifyingAndOpening) {
  const std::string name = GetParam();
  Trader trader(kTraderSeed, kBalance);
  const Order expected = GoldenOrder(name);
  if (std::getenv("PP_WRITE_GOLDEN") != nullptr) {
    auto enc = trader.Encrypt(expected);
    ASSERT_TRUE(enc.ok());
    std::ofstream(GoldenPath(name)) << ToHex(enc->Serialize()) << "\n";
  }
  std::ifstream in(GoldenPath(name));
  ASSERT_TRUE(in.good()) << "missing " << GoldenPath(name);
  std::string hex;
  in >> hex;
  auto bytes = ParseHex(hex, name);
  ASSERT_TRUE(bytes.ok());
  auto parsed = EncryptedOrder::Parse(*bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->Serialize(), *bytes);
  EXPECT_TRUE(VerifyEncryptedOrder(*parsed, trader.Statement()).ok());
  // And it is still this order: the quorum's key opens it to the golden values.
  auto opened = trader.Open(*parsed);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->size, expected.size);
  EXPECT_EQ(opened->price, expected.limit_price);
  EXPECT_EQ(opened->min_fill, expected.min_fill);
  EXPECT_EQ(parsed->user_id(), "trader-1");
  EXPECT_EQ(parsed->side(), expected.side);
}

INSTANTIATE_TEST_SUITE_P(Golden, OrderGoldenTest,
                         ::testing::Values("order_limit_buy_v2", "order_market_sell_v2"));

}  // namespace
}  // namespace phantompool::order
