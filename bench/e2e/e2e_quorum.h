// The five executors of the e2e benchmark, on real sockets with the real clock.
//
// The quorum's keys are made once and kept in build/bench-cache/e2e-quorum-v1/ (identities
// from a fixed DeterministicRng seed, the DKG's key shares sealed as the executors keep them,
// and the public key set): the joint key is then the same on every run, which is what lets
// the intake orders (proven against that key, 60 ms each) be cached too. Each run copies the
// executors' files into a fresh temporary directory without their answer logs (an executor
// answers for an R once, and the cached orders' R repeat from run to run).
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "phantompool/common/check.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/executor/dkg_runner.h"
#include "phantompool/executor/executor_node.h"
#include "phantompool/executor/executor_server.h"
#include "phantompool/executor/sealed_file.h"
#include "phantompool/executor/transport.h"

namespace phantompool::bench::e2e {

namespace fs = std::filesystem;
namespace th = crypto::threshold;

inline crypto::SecretBytes Passphrase(uint32_t index) {
  const std::string p = "bench-e2e-passphrase-" + std::to_string(index);
  return crypto::SecretBytes({reinterpret_cast<const uint8_t*>(p.data()), p.size()});
}

[[noreturn]] inline void Fail(const std::string& why) {
  std::fprintf(stderr, "bench_e2e: %s\n", why.c_str());
  std::exit(1);
}

// The quorum's identities (fixed seed) and its key set, made once per cache directory.
class CachedQuorum {
 public:
  explicit CachedQuorum(const fs::path& cache)
      : cache_(cache), roster_(executor::Roster::Empty(3)) {
    crypto::DeterministicRng keys_rng(20260);  // identities: the same on every run
    coordinator_.emplace(th::ParticipantKey::Generate(keys_rng));
    roster_.SetCoordinator(coordinator_->public_key());
    for (uint32_t i = 1; i <= 5; ++i) {
      auto key = th::ParticipantKey::Generate(keys_rng);
      roster_.Put(executor::RosterEntry{i, key.public_key(),
                                        net::Url{"127.0.0.1", static_cast<uint16_t>(7100 + i)}});
      identities_.push_back(std::move(key));
    }
    const fs::path keyset = cache_ / "public_key_set.bin";
    if (!fs::exists(keyset)) MakeKeys();
    std::ifstream in(keyset, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
    auto keys = th::PublicKeySet::Parse(bytes);
    if (!keys.ok()) Fail("cached key set unreadable (delete " + cache_.string() + ")");
    keys_.emplace(std::move(keys).value());
  }

  const th::PublicKeySet& keys() const { return *keys_; }
  const th::ParticipantKey& coordinator() const { return *coordinator_; }
  const executor::Roster& roster() const { return roster_; }
  fs::path ExecutorDir(uint32_t i) const { return cache_ / ("executor-" + std::to_string(i)); }

 private:
  void MakeKeys() {
    std::printf("(no cached quorum: running the DKG once into %s)\n", cache_.c_str());
    fs::remove_all(cache_);
    crypto::SystemRng seal_rng;
    std::vector<std::shared_ptr<executor::ExecutorNode>> nodes;
    for (uint32_t i = 1; i <= 5; ++i) {
      const fs::path dir = ExecutorDir(i);
      fs::create_directories(dir);
      PP_CHECK(executor::WriteSealedFile(executor::ExecutorPaths{dir.string()}.identity(),
                                         executor::kIdentityPurpose,
                                         identities_[i - 1].ExposeSeed(), Passphrase(i), seal_rng)
                   .ok());
      executor::ExecutorNodeOptions o;
      o.index = i;
      o.roster = roster_;
      o.paths = executor::ExecutorPaths{dir.string()};
      auto node = executor::ExecutorNode::Open(std::move(o), Passphrase(i));
      if (!node.ok()) Fail(node.status().ToString());
      nodes.push_back(std::shared_ptr<executor::ExecutorNode>(std::move(node).value()));
    }
    auto transport = executor::MakeInProcessTransport(nodes);
    executor::DkgRunOptions o;
    o.key_epoch = 1;
    o.session_id = "bench-e2e-dkg";
    auto dkg = executor::RunDkg(*transport, roster_, *coordinator_, o);
    if (!dkg.ok()) Fail("DKG: " + dkg.status().ToString());
    const auto bytes = dkg->keys.Serialize();
    std::ofstream(cache_ / "public_key_set.bin", std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
  }

  fs::path cache_;
  executor::Roster roster_;
  std::optional<th::ParticipantKey> coordinator_;
  std::vector<th::ParticipantKey> identities_;
  std::optional<th::PublicKeySet> keys_;
};

// One running copy of the quorum: five ExecutorServers on ephemeral ports, fresh answer logs.
class RunningQuorum {
 public:
  RunningQuorum(const CachedQuorum& q, const std::string& name) : roster_(q.roster()) {
    root_ = fs::temp_directory_path() / ("pp_bench_e2e_" + std::to_string(getpid()) + "_" + name);
    fs::remove_all(root_);
    for (uint32_t i = 1; i <= 5; ++i) {
      const fs::path dir = root_ / ("executor-" + std::to_string(i));
      fs::create_directories(dir);
      for (const auto& e : fs::directory_iterator(q.ExecutorDir(i))) {
        if (e.path().filename() == "answers.log") continue;
        fs::copy(e.path(), dir / e.path().filename(), fs::copy_options::recursive);
      }
      executor::ExecutorNodeOptions o;
      o.index = i;
      o.roster = roster_;
      o.paths = executor::ExecutorPaths{dir.string()};
      auto node = executor::ExecutorNode::Open(std::move(o), Passphrase(i));
      if (!node.ok()) Fail("executor " + std::to_string(i) + ": " + node.status().ToString());
      std::shared_ptr<executor::ExecutorNode> shared(std::move(node).value());
      net::HttpServerOptions so;
      so.port = 0;
      auto s = executor::ExecutorServer::Start(shared, so);
      if (!s.ok()) Fail(s.status().ToString());
      auto entry = roster_.executor(i);
      entry.endpoint = net::Url{"127.0.0.1", (*s)->port()};
      roster_.Put(entry);
      servers_.push_back(std::move(*s));
    }
  }
  ~RunningQuorum() {
    servers_.clear();
    fs::remove_all(root_);
  }
  const executor::Roster& roster() const { return roster_; }

 private:
  fs::path root_;
  executor::Roster roster_;
  std::vector<std::unique_ptr<executor::ExecutorServer>> servers_;
};

}  // namespace phantompool::bench::e2e
