// ThresholdParams: t of n. Any t participants (executors) act together; t − 1 learn nothing.
//
// PhantomPool runs 3 of 5. Participants are numbered 1..n: index i is the point at which a
// sharing polynomial is evaluated for participant i, so 0 — where the secret sits — is never
// an index. n ≤ 32 keeps every index in one byte on the wire and every set of indices in one
// 32-bit mask.
#pragma once

#include <cstdint>

#include "phantompool/common/result.h"

namespace phantompool::crypto::threshold {

inline constexpr uint32_t kMaxParticipants = 32;

class ThresholdParams {
 public:
  // 1 ≤ threshold ≤ participants ≤ kMaxParticipants, or InvalidArgument.
  static Result<ThresholdParams> Create(uint32_t threshold, uint32_t participants);

  uint32_t threshold() const { return t_; }
  uint32_t participants() const { return n_; }
  bool IsValidIndex(uint32_t index) const { return index >= 1 && index <= n_; }

  // How many qualified dealers a DKG needs before its result can be final: ⌈(n + t) / 2⌉.
  // Two sets this large share at least t members, more than the t − 1 a corrupt coalition
  // can hold, so two honest participants cannot both finish with different keys
  // (docs/crypto-threshold.md, "Broadcast over a relay").
  uint32_t finality_quorum() const { return (n_ + t_ + 1) / 2; }

  friend bool operator==(const ThresholdParams&, const ThresholdParams&) = default;

 private:
  ThresholdParams(uint32_t t, uint32_t n) : t_(t), n_(n) {}
  uint32_t t_;
  uint32_t n_;
};

}  // namespace phantompool::crypto::threshold
