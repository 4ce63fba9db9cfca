// Bad input is rejected with a Status naming the order and field, and nothing partial is
// returned (Clear() returns a Result: an error carries no AuctionResult at all). The pair
// itself needs no case here: an invalid PairSpec cannot exist (tests/order).
#include <gtest/gtest.h>

#include <functional>
#include <vector>

#include "auction_test_util.h"
#include "phantompool/auction/clear.h"

namespace phantompool::auction {
namespace {

using testing::Limit;
using testing::Market;
using testing::Session;
using testing::TestPair;

std::vector<Order> GoodBatch() {
  return {Limit("b1", Side::kBuy, 12, 100), Limit("s1", Side::kSell, 10, 100),
          Market("m1", Side::kBuy, 5)};
}

struct BadCase {
  const char* name;
  std::function<void(std::vector<Order>&, order::PairFields&, SessionInputs&)> mutate;
  StatusCode code;
  const char* field;
};

TEST(AuctionValidation, EveryBadInputNamesItsField) {
  const BadCase cases[] = {
      {"duplicate id", [](auto& o, auto&, auto&) { o[2].id = "b1"; }, StatusCode::kAlreadyExists,
       "orders[2].id"},
      {"empty id", [](auto& o, auto&, auto&) { o[1].id = ""; }, StatusCode::kInvalidArgument,
       "orders[1].id"},
      {"id with a space", [](auto& o, auto&, auto&) { o[1].id = "a b"; },
       StatusCode::kInvalidArgument, "orders[1].id"},
      {"long owner", [](auto& o, auto&, auto&) { o[0].owner = std::string(65, 'u'); },
       StatusCode::kInvalidArgument, "orders[0].owner"},
      {"zero size", [](auto& o, auto&, auto&) { o[1].size = 0; }, StatusCode::kInvalidArgument,
       "orders[1].size"},
      {"size above max", [](auto&, auto& p, auto&) { p.max_order_size = 99; },
       StatusCode::kInvalidArgument, "orders[0].size"},
      {"size below min", [](auto&, auto& p, auto&) { p.min_order_size = 6; },
       StatusCode::kInvalidArgument, "orders[2].size"},
      {"limit without price", [](auto& o, auto&, auto&) { o[0].price.reset(); },
       StatusCode::kInvalidArgument, "orders[0].price"},
      {"market with price", [](auto& o, auto&, auto&) { o[2].price = 10; },
       StatusCode::kInvalidArgument, "orders[2].price"},
      {"off the grid",
       [](auto& o, auto& p, auto& s) {
         p.tick_size = 5;
         p.min_price = 5;
         p.market_sell_collar = 50;
         p.market_buy_collar = 150;
         s.reference_price = 10;
         o[0].price = 15;
         o[1].price = 12;
       },
       StatusCode::kInvalidArgument, "orders[1].price"},
      {"price above max", [](auto& o, auto&, auto&) { o[0].price = 1001; },
       StatusCode::kInvalidArgument, "orders[0].price"},
      {"min fill above size", [](auto& o, auto&, auto&) { o[1].min_fill = 101; },
       StatusCode::kInvalidArgument, "orders[1].min_fill"},
      {"unknown pair", [](auto& o, auto&, auto&) { o[1].pair = "SOL/USDC"; },
       StatusCode::kInvalidArgument, "orders[1].pair"},
      {"gtt without expiry",
       [](auto& o, auto&, auto& s) {
         o[0].validity = Validity::kGtt;
         s.now = 5;
       },
       StatusCode::kInvalidArgument, "orders[0].expiry"},
      {"gtt without now",
       [](auto& o, auto&, auto&) {
         o[0].validity = Validity::kGtt;
         o[0].expiry = 10;
       },
       StatusCode::kInvalidArgument, "now"},
      {"expiry on gtc", [](auto& o, auto&, auto&) { o[1].expiry = 10; },
       StatusCode::kInvalidArgument, "orders[1].expiry"},
      {"reference off the grid",
       [](auto& o, auto& p, auto& s) {
         p.tick_size = 2;
         p.min_price = 2;
         o[0].price = 12;
         o[1].price = 10;
         s.reference_price = 11;
       },
       StatusCode::kInvalidArgument, "reference_price"},
      {"reference zero", [](auto&, auto&, auto& s) { s.reference_price = 0; },
       StatusCode::kInvalidArgument, "reference_price"},
  };
  for (const BadCase& c : cases) {
    std::vector<Order> orders = GoodBatch();
    order::PairFields fields = testing::TestPairFields();
    SessionInputs session = Session(11);
    c.mutate(orders, fields, session);
    auto r = Clear(orders, testing::MakePair(fields), session);
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.status().code(), c.code) << c.name << ": " << r.status().ToString();
    EXPECT_EQ(r.status().field(), c.field) << c.name << ": " << r.status().ToString();
  }
}

TEST(AuctionValidation, TheFirstErrorInInputOrderIsReported) {
  std::vector<Order> orders = GoodBatch();
  orders[2].size = 0;
  orders[1].min_fill = 1000;
  auto r = Clear(orders, TestPair(), Session(11));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "orders[1].min_fill");
  // Duplicates: the earliest order whose id occurred before, pointing at the first one.
  orders = GoodBatch();
  orders.push_back(Limit("s1", Side::kSell, 11, 1));
  orders.push_back(Limit("b1", Side::kSell, 11, 1));
  orders[2].id = "s1";
  r = Clear(orders, TestPair(), Session(11));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "orders[2].id");
  EXPECT_EQ(r.status().message(), "duplicate of orders[1].id");
}

TEST(AuctionValidation, ManyOrdersWithDistinctIdsAreAccepted) {
  std::vector<Order> orders;
  for (int i = 0; i < 5000; ++i) {
    orders.push_back(
        Limit(testing::Id("o", i), i % 2 ? Side::kBuy : Side::kSell, 90 + i % 20, 1 + i % 7));
  }
  EXPECT_TRUE(Clear(orders, TestPair(), Session(100)).ok());
  orders.push_back(Limit("o4321", Side::kBuy, 100, 1));
  auto r = Clear(orders, TestPair(), Session(100));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "orders[5000].id");
  EXPECT_EQ(r.status().message(), "duplicate of orders[4321].id");
}

}  // namespace
}  // namespace phantompool::auction
