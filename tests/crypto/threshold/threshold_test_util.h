// Helpers shared by the threshold tests: a roster of participants, a DKG driven through
// every round by an in-memory relay whose deliveries a test can alter, and byte-level
// tampering of signed messages.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "phantompool/crypto/threshold/dkg.h"
#include "phantompool/crypto/threshold/lagrange.h"

namespace phantompool::crypto::threshold::testing {

inline std::vector<uint8_t> SessionId(std::string_view s) {
  return std::vector<uint8_t>(s.begin(), s.end());
}

struct Roster {
  std::vector<ParticipantKey> keys;  // keys[i - 1] is participant i's
  DkgConfig config;
  const ParticipantKey& key(uint32_t i) const { return keys.at(i - 1); }
};

inline Roster MakeRoster(uint32_t t, uint32_t n, uint64_t seed,
                         std::string_view session = "test-session") {
  DeterministicRng rng(seed);
  std::vector<ParticipantKey> keys;
  std::vector<ParticipantPublicKey> publics;
  for (uint32_t i = 0; i < n; ++i) {
    keys.push_back(ParticipantKey::Generate(rng));
    publics.push_back(keys.back().public_key());
  }
  auto config = DkgConfig::Create(SessionId(session), t, publics);
  EXPECT_TRUE(config.ok()) << config.status().ToString();
  return Roster{std::move(keys), std::move(config).value()};
}

// Replaces the last 64 bytes (every DKG message ends with its signature) with `key`'s
// signature over the rest under `domain`: how a dishonest sender signs what it tampered.
inline std::vector<uint8_t> Resign(std::vector<uint8_t> bytes, const ParticipantKey& key,
                                   std::string_view domain) {
  const size_t body = bytes.size() - kSignatureBytes;
  const Signature sig = key.Sign(domain, std::span(bytes).first(body));
  std::copy(sig.begin(), sig.end(), bytes.begin() + body);
  return bytes;
}

// What the relay delivers to participant `recipient` in a round; default: everything.
template <typename M>
using View = std::function<std::vector<M>(uint32_t recipient, const std::vector<M>& all)>;

// n participants driven round by round. After each step, the messages of the next round
// are collected from every participant still running; a test may edit them, or pass a
// View to show different participants different messages, before the next step.
class DkgHarness {
 public:
  DkgHarness(uint32_t t, uint32_t n, uint64_t seed, std::string_view session = "test-session")
      : roster(MakeRoster(t, n, seed, session)), rng_(seed + 1000) {
    r1.resize(n);
    r2.resize(n);
    r3.resize(n);
    r4.resize(n);
    results.resize(n);
    failures.resize(n);
  }

  uint32_t n() const { return roster.config.participants(); }
  const DkgConfig& config() const { return roster.config; }

  // Every participant starts and publishes its dealing, except those in `crashed`, which
  // take no part at all.
  void Start(std::vector<uint32_t> crashed = {}) {
    for (uint32_t i = 1; i <= n(); ++i) {
      auto round = DkgParticipant::Start(config(), i, roster.key(i), rng_);
      ASSERT_TRUE(round.ok()) << round.status().ToString();
      if (std::find(crashed.begin(), crashed.end(), i) != crashed.end()) continue;
      r1[i - 1].emplace(std::move(round).value());
      dealings.push_back(r1[i - 1]->dealing());
    }
  }

  void ReceiveDealings(View<DealingMessage> view = {}) {
    for (uint32_t i = 1; i <= n(); ++i) {
      if (!r1[i - 1]) continue;
      auto next = std::move(*r1[i - 1]).ReceiveDealings(Deliver(view, i, dealings));
      r1[i - 1].reset();
      if (!Record(i, next)) continue;
      r2[i - 1].emplace(std::move(next).value());
      for (const auto& c : r2[i - 1]->complaints()) complaints.push_back(c);
    }
  }

  void ReceiveComplaints(View<ComplaintMessage> view = {}) {
    for (uint32_t i = 1; i <= n(); ++i) {
      if (!r2[i - 1]) continue;
      auto next = std::move(*r2[i - 1]).ReceiveComplaints(Deliver(view, i, complaints));
      r2[i - 1].reset();
      if (!Record(i, next)) continue;
      r3[i - 1].emplace(std::move(next).value());
      for (const auto& a : r3[i - 1]->answers()) answers.push_back(a);
    }
  }

  void ReceiveAnswers(View<ComplaintAnswer> view = {}) {
    for (uint32_t i = 1; i <= n(); ++i) {
      if (!r3[i - 1]) continue;
      auto next = std::move(*r3[i - 1]).ReceiveAnswers(Deliver(view, i, answers));
      r3[i - 1].reset();
      if (!Record(i, next)) continue;
      r4[i - 1].emplace(std::move(next).value());
      confirmations.push_back(r4[i - 1]->confirmation());
    }
  }

  void ReceiveConfirmations(View<ConfirmationMessage> view = {}) {
    for (uint32_t i = 1; i <= n(); ++i) {
      if (!r4[i - 1]) continue;
      auto next = std::move(*r4[i - 1]).ReceiveConfirmations(Deliver(view, i, confirmations));
      r4[i - 1].reset();
      if (!Record(i, next)) continue;
      results[i - 1].emplace(std::move(next).value());
    }
  }

  // Rounds 2 to 4 with a perfect relay, after Start and whatever the test did in between.
  void Finish() {
    ReceiveComplaints();
    ReceiveAnswers();
    ReceiveConfirmations();
  }
  void RunHonest() {
    Start();
    ReceiveDealings();
    Finish();
  }

  const DkgResult& result(uint32_t i) const { return *results.at(i - 1); }
  bool final(uint32_t i) const { return results.at(i - 1).has_value(); }

  Roster roster;
  std::vector<DealingMessage> dealings;
  std::vector<ComplaintMessage> complaints;
  std::vector<ComplaintAnswer> answers;
  std::vector<ConfirmationMessage> confirmations;
  std::vector<std::optional<DkgRound1>> r1;
  std::vector<std::optional<DkgRound2>> r2;
  std::vector<std::optional<DkgRound3>> r3;
  std::vector<std::optional<DkgRound4>> r4;
  std::vector<std::optional<DkgResult>> results;
  std::vector<Status> failures;  // why participant i stopped, if it did

 private:
  template <typename M>
  static std::vector<M> Deliver(const View<M>& view, uint32_t i, const std::vector<M>& all) {
    return view ? view(i, all) : all;
  }
  template <typename R>
  bool Record(uint32_t i, const Result<R>& r) {
    if (!r.ok()) failures[i - 1] = r.status();
    return r.ok();
  }

  DeterministicRng rng_;
};

// One honest 3-of-5 run, shared by the tests of a binary that only need its outputs.
inline const DkgHarness& SharedHonestDkg() {
  static const DkgHarness* h = [] {
    auto* run = new DkgHarness(3, 5, 900, "shared-honest-run");
    run->RunHonest();
    return run;
  }();
  return *h;
}

// The joint secret s, reconstructed from t key shares: only a test may ever do this.
inline Scalar ReconstructSecretForTesting(const std::vector<const KeyShare*>& shares) {
  std::vector<uint32_t> indices;
  for (const KeyShare* k : shares) indices.push_back(k->index());
  auto lambda = LagrangeCoefficientsAtZero(indices);
  EXPECT_TRUE(lambda.ok());
  Scalar s;
  for (size_t i = 0; i < shares.size(); ++i) s += (*lambda)[i] * shares[i]->share().ExposeSecret();
  return s;
}

// Every subset of {1..n} of size k, ascending.
inline std::vector<std::vector<uint32_t>> Subsets(uint32_t n, uint32_t k) {
  std::vector<std::vector<uint32_t>> out;
  for (uint32_t mask = 0; mask < (uint32_t{1} << n); ++mask) {
    if (static_cast<uint32_t>(__builtin_popcount(mask)) != k) continue;
    std::vector<uint32_t> s;
    for (uint32_t i = 0; i < n; ++i) {
      if (mask & (uint32_t{1} << i)) s.push_back(i + 1);
    }
    out.push_back(s);
  }
  return out;
}

// Alters every byte of `bytes` in turn (each single-bit flip and 0xff) and expects
// parse-then-verify to fail every time.
inline void ExpectEveryByteFlipRejected(
    std::span<const uint8_t> bytes,
    const std::function<Status(std::span<const uint8_t>)>& parse_and_verify) {
  ASSERT_TRUE(parse_and_verify(bytes).ok()) << "the unaltered bytes must verify";
  size_t rejected = 0, tried = 0;
  std::vector<uint8_t> altered(bytes.begin(), bytes.end());
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (uint8_t mask : {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xff}) {
      altered[i] ^= mask;
      ++tried;
      const Status s = parse_and_verify(altered);
      EXPECT_FALSE(s.ok()) << "byte " << i << " ^ " << int(mask) << " accepted";
      rejected += !s.ok();
      altered[i] ^= mask;
    }
  }
  EXPECT_EQ(rejected, tried);
}

}  // namespace phantompool::crypto::threshold::testing
