// ExecutorNode: one executor of the quorum, without its network binding (executor_server.h
// serves it over HTTP; tests also call it in-process).
//
// It never trusts the coordinator, which runs the server and writes the shared database.
// Before it releases any decryption share it checks, itself:
//   - the request's signature (the coordinator's key from the roster);
//   - the key epoch is the one its share belongs to;
//   - the session may close: sessions of a pair only move forward, and the pair's batch
//     period has elapsed on the executor's own clock since it last answered for the pair (or
//     since its key share was installed), or the batch holds the pair's batch size;
//   - the previous session's VRF output, recomputed from the previous session's shares, so
//     the coordinator cannot feed it a chosen one;
//   - every order to decrypt: for this pair and epoch, with a valid proof of knowledge of r
//     bound to the order (order/kem_check.h), and an R it has never released a share for
//     (its own AnswerLog, appended and fsynced before the response leaves);
//   - the batch digest, computed from the orders it was given; it signs that digest.
// Decryption requests are handled one at a time, so the check against the AnswerLog and the
// record in it are one step.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/secret_bytes.h"
#include "phantompool/crypto/threshold/dkg.h"
#include "phantompool/crypto/threshold/key_share.h"
#include "phantompool/crypto/threshold/public_key_set.h"
#include "phantompool/executor/answer_log.h"
#include "phantompool/executor/roster.h"
#include "phantompool/order/pair_spec.h"

namespace phantompool::executor {

using Clock = std::function<int64_t()>;  // unix milliseconds
int64_t SystemClockMs();

// The labels its two sealed files carry (sealed_file.h): a file sealed as one is never
// opened as the other.
inline constexpr std::string_view kIdentityPurpose = "executor-identity";
inline constexpr std::string_view kKeySharePurpose = "executor-key-share";

// Where an executor keeps its state (executor init creates it).
struct ExecutorPaths {
  std::string dir;
  std::string identity() const { return dir + "/identity.sealed"; }
  std::string key_share() const { return dir + "/key_share.sealed"; }
  std::string key_set() const { return dir + "/key_set.json"; }
  // The public key sets of the epochs before the current one (a forced DKG retires one):
  // the previous session's VRF shares may have been made under one of them.
  std::string retired_key_sets() const { return dir + "/retired_key_sets.json"; }
  std::string answers() const { return dir + "/answers.log"; }
};

struct ExecutorNodeOptions {
  uint32_t index = 0;
  Roster roster;
  ExecutorPaths paths;
  std::vector<order::PairSpec> pairs;  // the pairs whose schedules it checks
  Clock clock = SystemClockMs;
};

struct ExecutorHealth {
  uint32_t index = 0;
  bool has_key = false;
  uint32_t key_epoch = 0;
  size_t answered = 0;  // R points released
  int64_t now_ms = 0;
};

class ExecutorNode {
 public:
  // Opens the identity and, if the DKG has run, the key share (both sealed under
  // `passphrase`) and the answer log.
  static Result<std::unique_ptr<ExecutorNode>> Open(ExecutorNodeOptions options,
                                                    crypto::SecretBytes passphrase);
  ~ExecutorNode();

  // A DecryptRequest (binary); the DecryptResponse (binary), or why it is refused.
  Result<std::vector<uint8_t>> Decrypt(std::span<const uint8_t> request);

  // The DKG, one round per call, relayed by the operator's `phantompool dkg` (each request
  // signed by the coordinator's key; dkg_relay.h has the formats).
  Result<std::vector<uint8_t>> DkgStep(std::string_view step, std::span<const uint8_t> request);

  ExecutorHealth Health() const;
  uint32_t index() const;

 private:
  class State;
  explicit ExecutorNode(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace phantompool::executor
