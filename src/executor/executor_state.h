// ExecutorNode's state, shared by its decryption (executor_node.cc) and DKG
// (executor_dkg.cc) halves. Internal to the executor module.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "phantompool/crypto/rng.h"
#include "phantompool/crypto/threshold/dkg.h"
#include "phantompool/executor/answer_log.h"
#include "phantompool/executor/decrypt_messages.h"
#include "phantompool/executor/executor_node.h"

namespace phantompool::executor {

using crypto::threshold::KeyShare;
using crypto::threshold::PublicKeySet;

// The key this executor holds after a DKG.
struct RetiredKeySet {
  uint32_t epoch = 0;
  PublicKeySet keys;
};

struct InstalledKey {
  uint32_t epoch = 0;
  KeyShare share;
  PublicKeySet keys;
  std::vector<RetiredKeySet> retired;  // oldest first
};

// The retired key sets (retired_key_sets.cc): empty when there are none.
Result<std::vector<RetiredKeySet>> LoadRetiredKeySets(const ExecutorPaths& paths);
Status SaveRetiredKeySets(const ExecutorPaths& paths, const std::vector<RetiredKeySet>& sets);

// A DKG in progress: the round this executor is in.
struct DkgRun {
  uint32_t epoch = 0;
  std::string session_id;
  std::optional<crypto::threshold::DkgConfig> config;
  std::optional<crypto::threshold::DkgRound1> r1;
  std::optional<crypto::threshold::DkgRound2> r2;
  std::optional<crypto::threshold::DkgRound3> r3;
  std::optional<crypto::threshold::DkgRound4> r4;
};

class ExecutorNode::State {
 public:
  ExecutorNodeOptions options;
  crypto::SecretBytes passphrase;
  std::optional<ParticipantKey> identity;
  std::unique_ptr<AnswerLog> log;
  crypto::SystemRng rng;

  mutable std::mutex key_mu;  // guards key (replaced whole by a DKG)
  std::shared_ptr<const InstalledKey> key;

  std::mutex decrypt_mu;  // one decryption at a time: check and record are one step
  std::mutex dkg_mu;
  std::optional<DkgRun> dkg;

  const order::PairSpec* FindPair(const std::string& symbol) const {
    for (const auto& p : options.pairs) {
      if (p.symbol() == symbol) return &p;
    }
    return nullptr;
  }
  Result<ParticipantPublicKey> Coordinator() const {
    if (!options.roster.coordinator()) {
      return Status::FailedPrecondition("roster.coordinator",
                                        "the roster names no coordinator yet");
    }
    return *options.roster.coordinator();
  }
  std::shared_ptr<const InstalledKey> Key() const {
    std::lock_guard<std::mutex> lock(key_mu);
    return key;
  }

  Result<std::vector<uint8_t>> Decrypt(std::span<const uint8_t> bytes);
  Result<std::vector<uint8_t>> Dkg(std::string_view step, std::span<const uint8_t> bytes);
  Status Install(uint32_t epoch, const crypto::threshold::DkgResult& result);
};

}  // namespace phantompool::executor
