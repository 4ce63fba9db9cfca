#include "phantompool/crypto/hkdf.h"

#include <gtest/gtest.h>

#include <vector>

#include "phantompool/common/hex.h"

namespace phantompool::crypto {
namespace {

std::vector<uint8_t> Hex(std::string_view h) {
  return ParseHex(h, "vector").value();
}

std::string Derive(std::string_view ikm, std::string_view salt, std::string_view info, size_t len) {
  std::vector<uint8_t> out(len);
  HkdfSha256(Hex(ikm), Hex(salt), Hex(info), out);
  return ToHex(out);
}

// RFC 5869, Appendix A.1 (basic test case with SHA-256).
TEST(HkdfTest, Rfc5869Case1) {
  EXPECT_EQ(Derive("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c",
                   "f0f1f2f3f4f5f6f7f8f9", 42),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
}

// RFC 5869, Appendix A.3 (zero-length salt and info).
TEST(HkdfTest, Rfc5869Case3) {
  EXPECT_EQ(Derive("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "", 42),
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
}

TEST(HkdfTest, InfoSeparatesOutputs) {
  EXPECT_NE(Derive("01", "02", "aa", 32), Derive("01", "02", "ab", 32));
  EXPECT_NE(Derive("01", "02", "aa", 32), Derive("01", "03", "aa", 32));
}

}  // namespace
}  // namespace phantompool::crypto
