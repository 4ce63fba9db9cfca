#include "phantompool/order/order_json.h"

#include <gtest/gtest.h>

#include "order_fixture.h"

namespace phantompool::order {
namespace {

using testing::LimitBuy;
using testing::Trader;

class OrderJsonTest : public ::testing::Test {
 protected:
  OrderJsonTest()
      : trader(31, 1'000'000'000'000),
        enc(std::move(trader.Encrypt(LimitBuy(500, 10'100))).value()),
        json(EncryptedOrderToJson(enc)) {}
  Status ErrorOf(const nlohmann::json& j) { return EncryptedOrderFromJson(j).status(); }

  Trader trader;
  EncryptedOrder enc;
  nlohmann::json json;
};

TEST_F(OrderJsonTest, RoundTripsAndVerifies) {
  auto back = EncryptedOrderFromJsonText(json.dump());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->Serialize(), enc.Serialize());
  EXPECT_TRUE(VerifyEncryptedOrder(*back, trader.Statement()).ok());
  EXPECT_EQ(json["side"], "buy");
  EXPECT_EQ(json["version"], 2);
  EXPECT_TRUE(json["commitments"].contains("product"));
  // A market sell: no price, no product, no product proof.
  const auto sell =
      trader.Encrypt(testing::WithKind(LimitBuy(10, 1), Side::kSell, OrderType::kMarket)).value();
  const auto sj = EncryptedOrderToJson(sell);
  EXPECT_FALSE(sj["commitments"].contains("price"));
  EXPECT_FALSE(sj.contains("product_proof"));
  EXPECT_EQ(EncryptedOrderFromJson(sj).value().Serialize(), sell.Serialize());
}

TEST_F(OrderJsonTest, StrictParsingNamesTheField) {
  auto j = json;
  j["extra"] = 1;
  EXPECT_EQ(ErrorOf(j).field(), "extra");
  j = json;
  j.erase("nonce");
  EXPECT_EQ(ErrorOf(j).field(), "nonce");
  j = json;
  j["side"] = "hold";
  EXPECT_EQ(ErrorOf(j).field(), "side");
  j = json;
  j["expiry"] = -1;
  EXPECT_EQ(ErrorOf(j).field(), "expiry");
  j = json;
  j["version"] = 1;
  EXPECT_EQ(ErrorOf(j).field(), "version");
  j = json;
  j["key_epoch"] = uint64_t{1} << 33;
  EXPECT_EQ(ErrorOf(j).field(), "key_epoch");
  j = json;
  j["commitments"]["size"] = std::string(63, 'a');
  EXPECT_EQ(ErrorOf(j).field(), "commitments.size");
  j = json;
  j["commitments"]["size"] = std::string(64, 'f');  // 32 bytes, not a canonical point
  EXPECT_EQ(ErrorOf(j).field(), "commitments.size");
  j = json;
  j["kem"]["R"] = std::string(64, '0');  // the identity
  EXPECT_EQ(ErrorOf(j).field(), "kem.R");
  j = json;
  j["kem"]["extra"] = "00";
  EXPECT_EQ(ErrorOf(j).field(), "kem.extra");
  j = json;
  j.erase("product_proof");
  EXPECT_EQ(ErrorOf(j).field(), "product_proof");
  j = json;
  j["type"] = "market";  // a market order carries no price commitment
  EXPECT_EQ(ErrorOf(j).field(), "commitments.price");
  j = json;
  j["range_proof"] = "zz";
  EXPECT_EQ(ErrorOf(j).field(), "range_proof");
  EXPECT_EQ(EncryptedOrderFromJsonText("{not json").status().field(), "order");
  EXPECT_EQ(EncryptedOrderFromJsonText("[]").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace phantompool::order
