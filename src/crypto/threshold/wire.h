// Shared pieces of the threshold wire formats (internal): every object starts with a kind
// byte (which object it is) and a version byte, so bytes of one message type or round are
// never mistaken for another's; participant indices are one byte.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "phantompool/common/byte_io.h"
#include "phantompool/common/result.h"
#include "phantompool/crypto/threshold/params.h"

namespace phantompool::crypto::threshold::wire {

// "dealing" + "." + "commitments[2]".
std::string Field(std::string_view object, std::string_view element);
std::string Indexed(std::string_view name, size_t i);

// Human name of a kind byte, for errors: "dealing (0x01)".
std::string KindName(uint8_t kind);

// Reads and checks the kind and version bytes: "<object>.kind" / "<object>.version".
Status ReadKindAndVersion(ByteReader& in, uint8_t kind, uint8_t version, std::string_view object);

// A participant index: 1..kMaxParticipants here; the caller checks it against n.
Result<uint32_t> ReadIndex(ByteReader& in, std::string_view field);

// InvalidArgument(field) unless `index` is a participant of `params`.
Status CheckIndex(const ThresholdParams& params, uint32_t index, std::string_view field);

// Threshold parameters as two bytes (t, n), checked by ThresholdParams::Create.
Result<ThresholdParams> ReadParams(ByteReader& in, std::string_view object);

}  // namespace phantompool::crypto::threshold::wire
