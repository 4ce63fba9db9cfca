// The quorum round of one closing session, without the database: send the signed request,
// collect t valid responses, combine, open every order, draw.
//
// It asks t executors first (the healthiest the caller names first), and turns to the
// others as soon as one fails, refuses, times out or sends something that does not verify:
// on one 2-core machine five executors computing every share would cost 5/3 of the CPU for
// nothing. Every response is checked — the executor's signature, the session, the batch
// digest it computed, its decryption shares (batched DLEQ against its verification key,
// bound to the session's seed) and its VRF share — and every verdict is returned with its
// reason and latency, to be recorded. With fewer than t valid responses the round fails
// (Unavailable, naming each executor's problem) and nothing is decided.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/threshold/public_key_set.h"
#include "phantompool/crypto/threshold/vrf.h"
#include "phantompool/executor/decrypt_messages.h"
#include "phantompool/executor/roster.h"
#include "phantompool/executor/transport.h"
#include "phantompool/order/order_open.h"

namespace phantompool::executor {

struct ExecutorVerdict {
  uint32_t index = 0;
  bool asked = false;
  bool valid = false;
  std::string reason;  // why not valid ("unavailable: ...", "refused: ...", "decryption
                       // shares do not verify", ...); empty when valid
  int64_t latency_ms = 0;
  std::vector<uint8_t> response;  // the signed response, as received (kept for auditors)
  std::optional<DecryptResponse> parsed;
};

struct QuorumRoundOptions {
  std::chrono::milliseconds deadline{30'000};  // per executor
  std::vector<uint32_t> preference;            // indices, healthiest first (others follow)
  // Responses to this very request received before (an earlier attempt of a session that
  // did not gather t), by executor index: checked again like fresh ones and counted, and
  // their executors not asked again (an executor answers a session once).
  std::map<uint32_t, std::vector<uint8_t>> earlier;
};

struct QuorumRound {
  bool complete = false;  // t valid responses gathered; otherwise only the verdicts are set
  std::string shortfall;  // when !complete: how many were valid and what the others did
  Bytes32 batch_digest{};
  Bytes32 seed{};
  std::vector<ExecutorVerdict> verdicts;  // every executor, by index
  std::vector<uint32_t> quorum;           // the t responses combined
  // Parallel to the request's items to decrypt: K for each, and its opening (or why the
  // order is undecryptable).
  std::vector<crypto::Point> shared_points;
  std::vector<Result<order::OpenedOrder>> opened;
  crypto::threshold::VrfOutput vrf;
  std::vector<crypto::threshold::VrfShare> vrf_shares;  // those combined
};

// `orders` are the full orders behind the request's items to decrypt, in the same order.
// `previous_output` is the output of the session before (zeros for the first).
// Fewer than t valid responses: a round with complete = false and every verdict (to be
// recorded); errors are broken arguments only.
Result<QuorumRound> GatherQuorumRound(Transport& transport, const Roster& roster,
                                      const crypto::threshold::PublicKeySet& keys,
                                      const crypto::threshold::ParticipantKey& coordinator,
                                      const DecryptRequest& request, const Bytes32& previous_output,
                                      std::span<const order::EncryptedOrder* const> orders,
                                      const order::PairSpec& pair,
                                      const QuorumRoundOptions& options);

// As GatherQuorumRound, with fewer than t valid responses an error (Unavailable, naming
// each executor's problem).
Result<QuorumRound> RunQuorumRound(Transport& transport, const Roster& roster,
                                   const crypto::threshold::PublicKeySet& keys,
                                   const crypto::threshold::ParticipantKey& coordinator,
                                   const DecryptRequest& request, const Bytes32& previous_output,
                                   std::span<const order::EncryptedOrder* const> orders,
                                   const order::PairSpec& pair, const QuorumRoundOptions& options);

}  // namespace phantompool::executor
