// Strict little-endian byte serialisation. ByteReader never reads past its input: every
// read checks the remaining length and fails with a Status naming the field.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "phantompool/common/result.h"

namespace phantompool {

class ByteWriter {
 public:
  void U8(uint8_t v) { out_.push_back(v); }
  void U16(uint16_t v);
  void U32(uint32_t v);
  void U64(uint64_t v);
  void Bytes(std::span<const uint8_t> bytes) {
    out_.insert(out_.end(), bytes.begin(), bytes.end());
  }
  // u32 length, then the bytes.
  void LengthPrefixed(std::span<const uint8_t> bytes);
  void String(std::string_view s);

  const std::vector<uint8_t>& bytes() const& { return out_; }
  std::vector<uint8_t> Take() && { return std::move(out_); }

 private:
  std::vector<uint8_t> out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::span<const uint8_t> in) : in_(in) {}

  Result<uint8_t> U8(std::string_view field);
  Result<uint16_t> U16(std::string_view field);
  Result<uint32_t> U32(std::string_view field);
  Result<uint64_t> U64(std::string_view field);
  Result<std::span<const uint8_t>> Bytes(size_t n, std::string_view field);
  // u32 length (at most max_len), then the bytes.
  Result<std::span<const uint8_t>> LengthPrefixed(size_t max_len, std::string_view field);
  Result<std::string> String(size_t max_len, std::string_view field);

  size_t remaining() const { return in_.size() - pos_; }
  // Fails unless every byte was consumed: trailing bytes are an error, not padding.
  Status ExpectEnd(std::string_view field) const;

 private:
  std::span<const uint8_t> in_;
  size_t pos_ = 0;
};

}  // namespace phantompool
