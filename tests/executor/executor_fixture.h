// Five executors in temporary directories, a coordinator key and a controllable clock:
// the quorum without a network (InProcessTransport) for unit tests.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "phantompool/executor/decrypt_messages.h"
#include "phantompool/executor/dkg_runner.h"
#include "phantompool/executor/executor_node.h"
#include "phantompool/executor/sealed_file.h"
#include "phantompool/executor/transport.h"

namespace phantompool::executor::testing {

inline crypto::SecretBytes Passphrase(uint32_t index) {
  const std::string p = "passphrase-of-executor-" + std::to_string(index);
  return crypto::SecretBytes({reinterpret_cast<const uint8_t*>(p.data()), p.size()});
}

struct Quorum {
  explicit Quorum(uint32_t n = 5, uint32_t t = 3) : rng(7), roster(Roster::Empty(t)) {
    root = std::filesystem::temp_directory_path() /
           ("pp_quorum_" + std::to_string(getpid()) + "_" + std::to_string(counter()++));
    std::filesystem::remove_all(root);
    coordinator.emplace(ParticipantKey::Generate(rng));
    roster.SetCoordinator(coordinator->public_key());
    for (uint32_t i = 1; i <= n; ++i) {
      auto key = ParticipantKey::Generate(rng);
      const std::string dir = (root / ("executor-" + std::to_string(i))).string();
      std::filesystem::create_directories(dir);
      EXPECT_TRUE(WriteSealedFile(ExecutorPaths{dir}.identity(), kIdentityPurpose, key.ExposeSeed(),
                                  Passphrase(i), rng)
                      .ok());
      roster.Put(
          RosterEntry{i, key.public_key(), net::Url{"127.0.0.1", static_cast<uint16_t>(7100 + i)}});
      dirs.push_back(dir);
      identities.push_back(std::move(key));
    }
    for (uint32_t i = 1; i <= n; ++i) nodes.push_back(Open(i).value());
  }
  ~Quorum() {
    nodes.clear();
    std::filesystem::remove_all(root);
  }

  Result<std::shared_ptr<ExecutorNode>> Open(uint32_t index) {
    ExecutorNodeOptions o;
    o.index = index;
    o.roster = roster;
    o.paths = ExecutorPaths{dirs[index - 1]};
    o.clock = [this] { return now_ms.load(); };
    PP_ASSIGN_OR_RETURN(auto node, ExecutorNode::Open(std::move(o), Passphrase(index)));
    return std::shared_ptr<ExecutorNode>(std::move(node));
  }

  std::unique_ptr<Transport> InProcess() { return MakeInProcessTransport(nodes); }

  Result<DkgRunResult> RunDkg(uint32_t epoch = 1, bool force = false) {
    auto transport = InProcess();
    DkgRunOptions o;
    o.key_epoch = epoch;
    o.session_id = "test-dkg-" + std::to_string(epoch) + "-" + std::to_string(runs++);
    o.force = force;
    return executor::RunDkg(*transport, roster, *coordinator, o);
  }

  static std::atomic<int>& counter() {
    static std::atomic<int> c{0};
    return c;
  }

  crypto::DeterministicRng rng;
  Roster roster;
  std::optional<ParticipantKey> coordinator;
  std::filesystem::path root;
  std::vector<std::string> dirs;
  std::vector<ParticipantKey> identities;  // the executors' own keys (a test plays a liar)
  std::vector<std::shared_ptr<ExecutorNode>> nodes;
  std::atomic<int64_t> now_ms{1'700'000'000'000};
  int runs = 0;
};

}  // namespace phantompool::executor::testing
