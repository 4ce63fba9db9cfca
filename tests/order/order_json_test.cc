#include "phantompool/order/order_json.h"

#include <gtest/gtest.h>

#include "order_fixture.h"

namespace phantompool::order {
namespace {

using testing::LimitBuy;
using testing::Trader;

class OrderJsonTest : public ::testing::Test {
 protected:
  OrderJsonTest() : trader(31, 1'000'000'000'000) {
    enc = std::move(trader.Encrypt(LimitBuy(500, 10'100))).value();
    json = EncryptedOrderToJson(enc);
  }
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
  EXPECT_EQ(json["size"].size(), 4u);
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
  j["size"][2]["commitment"] = std::string(63, 'a');
  EXPECT_EQ(ErrorOf(j).field(), "size[2].commitment");
  j = json;
  j["size"][1]["commitment"] = std::string(64, 'f');  // 32 bytes, not a canonical point
  EXPECT_EQ(ErrorOf(j).field(), "size.limbs[1].commitment");
  j = json;
  j.erase("product");
  EXPECT_EQ(ErrorOf(j).field(), "product");
  j = json;
  j["type"] = "market";  // a market order carries no price
  EXPECT_EQ(ErrorOf(j).field(), "price");
  EXPECT_EQ(EncryptedOrderFromJsonText("{not json").status().field(), "order");
  EXPECT_EQ(EncryptedOrderFromJsonText("[]").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace phantompool::order
