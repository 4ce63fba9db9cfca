// The executor suite: a 10,000-order batch from close to opened batch through the
// in-process quorum (executor/quorum_round.h): the coordinator asks three of five executors
// (the others only on a failure), each checks the request (signature, every order's proof
// of knowledge of r), computes its decryption shares with their batched DLEQ proof and its
// VRF share, fsyncs its answer log and signs; the coordinator verifies each response,
// combines three and opens every order against its commitments.
//
//   decrypt_batch_10k_orders_in_process_ms   wall time of that whole round (the three executors run
//   in
//                                 parallel threads, each answer checked on its own thread)
// and, measured alone on the same batch (thread CPU time, single-threaded):
//   executor_kem_check_ms         one executor: the batch's proofs of knowledge of r
//   executor_shares_ms            one executor: shares and the batched DLEQ proof
//   coordinator_verify_ms         the coordinator: one response's shares verified
//   coordinator_combine_ms        the coordinator: three responses combined (Lagrange)
//   coordinator_open_ms           the coordinator: every order opened and checked (the
//                                 round does it in one slice per core)
//   executor_answer_ms            one executor's whole answer (parse, checks, shares, log)
//   request_sign_ms, response_parse_ms   the messages' own cost
//
// The orders are real orders of the order module's format, encrypted to the quorum's joint
// key with a valid proof of knowledge of r each; to build 10,000 of them in seconds they
// share one template's range and product proofs (nothing on this path verifies those:
// intake did).
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "decrypt_batch.h"
#include "harness.h"
#include "order_assembler.h"
#include "order_statement.h"
#include "phantompool/crypto/aead.h"
#include "phantompool/crypto/pedersen.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/crypto/secret_scalar.h"
#include "phantompool/crypto/threshold/decryption_share.h"
#include "phantompool/executor/dkg_runner.h"
#include "phantompool/executor/executor_node.h"
#include "phantompool/executor/quorum_round.h"
#include "phantompool/executor/sealed_file.h"
#include "phantompool/executor/transport.h"
#include "phantompool/order/kem_check.h"
#include "phantompool/order/kem_statement.h"
#include "phantompool/order/order_open.h"

namespace phantompool::bench {
namespace {

namespace th = crypto::threshold;
using crypto::Point;
using crypto::Scalar;
using executor::Bytes32;

constexpr size_t kBatch = 10'000;
constexpr uint32_t kEpoch = 1;

double Ms(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

double CpuMs(const std::function<void()>& op) {
  timespec a, b;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
  op();
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
  return (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) * 1e-6;
}

crypto::SecretBytes Passphrase(uint32_t index) {
  const std::string p = "bench-passphrase-" + std::to_string(index);
  return crypto::SecretBytes({reinterpret_cast<const uint8_t*>(p.data()), p.size()});
}

// Five executors in a temporary directory, with their key from an in-process DKG.
struct BenchQuorum {
  BenchQuorum() : rng(17), roster(executor::Roster::Empty(3)) {
    root =
        std::filesystem::temp_directory_path() / ("pp_bench_executor_" + std::to_string(getpid()));
    std::filesystem::remove_all(root);
    coordinator.emplace(th::ParticipantKey::Generate(rng));
    roster.SetCoordinator(coordinator->public_key());
    for (uint32_t i = 1; i <= 5; ++i) {
      auto key = th::ParticipantKey::Generate(rng);
      const std::string dir = (root / ("executor-" + std::to_string(i))).string();
      std::filesystem::create_directories(dir);
      PP_CHECK(executor::WriteSealedFile(executor::ExecutorPaths{dir}.identity(),
                                         executor::kIdentityPurpose, key.ExposeSeed(),
                                         Passphrase(i), rng)
                   .ok());
      roster.Put(executor::RosterEntry{i, key.public_key(),
                                       net::Url{"127.0.0.1", static_cast<uint16_t>(7100 + i)}});
      dirs.push_back(dir);
    }
    for (uint32_t i = 1; i <= 5; ++i) {
      executor::ExecutorNodeOptions o;
      o.index = i;
      o.roster = roster;
      o.paths = executor::ExecutorPaths{dirs[i - 1]};
      auto node = executor::ExecutorNode::Open(std::move(o), Passphrase(i));
      PP_CHECK(node.ok());
      nodes.push_back(std::shared_ptr<executor::ExecutorNode>(std::move(node).value()));
    }
    auto transport = executor::MakeInProcessTransport(nodes);
    executor::DkgRunOptions o;
    o.key_epoch = kEpoch;
    o.session_id = "bench-dkg";
    auto dkg = executor::RunDkg(*transport, roster, *coordinator, o);
    PP_CHECK(dkg.ok());
    keys.emplace(dkg->keys);
  }
  ~BenchQuorum() {
    nodes.clear();
    std::filesystem::remove_all(root);
  }

  th::KeyShare Share(uint32_t index) const {
    auto secret = executor::ReadSealedFile(executor::ExecutorPaths{dirs[index - 1]}.key_share(),
                                           executor::kKeySharePurpose, Passphrase(index));
    PP_CHECK(secret.ok());
    auto share = th::KeyShare::Parse(secret->ExposeSecret());
    PP_CHECK(share.ok());
    return std::move(share).value();
  }

  crypto::DeterministicRng rng;
  executor::Roster roster;
  std::optional<th::ParticipantKey> coordinator;
  std::filesystem::path root;
  std::vector<std::string> dirs;
  std::vector<std::shared_ptr<executor::ExecutorNode>> nodes;
  std::optional<th::PublicKeySet> keys;
};

void DecryptBatch(Figures& f) {
  BenchQuorum q;
  const Point& joint = q.keys->public_key();
  crypto::DeterministicRng rng(5);
  DecryptBatchFixture b = MakeDecryptBatch(joint, kEpoch, kBatch, rng);
  const order::PairSpec& pair = b.pair;
  const executor::DecryptRequest& request = b.request;
  const std::vector<const order::EncryptedOrder*> pointers = b.Pointers();
  const std::vector<const order::KemStatement*> kems = b.Kems();

  auto transport = executor::MakeInProcessTransport(q.nodes);
  executor::QuorumRoundOptions options;
  options.preference = {1, 2, 3};
  const auto start = std::chrono::steady_clock::now();
  auto round = executor::RunQuorumRound(*transport, q.roster, *q.keys, *q.coordinator, request,
                                        Bytes32{}, pointers, pair, options);
  const double total = Ms(start);
  PP_CHECK(round.ok());
  size_t opened = 0;
  for (const auto& r : round->opened) opened += r.ok();
  PP_CHECK(opened == kBatch);
  f.Add("decrypt_batch_10k_orders_in_process_ms", total, "ms");

  // One executor's whole answer, alone (executor 4 was not asked: its log is fresh): parse
  // and signature, the proofs of knowledge of r, shares and DLEQ, VRF share, fsynced log.
  const std::vector<uint8_t> bytes = request.Serialize(*q.coordinator);
  std::vector<uint8_t> answer;
  f.Add("executor_answer_ms", CpuMs([&] {
          auto a = q.nodes[3]->Decrypt(bytes);
          PP_CHECK(a.ok());
          answer = std::move(a).value();
        }),
        "ms");
  f.Add("request_sign_ms", CpuMs([&] { DoNotOptimize(request.Serialize(*q.coordinator)); }), "ms");
  f.Add("response_parse_ms", CpuMs([&] {
          PP_CHECK(executor::DecryptResponse::Parse(answer, q.roster.executor(4).public_key).ok());
        }),
        "ms");

  // The parts alone, on the same batch and seed.
  const Bytes32 seed = round->seed;
  std::vector<Point> R;
  for (const auto* k : kems) R.push_back(k->R());
  f.Add("executor_kem_check_ms",
        CpuMs([&] { DoNotOptimize(order::VerifyKemProofs(kems, joint, kEpoch)); }), "ms");
  std::vector<th::DecryptionShares> shares;
  for (uint32_t i = 1; i <= 3; ++i) {
    const th::KeyShare key = q.Share(i);
    const double ms = CpuMs([&] {
      auto s = th::ProveDecryptionShares(seed, key, R, rng);
      PP_CHECK(s.ok());
      shares.push_back(std::move(s).value());
    });
    if (i == 1) f.Add("executor_shares_ms", ms, "ms");
  }
  f.Add("coordinator_verify_ms",
        CpuMs([&] { PP_CHECK(th::VerifyDecryptionShares(seed, *q.keys, 1, R, shares[0]).ok()); }),
        "ms");
  std::vector<Point> K;
  f.Add("coordinator_combine_ms", CpuMs([&] { K = th::CombineShares(*q.keys, shares).value(); }),
        "ms");
  f.Add("coordinator_open_ms",
        CpuMs([&] { DoNotOptimize(order::OpenEncryptedOrders(pointers, pair, K, joint)); }), "ms");
}

PP_BENCH_PART("executor", "00_decrypt_batch", DecryptBatch);

}  // namespace
}  // namespace phantompool::bench
