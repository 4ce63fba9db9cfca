// DkgConfig: what every participant of one DKG run must agree on before it starts — the
// threshold, the roster of participants' public keys and a session id — and the context id
// that binds every message of the run to all three.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/threshold/params.h"
#include "phantompool/crypto/threshold/participant_key.h"

namespace phantompool::crypto::threshold {

inline constexpr uint8_t kDkgWireVersion = 1;
// Transcript protocol of the DKG's proofs of knowledge and of its hashes.
inline constexpr std::string_view kDkgProtocol = "phantompool/dkg/v1";

using Digest = std::array<uint8_t, 32>;

inline constexpr size_t kContextIdBytes = 32;
using ContextId = std::array<uint8_t, kContextIdBytes>;

inline constexpr size_t kMaxSessionIdBytes = 255;

class DkgConfig {
 public:
  // roster[i − 1] is participant i's public key; n = roster.size(). The session id (1 to 255
  // bytes) names this run and must never be reused with the same roster: a message signed
  // in an earlier run with the same context would replay into this one (and a replayed
  // dealing would look like equivocation). InvalidArgument on bad parameters, a duplicate
  // key in the roster or an empty or over-long session id.
  static Result<DkgConfig> Create(std::span<const uint8_t> session_id, uint32_t threshold,
                                  std::vector<ParticipantPublicKey> roster);

  const ThresholdParams& params() const { return params_; }
  uint32_t threshold() const { return params_.threshold(); }
  uint32_t participants() const { return params_.participants(); }
  // BLAKE2b over (protocol version, session id, t, n, roster) through the transcript's
  // framing: every message of the run carries it and is rejected elsewhere.
  const ContextId& context_id() const { return context_id_; }
  // index in 1..n (PP_CHECK).
  const ParticipantPublicKey& participant(uint32_t index) const;

 private:
  DkgConfig(ThresholdParams params, std::vector<ParticipantPublicKey> roster, ContextId id)
      : params_(params), roster_(std::move(roster)), context_id_(id) {}

  ThresholdParams params_;
  std::vector<ParticipantPublicKey> roster_;
  ContextId context_id_;
};

}  // namespace phantompool::crypto::threshold
