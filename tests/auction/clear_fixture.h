// The fixture of the worked-example tests: runs Clear() on a small batch with the test pair
// and finds an order's outcome by id.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "auction_test_util.h"
#include "phantompool/auction/clear.h"

namespace phantompool::auction {

constexpr Side kBuy = Side::kBuy;
constexpr Side kSell = Side::kSell;

class AuctionClear : public ::testing::Test {
 protected:
  AuctionResult Run(std::vector<Order> orders, uint64_t reference, uint8_t vrf = 1,
                    std::optional<uint64_t> now = std::nullopt) {
    orders_ = std::move(orders);
    auto r = Clear(orders_, testing::TestPair(), testing::Session(reference, vrf, now));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : AuctionResult{};
  }
  const OrderOutcome& Of(const AuctionResult& r, const std::string& id) {
    for (size_t i = 0; i < orders_.size(); ++i) {
      if (orders_[i].id == id) return r.orders[i];
    }
    ADD_FAILURE() << "no order " << id;
    static OrderOutcome none;
    return none;
  }
  void ExpectTrade(const AuctionResult& r, size_t k, const std::string& buy,
                   const std::string& sell, uint64_t size) {
    ASSERT_LT(k, r.trades.size());
    EXPECT_EQ(orders_[r.trades[k].buy].id, buy);
    EXPECT_EQ(orders_[r.trades[k].sell].id, sell);
    EXPECT_EQ(r.trades[k].size, size);
    EXPECT_EQ(r.trades[k].price, *r.clearing_price);
  }
  std::vector<Order> orders_;
};

}  // namespace phantompool::auction
