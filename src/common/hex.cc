#include "phantompool/common/hex.h"

#include <string>

namespace phantompool {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string ToHex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xf]);
  }
  return out;
}

Result<std::vector<uint8_t>> ParseHex(std::string_view hex, std::string_view field) {
  if (hex.size() % 2 != 0) {
    return Status::InvalidArgument(std::string(field), "hex string has odd length");
  }
  std::vector<uint8_t> out(hex.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    const int hi = HexDigit(hex[2 * i]);
    const int lo = HexDigit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return Status::InvalidArgument(std::string(field),
                                     "invalid hex character at offset " + std::to_string(2 * i));
    }
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return out;
}

Result<std::vector<uint8_t>> ParseHexExact(std::string_view hex, size_t expected_len,
                                           std::string_view field) {
  if (hex.size() != 2 * expected_len) {
    return Status::InvalidArgument(std::string(field),
                                   "expected " + std::to_string(expected_len) + " bytes (" +
                                       std::to_string(2 * expected_len) + " hex characters), got " +
                                       std::to_string(hex.size()) + " characters");
  }
  return ParseHex(hex, field);
}

}  // namespace phantompool
