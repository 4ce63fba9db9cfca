#include "phantompool/common/byte_io.h"

#include <gtest/gtest.h>

namespace phantompool {
namespace {

TEST(ByteIoTest, RoundTrip) {
  ByteWriter w;
  w.U8(7);
  w.U16(0x1234);
  w.U32(0xdeadbeef);
  w.U64(0x0102030405060708ULL);
  w.String("pair");
  auto bytes = std::move(w).Take();
  ByteReader r(bytes);
  EXPECT_EQ(*r.U8("a"), 7);
  EXPECT_EQ(*r.U16("b"), 0x1234);
  EXPECT_EQ(*r.U32("c"), 0xdeadbeefu);
  EXPECT_EQ(*r.U64("d"), 0x0102030405060708ULL);
  EXPECT_EQ(*r.String(16, "e"), "pair");
  EXPECT_TRUE(r.ExpectEnd("end").ok());
}

TEST(ByteIoTest, TruncationAndTrailingBytesAreErrors) {
  std::vector<uint8_t> bytes = {1, 2, 3};
  ByteReader r(bytes);
  auto v = r.U32("size");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().field(), "size");
  ByteReader r2(bytes);
  ASSERT_TRUE(r2.U8("x").ok());
  EXPECT_FALSE(r2.ExpectEnd("order").ok());
}

TEST(ByteIoTest, LengthPrefixRespectsMaximum) {
  ByteWriter w;
  w.String("toolong");
  auto bytes = std::move(w).Take();
  ByteReader r(bytes);
  EXPECT_FALSE(r.String(3, "s").ok());
}

}  // namespace
}  // namespace phantompool
