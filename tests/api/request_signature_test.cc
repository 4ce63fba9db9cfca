#include "phantompool/api/request_signature.h"

#include <gtest/gtest.h>

#include <map>

#include "phantompool/api/json.h"
#include "phantompool/common/hex.h"

namespace phantompool::api {
namespace {

struct Signed {
  std::map<std::string, std::string> headers;
  HeaderLookup lookup() const {
    return [this](std::string_view name) {
      auto it = headers.find(std::string(name));
      return it == headers.end() ? std::string() : it->second;
    };
  }
};

Signed Sign(const order::TraderKey& key, int64_t user, std::string_view method,
            std::string_view target, std::string_view body, crypto::Rng& rng) {
  Signed s;
  for (auto& [k, v] : SignRequest(key, user, method, target, body, 1'700'000'000'000, rng)) {
    std::string lower = k;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    s.headers[lower] = v;
  }
  return s;
}

TEST(RequestSignature, VerifiesAndBindsEveryPart) {
  crypto::DeterministicRng rng(1);
  const auto key = order::TraderKey::Generate(rng);
  const Signed s = Sign(key, 42, "POST", "/v1/orders", R"({"a":1})", rng);
  std::string target;
  auto auth = ParseRequestAuth(s.lookup(), "/v1/orders", "", &target);
  ASSERT_TRUE(auth.ok() && auth->has_value()) << auth.status().ToString();
  EXPECT_EQ((*auth)->user_id, 42);
  EXPECT_EQ(target, "/v1/orders");
  EXPECT_TRUE(VerifyRequestSignature(key.public_key(), "POST", target, R"({"a":1})", **auth).ok());
  // Moved to another method, path or body, or claimed by another user: refused.
  EXPECT_FALSE(VerifyRequestSignature(key.public_key(), "PUT", target, R"({"a":1})", **auth).ok());
  EXPECT_FALSE(
      VerifyRequestSignature(key.public_key(), "POST", "/v1/cancel", R"({"a":1})", **auth).ok());
  EXPECT_FALSE(VerifyRequestSignature(key.public_key(), "POST", target, R"({"a":2})", **auth).ok());
  RequestAuth other_user = **auth;
  other_user.user_id = 43;
  EXPECT_EQ(
      VerifyRequestSignature(key.public_key(), "POST", target, R"({"a":1})", other_user).code(),
      StatusCode::kUnauthenticated);
  RequestAuth other_time = **auth;
  other_time.timestamp_ms += 1;
  EXPECT_FALSE(
      VerifyRequestSignature(key.public_key(), "POST", target, R"({"a":1})", other_time).ok());
  const auto stranger = order::TraderKey::Generate(rng);
  EXPECT_FALSE(
      VerifyRequestSignature(stranger.public_key(), "POST", target, R"({"a":1})", **auth).ok());
}

TEST(RequestSignature, StrictHeadersAndTheQueryForm) {
  crypto::DeterministicRng rng(2);
  const auto key = order::TraderKey::Generate(rng);
  Signed s = Sign(key, 7, "GET", "/v1/orders?status=active", "", rng);
  // Anonymous: no headers at all.
  auto none =
      ParseRequestAuth([](std::string_view) { return std::string(); }, "/v1/pairs", "", nullptr);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  for (const char* name : {"x-pp-user", "x-pp-timestamp", "x-pp-nonce", "x-pp-signature"}) {
    Signed missing = s;
    missing.headers.erase(name);
    EXPECT_EQ(
        ParseRequestAuth(missing.lookup(), "/v1/orders", "status=active", nullptr).status().field(),
        name);
  }
  Signed bad = s;
  bad.headers["x-pp-user"] = "-1";
  EXPECT_EQ(ParseRequestAuth(bad.lookup(), "/v1/orders", "status=active", nullptr).status().field(),
            "x-pp-user");
  bad = s;
  bad.headers["x-pp-nonce"] = "abcd";
  EXPECT_EQ(ParseRequestAuth(bad.lookup(), "/v1/orders", "status=active", nullptr).status().field(),
            "x-pp-nonce");
  // The query form signs the path without the pp_* parameters.
  const std::string q = SignedQuery(key, 7, "/v1/stream", 1'700'000'000'000, rng);
  std::string target;
  auto auth = ParseRequestAuth([](std::string_view) { return std::string(); }, "/v1/stream",
                               "after_id=5&" + q, &target);
  ASSERT_TRUE(auth.ok() && auth->has_value()) << auth.status().ToString();
  EXPECT_EQ(target, "/v1/stream?after_id=5");
  // SignedQuery signed "/v1/stream" alone: a client that adds parameters must sign them.
  EXPECT_FALSE(VerifyRequestSignature(key.public_key(), "GET", target, "", **auth).ok());
  auto plain =
      ParseRequestAuth([](std::string_view) { return std::string(); }, "/v1/stream", q, &target);
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(VerifyRequestSignature(key.public_key(), "GET", target, "", **plain).ok());
  // Headers and query at once: refused.
  EXPECT_FALSE(ParseRequestAuth(s.lookup(), "/v1/stream", q, nullptr).ok());
}

TEST(ApiJson, StrictParsing) {
  EXPECT_TRUE(ParseJsonStrict(R"({"a":1,"b":[1,2,{"c":null}]})").ok());
  auto dup = ParseJsonStrict(R"({"a":1,"a":2})", "order");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().field(), "order");
  EXPECT_NE(dup.status().message().find("duplicate"), std::string::npos);
  EXPECT_FALSE(ParseJsonStrict(std::string(100, '[') + std::string(100, ']')).ok());
  EXPECT_FALSE(ParseJsonStrict("{} {}").ok());
  EXPECT_FALSE(ParseJsonStrict("").ok());
  EXPECT_FALSE(ParseJsonStrict("{\"a\":").ok());
  const Status s = Status::InsufficientFunds("amount", "exceeds the available balance");
  const Status back = StatusFromErrorJson(402, ErrorJson(s));
  EXPECT_EQ(back, s);
  EXPECT_EQ(StatusFromErrorJson(502, "<html>").code(), StatusCode::kInternal);
  const json obj = ParseJsonStrict(R"({"size": 5, "pair": "SOL/USDC", "neg": -1})").value();
  ObjectReader r(obj, "order");
  EXPECT_EQ(r.Keys({"size", "pair"}).field(), "order.neg");
  EXPECT_TRUE(r.Keys({"size", "pair"}, {"neg"}).ok());
  EXPECT_EQ(r.Unsigned("neg").status().field(), "order.neg");
  EXPECT_EQ(r.Unsigned("size").value(), 5u);
  EXPECT_EQ(r.String("size").status().field(), "order.size");
}

}  // namespace
}  // namespace phantompool::api
