// Helpers shared by the sigma-proof tests.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "phantompool/common/status.h"
#include "phantompool/crypto/transcript.h"

namespace phantompool::crypto::testing {

inline constexpr std::string_view kTestProtocol = "phantompool/test-order/v1";

// A transcript bound to (pair, user, nonce), as the order code binds every proof.
inline Transcript ContextTranscript(std::string_view pair = "SOL/USDC",
                                    std::string_view user = "trader-1", uint8_t nonce = 7) {
  Transcript t(kTestProtocol);
  const std::array<uint8_t, 4> n = {nonce, 0, 0, 1};
  AppendContext(t, ProofContext{pair, user, n});
  return t;
}

// Both sides leave their transcripts in the same state: the next challenge agrees, so
// proofs can be chained on one transcript (the order proves several in a row).
inline void ExpectTranscriptsInStep(Transcript prover, Transcript verifier) {
  EXPECT_TRUE(prover.ChallengeScalar("next") == verifier.ChallengeScalar("next"));
}

// Changes every byte of `bytes` in turn, with every single-bit flip and with 0xff, and
// expects parse-then-verify to fail each time. `parse_and_verify` gets the altered bytes.
template <size_t N>
void ExpectEveryByteFlipRejected(
    const std::array<uint8_t, N>& bytes,
    const std::function<Status(std::span<const uint8_t>)>& parse_and_verify) {
  ASSERT_TRUE(parse_and_verify(bytes).ok()) << "the unaltered proof must verify";
  size_t rejected = 0, tried = 0;
  for (size_t i = 0; i < N; ++i) {
    for (uint8_t mask : {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xff}) {
      auto altered = bytes;
      altered[i] ^= mask;
      ++tried;
      const Status s = parse_and_verify(altered);
      EXPECT_FALSE(s.ok()) << "byte " << i << " ^ " << int(mask) << " accepted";
      rejected += !s.ok();
    }
  }
  EXPECT_EQ(rejected, tried);
}

}  // namespace phantompool::crypto::testing
