// The threshold suite: a whole 3-of-5 DKG, one executor's decryption shares for a batch of
// 10,000 orders, their verification, the Lagrange combination of three responses, and the
// threshold VRF. Every time is also printed in units of S (one constant-time variable-base
// scalar multiplication); S is measured in several rounds spread before, between and after
// the other parts, and the median is used (scalar_mult_spread = slowest / fastest round
// shows how steady the shared machine was).
//
// Times are the thread's CPU time (CLOCK_THREAD_CPUTIME_ID), not wall time: on the shared
// two-core machine other builds often hold both cores, and wall-clock rounds of the same
// operation then differ threefold while CPU time does not count the time the thread waited.
// On an idle machine the two agree (everything here is single-threaded).
#include <time.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <optional>
#include <vector>

#include "harness.h"
#include "phantompool/crypto/msm.h"
#include "phantompool/crypto/threshold/decryption_share.h"
#include "phantompool/crypto/threshold/dkg.h"
#include "phantompool/crypto/threshold/lagrange.h"
#include "phantompool/crypto/threshold/vrf.h"

namespace phantompool::bench {
namespace {

using namespace phantompool::crypto;
using namespace phantompool::crypto::threshold;

constexpr size_t kBatch = 10'000;

double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// MeasureNs (harness.h) on the thread's CPU clock: a warm-up call, then five rounds of at
// least min_seconds / 5 each; the median round's nanoseconds per call.
double MeasureCpuNs(const std::function<void()>& op, double min_seconds = 0.5, int min_iters = 3) {
  op();
  constexpr int kRounds = 5;
  std::vector<double> per_call;
  for (int round = 0; round < kRounds; ++round) {
    int iters = 0;
    const double start = ThreadCpuSeconds();
    double elapsed = 0;
    do {
      op();
      ++iters;
      elapsed = ThreadCpuSeconds() - start;
    } while (elapsed < min_seconds / kRounds || iters < std::max(1, min_iters / kRounds));
    per_call.push_back(elapsed * 1e9 / iters);
  }
  std::sort(per_call.begin(), per_call.end());
  return per_call[kRounds / 2];
}

double MeasureS() {
  DeterministicRng rng(42);
  const Scalar k = Scalar::Random(rng);
  Point p = Point::MulBase(Scalar::Random(rng));
  return MeasureCpuNs(
      [&] {
        p = p * k;
        DoNotOptimize(p);
      },
      0.3);
}

struct Roster {
  std::vector<ParticipantKey> keys;
  std::optional<DkgConfig> config;
};

Roster MakeRoster() {
  DeterministicRng rng(1);
  Roster r;
  std::vector<ParticipantPublicKey> publics;
  for (int i = 0; i < 5; ++i) {
    r.keys.push_back(ParticipantKey::Generate(rng));
    publics.push_back(r.keys.back().public_key());
  }
  const std::vector<uint8_t> session = {'b', 'e', 'n', 'c', 'h'};
  r.config.emplace(DkgConfig::Create(session, 3, publics).value());
  return r;
}

// All five participants through all four rounds, with a perfect relay.
std::vector<DkgResult> RunDkg(const Roster& roster, Rng& rng) {
  std::vector<DkgRound1> r1;
  std::vector<DealingMessage> dealings;
  for (uint32_t i = 1; i <= 5; ++i) {
    r1.push_back(DkgParticipant::Start(*roster.config, i, roster.keys[i - 1], rng).value());
    dealings.push_back(r1.back().dealing());
  }
  std::vector<DkgRound2> r2;
  std::vector<ComplaintMessage> complaints;
  for (auto& r : r1) {
    r2.push_back(std::move(r).ReceiveDealings(dealings).value());
    complaints.insert(complaints.end(), r2.back().complaints().begin(),
                      r2.back().complaints().end());
  }
  std::vector<DkgRound3> r3;
  std::vector<ComplaintAnswer> answers;
  for (auto& r : r2) {
    r3.push_back(std::move(r).ReceiveComplaints(complaints).value());
    answers.insert(answers.end(), r3.back().answers().begin(), r3.back().answers().end());
  }
  std::vector<DkgRound4> r4;
  std::vector<ConfirmationMessage> confirmations;
  for (auto& r : r3) {
    r4.push_back(std::move(r).ReceiveAnswers(answers).value());
    confirmations.push_back(r4.back().confirmation());
  }
  std::vector<DkgResult> out;
  for (auto& r : r4) out.push_back(std::move(r).ReceiveConfirmations(confirmations).value());
  return out;
}

void ThresholdPart(Figures& f) {
  std::vector<double> s_rounds;
  std::vector<std::pair<std::string, double>> ns;  // printed at the end, against median S
  s_rounds.push_back(MeasureS());

  DeterministicRng rng(2);
  const Roster roster = MakeRoster();
  ns.emplace_back("dkg_ns", MeasureCpuNs([&] { DoNotOptimize(RunDkg(roster, rng).size()); }, 1.0));
  const std::vector<DkgResult> dkg = RunDkg(roster, rng);
  const PublicKeySet& keys = dkg[0].public_keys();
  s_rounds.push_back(MeasureS());

  std::vector<Point> R;
  R.reserve(kBatch);
  for (size_t j = 0; j < kBatch; ++j) R.push_back(Point::MulBase(Scalar::Random(rng)));
  const std::vector<uint8_t> context = {'b', 'a', 't', 'c', 'h'};
  ns.emplace_back(
      "share_ns_per_order",
      MeasureCpuNs(
          [&] { DoNotOptimize(ProveDecryptionShares(context, dkg[0].key_share(), R, rng).ok()); },
          2.0, 1) /
          kBatch);
  std::vector<DecryptionShares> responses;
  for (uint32_t i = 1; i <= 5; ++i) {
    responses.push_back(ProveDecryptionShares(context, dkg[i - 1].key_share(), R, rng).value());
  }
  s_rounds.push_back(MeasureS());

  ns.emplace_back(
      "share_verify_ns_per_order",
      MeasureCpuNs(
          [&] { DoNotOptimize(VerifyDecryptionShares(context, keys, 1, R, responses[0]).ok()); },
          1.0, 1) /
          kBatch);
  const std::vector<DecryptionShares> three = {responses[0], responses[1], responses[3]};
  // The batched variant: three responses in one combined check (per response and order).
  ns.emplace_back("share_verify_batched3_ns_per_order",
                  MeasureCpuNs(
                      [&] {
                        sigma::CombinedCheck batch(rng);
                        for (const DecryptionShares& r : three) {
                          (void)VerifyDecryptionSharesBatched(context, keys, r.index(), R, r,
                                                              batch);
                        }
                        DoNotOptimize(batch.Holds());
                      },
                      1.0, 1) /
                      (3 * kBatch));
  s_rounds.push_back(MeasureS());

  // Quorum {1, 2, 4}: weights 8/3, −2, 1/3 — the general case, one multiplication by 3⁻¹
  // per order. Quorum {1, 2, 3}: weights 3, −3, 1 — integral, additions only; the combiner
  // picks such a quorum whenever the responses allow it.
  ns.emplace_back(
      "combine_ns_per_order",
      MeasureCpuNs([&] { DoNotOptimize(CombineShares(keys, three).ok()); }, 1.0, 1) / kBatch);
  const std::vector<DecryptionShares> integral = {responses[0], responses[1], responses[2]};
  ns.emplace_back(
      "combine_integral_ns_per_order",
      MeasureCpuNs([&] { DoNotOptimize(CombineShares(keys, integral).ok()); }, 1.0, 1) / kBatch);
  // For comparison: one multi-scalar multiplication per order with the full weights.
  const std::vector<uint32_t> idx = {1, 2, 4};
  const std::vector<Scalar> lambda = LagrangeCoefficientsAtZero(idx).value();
  ns.emplace_back("combine_msm_ns_per_order",
                  MeasureCpuNs(
                      [&] {
                        std::vector<Point> column(3);
                        for (size_t j = 0; j < kBatch; ++j) {
                          for (size_t r = 0; r < 3; ++r) {
                            column[r] = three[r].shares()[j];
                          }
                          DoNotOptimize(MultiScalarMulVartime(lambda, column));
                        }
                      },
                      1.0, 1) /
                      kBatch);
  s_rounds.push_back(MeasureS());

  std::array<uint8_t, 32> seed{};
  seed[0] = 1;
  ns.emplace_back("vrf_ns", MeasureCpuNs([&] {
                    std::vector<VrfShare> shares;
                    for (uint32_t i = 1; i <= 5; ++i) {
                      shares.push_back(ProveVrfShare(dkg[i - 1].key_share(), seed, rng).value());
                    }
                    const std::vector<VrfShare> quorum = {shares[0], shares[2], shares[4]};
                    DoNotOptimize(VerifyVrf(keys, seed, quorum).ok());
                  }));
  s_rounds.push_back(MeasureS());

  std::vector<double> sorted = s_rounds;
  std::sort(sorted.begin(), sorted.end());
  const double s = sorted[sorted.size() / 2];
  f.SetReference("S", s);
  f.AddNs("scalar_mult_ns", s);
  f.Add("scalar_mult_spread", sorted.back() / sorted.front(), "");
  for (const auto& [name, value] : ns) {
    if (name == "dkg_ns" || name == "vrf_ns") {
      f.AddNs(name, value);
      f.Add(name.substr(0, 3) + "_ms", value / 1e6, "ms");
    } else {
      f.AddNs(name, value);
    }
  }
}

PP_BENCH_PART("threshold", "00_threshold", ThresholdPart);

}  // namespace
}  // namespace phantompool::bench
