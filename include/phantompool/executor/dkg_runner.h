// RunDkg: the operator's side of the DKG — relays each round's messages between the
// executors (in parallel, with a deadline per round) until every executor that stayed in
// the run reports the same final public key set. An executor that fails or times out in a
// round takes no further part; the run still completes if the rest can finish it
// (crypto/threshold/dkg.h says when they can).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/threshold/participant_key.h"
#include "phantompool/crypto/threshold/public_key_set.h"
#include "phantompool/executor/roster.h"
#include "phantompool/executor/transport.h"

namespace phantompool::executor {

struct DkgRunOptions {
  uint32_t key_epoch = 1;
  std::string session_id;  // unique per run with this roster
  bool force = false;      // replace the key of a live pool
  std::chrono::milliseconds round_deadline{30'000};
  std::function<void(const std::string&)> progress;  // one line per event, may be empty
};

struct DkgRunResult {
  crypto::threshold::PublicKeySet keys;
  std::vector<uint32_t> finished;    // executors that hold a share of it
  std::vector<std::string> dropped;  // "executor 4: <why>" for the others
  // Dealers left out of the joint key (a complaint upheld, or no dealing): the key is still
  // t-of-n, every finished executor holds a share of it, their polynomials just are not in it.
  std::vector<uint32_t> disqualified;
};

Result<DkgRunResult> RunDkg(Transport& transport, const Roster& roster,
                            const crypto::threshold::ParticipantKey& coordinator,
                            const DkgRunOptions& options);

}  // namespace phantompool::executor
