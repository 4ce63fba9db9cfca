#include "wire.h"

#include <cstdio>

namespace phantompool::crypto::threshold::wire {

std::string Field(std::string_view object, std::string_view element) {
  return std::string(object) + "." + std::string(element);
}

std::string Indexed(std::string_view name, size_t i) {
  return std::string(name) + "[" + std::to_string(i) + "]";
}

std::string KindName(uint8_t kind) {
  std::string_view name = "an unknown object";
  switch (kind) {
    case 0x01:
      name = "a dealing";
      break;
    case 0x02:
      name = "a complaint";
      break;
    case 0x03:
      name = "an answer";
      break;
    case 0x04:
      name = "a confirmation";
      break;
    case 0x10:
      name = "a key share";
      break;
    case 0x11:
      name = "a public key set";
      break;
    case 0x20:
      name = "decryption shares";
      break;
    case 0x21:
      name = "a VRF share";
      break;
  }
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02x", kind);
  return std::string(name) + " (" + hex + ")";
}

Status ReadKindAndVersion(ByteReader& in, uint8_t kind, uint8_t version, std::string_view object) {
  PP_ASSIGN_OR_RETURN(uint8_t got_kind, in.U8(Field(object, "kind")));
  if (got_kind != kind) {
    return Status::InvalidArgument(Field(object, "kind"),
                                   "expected " + KindName(kind) + ", got " + KindName(got_kind));
  }
  PP_ASSIGN_OR_RETURN(uint8_t got_version, in.U8(Field(object, "version")));
  if (got_version != version) {
    return Status::InvalidArgument(Field(object, "version"),
                                   "unsupported version " + std::to_string(got_version));
  }
  return Status::Ok();
}

Result<uint32_t> ReadIndex(ByteReader& in, std::string_view field) {
  PP_ASSIGN_OR_RETURN(uint8_t index, in.U8(field));
  if (index < 1 || index > kMaxParticipants) {
    return Status::InvalidArgument(std::string(field),
                                   "participant index " + std::to_string(index) + " is not in 1.." +
                                       std::to_string(kMaxParticipants));
  }
  return uint32_t{index};
}

Status CheckIndex(const ThresholdParams& params, uint32_t index, std::string_view field) {
  if (!params.IsValidIndex(index)) {
    return Status::InvalidArgument(std::string(field), "participant " + std::to_string(index) +
                                                           " is not in 1.." +
                                                           std::to_string(params.participants()));
  }
  return Status::Ok();
}

Result<ThresholdParams> ReadParams(ByteReader& in, std::string_view object) {
  PP_ASSIGN_OR_RETURN(uint8_t t, in.U8(Field(object, "threshold")));
  PP_ASSIGN_OR_RETURN(uint8_t n, in.U8(Field(object, "participants")));
  auto params = ThresholdParams::Create(t, n);
  if (!params.ok()) return params.status().WithFieldPrefix(object);
  return params;
}

}  // namespace phantompool::crypto::threshold::wire
