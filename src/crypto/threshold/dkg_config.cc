#include "phantompool/crypto/threshold/dkg_config.h"

#include <string>

#include "phantompool/common/check.h"
#include "phantompool/crypto/transcript.h"
#include "wire.h"

namespace phantompool::crypto::threshold {

Result<DkgConfig> DkgConfig::Create(std::span<const uint8_t> session_id, uint32_t threshold,
                                    std::vector<ParticipantPublicKey> roster) {
  if (session_id.empty() || session_id.size() > kMaxSessionIdBytes) {
    return Status::InvalidArgument(
        "session_id", "must be 1.." + std::to_string(kMaxSessionIdBytes) + " bytes, got " +
                          std::to_string(session_id.size()));
  }
  if (roster.size() > kMaxParticipants) {
    return Status::InvalidArgument("roster", "at most " + std::to_string(kMaxParticipants) +
                                                 " participants, got " +
                                                 std::to_string(roster.size()));
  }
  PP_ASSIGN_OR_RETURN(ThresholdParams params,
                      ThresholdParams::Create(threshold, static_cast<uint32_t>(roster.size())));
  for (size_t i = 0; i < roster.size(); ++i) {
    const std::string field = wire::Indexed("roster", i);
    // Keys built in memory rather than parsed get the same checks as parsed ones.
    auto checked = ParticipantPublicKey::Parse(roster[i].Serialize(), field);
    if (!checked.ok()) return checked.status();
    for (size_t k = 0; k < i; ++k) {
      if (roster[k].signing == roster[i].signing || roster[k].box == roster[i].box) {
        return Status::InvalidArgument(field,
                                       "repeats a key of participant " + std::to_string(k + 1));
      }
    }
  }
  Transcript t(kDkgProtocol);
  t.AppendMessage("dom-sep", "phantompool/dkg/v1/context");
  t.AppendMessage("session", session_id);
  t.AppendU64("threshold", params.threshold());
  t.AppendU64("participants", params.participants());
  for (const ParticipantPublicKey& key : roster) {
    t.AppendMessage("signing", key.signing);
    t.AppendMessage("box", key.box);
  }
  ContextId id;
  t.ChallengeBytes("context-id", id);
  return DkgConfig(params, std::move(roster), id);
}

const ParticipantPublicKey& DkgConfig::participant(uint32_t index) const {
  PP_CHECK(params_.IsValidIndex(index));
  return roster_[index - 1];
}

}  // namespace phantompool::crypto::threshold
