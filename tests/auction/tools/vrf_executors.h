// Five executors after one honest 3-of-5 distributed key generation whose randomness comes
// from a DeterministicRng: the test-only source of real threshold-VRF material for replay
// files (the golden files, the replay tests, the replay benchmark). Every message is
// delivered to everyone, as a perfect relay would.
//
// Draw(seed) has executors 1, 3 and 4 (by default) prove their VRF shares on the seed, with
// randomness derived from the seed (so a file's material is the same on every run), and
// combines them with VerifyVrf: the key set, the shares and the output an honest
// coordinator would record.
#pragma once

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "phantompool/auction/session_draw.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/crypto/threshold/dkg.h"
#include "phantompool/crypto/threshold/vrf.h"

namespace phantompool::auction::testing {

class VrfExecutors {
 public:
  struct Material {
    std::vector<uint8_t> key_set;
    std::vector<std::vector<uint8_t>> shares;
    Digest32 output{};
  };

  static const VrfExecutors& Shared() {
    static const VrfExecutors* run = new VrfExecutors();
    return *run;
  }

  const crypto::threshold::PublicKeySet& keys() const { return results_[0].public_keys(); }

  Material Draw(const Digest32& seed, std::vector<uint32_t> executors = {1, 3, 4}) const {
    using namespace crypto::threshold;
    crypto::DeterministicRng rng(seed);
    Material m;
    m.key_set = keys().Serialize();
    std::vector<VrfShare> shares;
    for (uint32_t i : executors) {
      shares.push_back(Must(ProveVrfShare(results_[i - 1].key_share(), seed, rng), "share"));
      const auto bytes = shares.back().Serialize();
      m.shares.emplace_back(bytes.begin(), bytes.end());
    }
    const VrfOutput out = Must(VerifyVrf(keys(), seed, shares), "combine");
    m.output = out.value;
    return m;
  }

 private:
  template <typename T>
  static T Must(Result<T> r, const char* what) {
    if (!r.ok()) {
      std::cerr << "VrfExecutors: " << what << ": " << r.status().ToString() << "\n";
      std::abort();
    }
    return std::move(r).value();
  }

  VrfExecutors() {
    using namespace crypto::threshold;
    constexpr uint32_t kThreshold = 3, kExecutors = 5;
    crypto::DeterministicRng rng(20261201);
    std::vector<ParticipantKey> keys;
    std::vector<ParticipantPublicKey> publics;
    for (uint32_t i = 0; i < kExecutors; ++i) {
      keys.push_back(ParticipantKey::Generate(rng));
      publics.push_back(keys.back().public_key());
    }
    const std::string session = "phantompool-golden-replay-executors";
    const DkgConfig config =
        Must(DkgConfig::Create(std::vector<uint8_t>(session.begin(), session.end()), kThreshold,
                               publics),
             "config");
    std::vector<DkgRound1> r1;
    std::vector<DealingMessage> dealings;
    for (uint32_t i = 1; i <= kExecutors; ++i) {
      r1.push_back(Must(DkgParticipant::Start(config, i, keys[i - 1], rng), "start"));
      dealings.push_back(r1.back().dealing());
    }
    std::vector<DkgRound2> r2;
    std::vector<ComplaintMessage> complaints;
    for (auto& r : r1) {
      r2.push_back(Must(std::move(r).ReceiveDealings(dealings), "dealings"));
      for (const auto& c : r2.back().complaints()) complaints.push_back(c);
    }
    std::vector<DkgRound3> r3;
    std::vector<ComplaintAnswer> answers;
    for (auto& r : r2) {
      r3.push_back(Must(std::move(r).ReceiveComplaints(complaints), "complaints"));
      for (const auto& a : r3.back().answers()) answers.push_back(a);
    }
    std::vector<DkgRound4> r4;
    std::vector<ConfirmationMessage> confirmations;
    for (auto& r : r3) {
      r4.push_back(Must(std::move(r).ReceiveAnswers(answers), "answers"));
      confirmations.push_back(r4.back().confirmation());
    }
    for (auto& r : r4) {
      results_.push_back(Must(std::move(r).ReceiveConfirmations(confirmations), "confirmations"));
    }
  }

  std::vector<crypto::threshold::DkgResult> results_;
};

}  // namespace phantompool::auction::testing
