#include "phantompool/common/status.h"

#include <gtest/gtest.h>

#include "phantompool/common/hex.h"
#include "phantompool/common/result.h"

namespace phantompool {
namespace {

TEST(StatusTest, OkHasNoFieldAndPrintsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "ok");
}

TEST(StatusTest, NamesFieldAndCode) {
  Status s = Status::InvalidArgument("L[3]", "non-canonical point");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.ToString(), "invalid_argument: L[3]: non-canonical point");
  EXPECT_EQ(s.WithFieldPrefix("range_proof").field(), "range_proof.L[3]");
  EXPECT_EQ(Status::InvalidArgument("", "x").WithFieldPrefix("a").field(), "a");
  EXPECT_EQ(Status::InvalidArgument("[2].price", "x").WithFieldPrefix("orders").field(),
            "orders[2].price");
}

TEST(StatusTest, StableCodesAndHttpMapping) {
  EXPECT_EQ(StatusCodeName(StatusCode::kInvalidArgument), "invalid_argument");
  EXPECT_EQ(static_cast<int>(StatusCode::kVerificationFailed), 2);
  EXPECT_EQ(HttpStatusFor(StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(StatusCode::kInternal), 500);
}

Result<int> ParsePositive(int v) {
  if (v <= 0) return Status::InvalidArgument("v", "must be positive");
  return v;
}

Result<int> Doubled(int v) {
  PP_ASSIGN_OR_RETURN(int x, ParsePositive(v));
  return 2 * x;
}

TEST(ResultTest, PropagatesErrorsAndValues) {
  EXPECT_EQ(*Doubled(4), 8);
  auto bad = Doubled(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "v");
}

TEST(HexTest, RoundTripAndStrictness) {
  std::vector<uint8_t> bytes = {0x00, 0xab, 0xff};
  EXPECT_EQ(ToHex(bytes), "00abff");
  EXPECT_EQ(*ParseHex("00ABff", "x"), bytes);
  EXPECT_FALSE(ParseHex("abc", "x").ok());
  EXPECT_FALSE(ParseHex("zz", "x").ok());
  EXPECT_FALSE(ParseHexExact("00ab", 3, "x").ok());
  EXPECT_EQ(ParseHexExact("00ab", 3, "field.name").status().field(), "field.name");
}

}  // namespace
}  // namespace phantompool
