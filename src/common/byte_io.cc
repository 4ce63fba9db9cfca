#include "phantompool/common/byte_io.h"

#include <string>

namespace phantompool {
namespace {

Status Truncated(std::string_view field, size_t want, size_t have) {
  return Status::InvalidArgument(
      std::string(field),
      "truncated: need " + std::to_string(want) + " bytes, " + std::to_string(have) + " remain");
}

}  // namespace

void ByteWriter::U16(uint16_t v) {
  for (int i = 0; i < 2; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void ByteWriter::U32(uint32_t v) {
  for (int i = 0; i < 4; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void ByteWriter::U64(uint64_t v) {
  for (int i = 0; i < 8; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void ByteWriter::LengthPrefixed(std::span<const uint8_t> bytes) {
  U32(static_cast<uint32_t>(bytes.size()));
  Bytes(bytes);
}
void ByteWriter::String(std::string_view s) {
  LengthPrefixed(std::span(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
}

Result<std::span<const uint8_t>> ByteReader::Bytes(size_t n, std::string_view field) {
  if (remaining() < n) return Truncated(field, n, remaining());
  auto out = in_.subspan(pos_, n);
  pos_ += n;
  return out;
}

Result<uint8_t> ByteReader::U8(std::string_view field) {
  PP_ASSIGN_OR_RETURN(auto b, Bytes(1, field));
  return b[0];
}
Result<uint16_t> ByteReader::U16(std::string_view field) {
  PP_ASSIGN_OR_RETURN(auto b, Bytes(2, field));
  return static_cast<uint16_t>(b[0] | b[1] << 8);
}
Result<uint32_t> ByteReader::U32(std::string_view field) {
  PP_ASSIGN_OR_RETURN(auto b, Bytes(4, field));
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = v << 8 | b[i];
  return v;
}
Result<uint64_t> ByteReader::U64(std::string_view field) {
  PP_ASSIGN_OR_RETURN(auto b, Bytes(8, field));
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = v << 8 | b[i];
  return v;
}

Result<std::span<const uint8_t>> ByteReader::LengthPrefixed(size_t max_len,
                                                            std::string_view field) {
  PP_ASSIGN_OR_RETURN(uint32_t len, U32(field));
  if (len > max_len) {
    return Status::InvalidArgument(
        std::string(field),
        "length " + std::to_string(len) + " exceeds the maximum " + std::to_string(max_len));
  }
  return Bytes(len, field);
}

Result<std::string> ByteReader::String(size_t max_len, std::string_view field) {
  PP_ASSIGN_OR_RETURN(auto b, LengthPrefixed(max_len, field));
  return std::string(b.begin(), b.end());
}

Status ByteReader::ExpectEnd(std::string_view field) const {
  if (remaining() != 0) {
    return Status::InvalidArgument(std::string(field),
                                   std::to_string(remaining()) + " trailing bytes");
  }
  return Status::Ok();
}

}  // namespace phantompool
