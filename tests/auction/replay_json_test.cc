#include "phantompool/auction/replay_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "golden_files.h"

namespace phantompool::auction {
namespace {

constexpr const char* kVrf =
    "\"vrf_output\": \""
    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\"";

std::string Doc(const std::string& orders, const std::string& extra = "") {
  return std::string("{\"reference_price\": 100, ") + kVrf + extra + ", \"orders\": [" + orders +
         "]}";
}

Status ParseError(const std::string& text) {
  auto r = ParseReplayInput(text);
  EXPECT_FALSE(r.ok()) << text;
  return r.ok() ? Status::Ok() : r.status();
}

TEST(AuctionReplayJson, ParsesEveryField) {
  auto r = ParseReplayInput(Doc(
      R"({"id": "a", "owner": "u", "side": "sell", "type": "limit", "price": 10, "size": 5,
          "min_fill": 2, "validity": "gtt", "expiry": 99, "pair": "SOL/USDC"},
         {"id": "b", "owner": "v", "side": "buy", "type": "market", "size": 7})",
      ", \"now\": 50"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->pair.name, "SOL/USDC");  // the default pair
  EXPECT_EQ(r->session.reference_price, 100u);
  EXPECT_EQ(r->session.now, 50u);
  EXPECT_EQ(r->session.vrf_output[1], 0x11);
  ASSERT_EQ(r->orders.size(), 2u);
  const Order& a = r->orders[0];
  EXPECT_EQ(a.side, Side::kSell);
  EXPECT_EQ(a.price, 10u);
  EXPECT_EQ(a.min_fill, 2u);
  EXPECT_EQ(a.validity, Validity::kGtt);
  EXPECT_EQ(a.expiry, 99u);
  EXPECT_EQ(a.pair, "SOL/USDC");
  const Order& b = r->orders[1];
  EXPECT_EQ(b.type, OrderType::kMarket);
  EXPECT_FALSE(b.price.has_value());
  EXPECT_EQ(b.validity, Validity::kGtc);  // default
  EXPECT_EQ(b.min_fill, 0u);              // default
}

TEST(AuctionReplayJson, PairObjectsDefaultFromTheBuiltInPair) {
  auto r = ParseReplayInput(Doc("", ", \"pair\": {\"name\": \"USDT/USDC\", \"collar_low\": 9500}"));
  ASSERT_TRUE(r.ok());
  PairParams expected = *FindKnownPair("USDT/USDC", "pair");
  expected.collar_low = 9500;
  EXPECT_EQ(r->pair, expected);
  // A pair that is not built in must give every field.
  Status s = ParseError(Doc("", ", \"pair\": {\"name\": \"X/Y\", \"tick_size\": 1}"));
  EXPECT_EQ(s.field(), "pair.min_price");
}

TEST(AuctionReplayJson, RejectsBadInputNamingThePath) {
  const std::pair<std::string, std::string> cases[] = {
      {"[1, 2", "input"},
      {"[]", "input"},
      {"{\"orders\": []}", "reference_price"},
      {Doc("", ", \"extra\": 1"), "extra"},
      {Doc("", ", \"now\": -5"), "now"},
      {Doc("", ", \"now\": 5.0"), "now"},
      {Doc("", ", \"now\": 18446744073709551616"), "now"},
      {"{\"reference_price\": 1, \"vrf_output\": \"abc\", \"orders\": []}", "vrf_output"},
      {"{\"reference_price\": 1, \"vrf_output\": \"" + std::string(63, '0') +
           "g\", \"orders\": []}",
       "vrf_output"},
      {"{\"reference_price\": 1, " + std::string(kVrf) + ", \"orders\": {}}", "orders"},
      {Doc("5"), "orders[0]"},
      {Doc(R"({"id": "a", "owner": "u", "side": "up", "type": "limit", "size": 1})"),
       "orders[0].side"},
      {Doc(R"({"id": "a", "owner": "u", "side": "buy", "type": "stop", "size": 1})"),
       "orders[0].type"},
      {Doc(R"({"id": "a", "owner": "u", "side": "buy", "type": "limit", "size": 1,
               "validity": "day"})"),
       "orders[0].validity"},
      {Doc(R"({"id": "a", "owner": "u", "side": "buy", "type": "limit"})"), "orders[0].size"},
      {Doc(R"({"id": "a", "side": "buy", "type": "limit", "size": 1})"), "orders[0].owner"},
      {Doc(R"({"id": 7, "owner": "u", "side": "buy", "type": "limit", "size": 1})"),
       "orders[0].id"},
      {Doc(R"({"id": "a", "owner": "u", "side": "buy", "type": "limit", "size": "1"})"),
       "orders[0].size"},
      {Doc(R"({"id": "a", "owner": "u", "side": "buy", "type": "limit", "size": 1, "colour": 1})"),
       "orders[0].colour"},
      {Doc(R"({"id": "a", "owner": "u", "side": "buy", "type": "limit", "size": 1},
              {"id": "b", "owner": "u", "owner": "v", "side": "buy", "type": "limit", "size": 1})"),
       "orders[1].owner"},
      {Doc("", ", \"pair\": 5"), "pair"},
      {Doc("", ", \"pair\": \"BTC/USD\""), "pair"},
      {Doc("", ", \"pair\": {\"name\": \"SOL/USDC\", \"tick_size\": -1}"), "pair.tick_size"},
      {Doc("", ", \"pair\": {\"name\": \"SOL/USDC\", \"fee\": 1}"), "pair.fee"},
  };
  for (const auto& [text, field] : cases) {
    const Status s = ParseError(text);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << text;
    EXPECT_EQ(s.field(), field) << text << "\n" << s.ToString();
  }
}

TEST(AuctionReplayJson, ErrorJsonIsOneLineWithCodeFieldAndMessage) {
  const std::string json =
      FormatErrorJson(Status::InvalidArgument("orders[2].price", "off the tick grid"));
  EXPECT_EQ(json, R"({"error":{"code":"invalid_argument","field":"orders[2].price",)"
                  R"("message":"off the tick grid"}})");
}

// The library path of the replay: parse, clear, format; the bytes must match the golden
// files (the CLI test runs the same files through the binary).
TEST(AuctionReplayJson, GoldenFiles) {
  const auto cases = testing::GoldenCases();
  ASSERT_GE(cases.size(), 14u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string expected = testing::ReadFile(c.expected);
    auto input = ParseReplayInput(testing::ReadFile(c.input));
    Status error;
    std::string output;
    if (!input.ok()) {
      error = input.status();
    } else {
      auto result = Clear(input->orders, input->pair, input->session);
      if (!result.ok()) {
        error = result.status();
      } else {
        output = FormatReplayOutput(*input, *result);
      }
    }
    if (!c.is_error) {
      ASSERT_TRUE(error.ok()) << error.ToString();
      EXPECT_EQ(output, expected);
      continue;
    }
    ASSERT_FALSE(error.ok()) << "expected an error";
    const auto want = nlohmann::json::parse(expected)["error"];
    EXPECT_EQ(StatusCodeName(error.code()), want["code"].get<std::string>());
    EXPECT_EQ(error.field(), want["field"].get<std::string>());
    if (error.field() != "input") {
      EXPECT_EQ(error.message(), want["message"].get<std::string>());
    }
  }
}

}  // namespace
}  // namespace phantompool::auction
