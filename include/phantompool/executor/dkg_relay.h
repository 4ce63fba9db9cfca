// The DKG over the network: the operator's `phantompool dkg` relays each round's messages
// to every executor (crypto/threshold/dkg.h: a relay stands in for a broadcast channel),
// signing each request with the coordinator's key so that nobody else can start or feed a
// DKG on an executor.
//
// Every step is one POST /v1/dkg/<step> with the same request layout, signed under the
// domain "phantompool/dkg-relay/v1/<step>":
//   u32 key_epoch | u8 force | str session_id | u32 count | count × (u32 len | message)
// and answered with  u32 count | count × (u32 len | message).
//   start          (session id, force)      → this executor's dealing
//   dealings       every dealing            → its complaints (often none)
//   complaints     every complaint          → its answers (often none)
//   answers        every answer             → its confirmation
//   confirmations  every confirmation       → the final public key set (the executor has
//                                             sealed its key share to disk)
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/threshold/participant_key.h"

namespace phantompool::executor {

inline constexpr std::array<std::string_view, 5> kDkgSteps = {"start", "dealings", "complaints",
                                                              "answers", "confirmations"};

struct DkgRelayRequest {
  uint32_t key_epoch = 0;
  bool force = false;
  std::string session_id;
  std::vector<std::vector<uint8_t>> messages;

  std::vector<uint8_t> Serialize(std::string_view step,
                                 const crypto::threshold::ParticipantKey& coordinator) const;
  static Result<DkgRelayRequest> Parse(std::string_view step, std::span<const uint8_t> bytes,
                                       const crypto::threshold::ParticipantPublicKey& coordinator);
};

std::vector<uint8_t> SerializeMessageList(const std::vector<std::vector<uint8_t>>& messages);
Result<std::vector<std::vector<uint8_t>>> ParseMessageList(std::span<const uint8_t> bytes,
                                                           std::string_view field);

}  // namespace phantompool::executor
