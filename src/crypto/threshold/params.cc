#include "phantompool/crypto/threshold/params.h"

#include <string>

namespace phantompool::crypto::threshold {

Result<ThresholdParams> ThresholdParams::Create(uint32_t threshold, uint32_t participants) {
  if (participants < 1 || participants > kMaxParticipants) {
    return Status::InvalidArgument("participants", "must be in 1.." +
                                                       std::to_string(kMaxParticipants) + ", got " +
                                                       std::to_string(participants));
  }
  if (threshold < 1 || threshold > participants) {
    return Status::InvalidArgument("threshold", "must be in 1.." + std::to_string(participants) +
                                                    ", got " + std::to_string(threshold));
  }
  return ThresholdParams(threshold, participants);
}

}  // namespace phantompool::crypto::threshold
