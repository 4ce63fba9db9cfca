// The threshold suite's quorum over real processes: five `phantompool executor` processes on
// 127.0.0.1, their DKG run over HTTP (as `phantompool dkg` runs it), then one closing session
// of 10,000 orders from the signed request to the opened batch:
//
//   decrypt_batch_10k_orders_ms   wall time of the quorum round: the coordinator (this
//                                 process) signs the request, asks three executors (the
//                                 others only on a failure), each parses and checks it (every
//                                 order's proof of knowledge of r), computes its shares with
//                                 their batched DLEQ proof and its VRF share, fsyncs its
//                                 answer log and answers over HTTP; the coordinator verifies
//                                 every answer, combines three and opens every order.
//   decrypt_cpu_ns_per_order      CPU time of all of it per order, across the five executor
//                                 processes (from /proc) and the coordinator, in ns and in S
//   decrypt_executor_cpu_ms       the three answering executors' CPU, each (max)
//   decrypt_coordinator_cpu_ms    the coordinator's CPU during the round
//   dkg_processes_ms              the DKG among the five processes, over HTTP
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>

#include "decrypt_batch.h"
#include "harness.h"
#include "phantompool/common/allocator.h"
#include "phantompool/common/check.h"
#include "phantompool/common/file_io.h"
#include "phantompool/executor/dkg_runner.h"
#include "phantompool/executor/executor_config.h"
#include "phantompool/executor/executor_node.h"
#include "phantompool/executor/quorum_round.h"
#include "phantompool/executor/sealed_file.h"
#include "phantompool/executor/transport.h"
#include "phantompool/net/http_client.h"

namespace phantompool::bench {
namespace {

namespace th = crypto::threshold;

constexpr size_t kBatch = 10'000;
constexpr uint32_t kEpoch = 1;
constexpr uint32_t kExecutors = 5;
// What a 10,000-order session leaves resident in an executor (RSS ~14 -> ~84-90 MiB,
// measured), faulted in at start as an operator would configure it (executor.json,
// warm_heap_mib): the first session then runs on warm pages too.
constexpr uint32_t kWarmHeapMib = 96;
constexpr const char* kPassphrase = "bench-processes-passphrase";

double MsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// A port free on 127.0.0.1 now, drawn below the kernel's ephemeral range (as
// scripts/lib/ports.sh does): a port the kernel hands out for an outgoing connection could be
// taken again before the executor binds it.
bool PortFree(uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  PP_CHECK(fd >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  const bool free = bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  close(fd);
  return free;
}

uint16_t FreePort(std::vector<uint16_t>& taken) {
  unsigned low = 32768;
  std::ifstream("/proc/sys/net/ipv4/ip_local_port_range") >> low;
  const unsigned span = low > 12000 ? low - 11000 : 1000;
  std::random_device seed;
  std::mt19937 pick(seed());
  for (int attempt = 0; attempt < 200; ++attempt) {
    const auto port = static_cast<uint16_t>(10000 + pick() % span);
    if (std::find(taken.begin(), taken.end(), port) == taken.end() && PortFree(port)) {
      taken.push_back(port);
      return port;
    }
  }
  std::fprintf(stderr, "no free port below %u on 127.0.0.1 in 200 draws\n", low);
  std::exit(1);
}

// user + system CPU of process `pid` in ms, from /proc/<pid>/stat.
double ProcessCpuMs(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(in, line);
  std::istringstream fields(line.substr(line.rfind(')') + 2));
  std::string skip;
  for (int i = 3; i < 14; ++i) fields >> skip;  // fields 3..13
  double utime = 0, stime = 0;
  fields >> utime >> stime;
  return (utime + stime) * 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double SelfCpuMs() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 +
         (u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-3;
}

// Five executor processes with fresh identities, stopped (SIGTERM) when it goes.
class ExecutorProcesses {
 public:
  ExecutorProcesses() : rng_(23), roster_(executor::Roster::Empty(3)) {
    root_ =
        std::filesystem::temp_directory_path() / ("pp_bench_processes_" + std::to_string(getpid()));
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_);
    const std::string pass_file = (root_ / "passphrase").string();
    PP_CHECK(WriteFileAtomically(pass_file, std::string(kPassphrase) + "\n", 0600).ok());
    const crypto::SecretBytes passphrase(
        {reinterpret_cast<const uint8_t*>(kPassphrase), std::strlen(kPassphrase)});
    coordinator_.emplace(th::ParticipantKey::Generate(rng_));
    roster_.SetCoordinator(coordinator_->public_key());
    const std::string roster_path = (root_ / "roster.json").string();
    std::vector<std::string> configs;
    std::vector<uint16_t> ports;
    for (uint32_t i = 1; i <= kExecutors; ++i) {
      const auto key = th::ParticipantKey::Generate(rng_);
      const std::string dir = (root_ / ("executor-" + std::to_string(i))).string();
      std::filesystem::create_directories(dir);
      PP_CHECK(executor::WriteSealedFile(executor::ExecutorPaths{dir}.identity(),
                                         executor::kIdentityPurpose, key.ExposeSeed(), passphrase,
                                         rng_)
                   .ok());
      executor::ExecutorConfig c;
      c.index = i;
      c.listen_port = FreePort(ports);
      c.roster_path = roster_path;
      c.state_dir = dir;
      c.warm_heap_mib = kWarmHeapMib;
      configs.push_back(dir + "/executor.json");
      PP_CHECK(c.Save(configs.back()).ok());
      roster_.Put(executor::RosterEntry{i, key.public_key(), net::Url{"127.0.0.1", c.listen_port}});
    }
    PP_CHECK(roster_.Save(roster_path).ok());
    for (const std::string& config : configs) {
      const pid_t pid = fork();
      PP_CHECK(pid >= 0);
      if (pid == 0) {
        const std::string log = config + ".log";
        if (freopen(log.c_str(), "w", stderr) == nullptr) _exit(126);
        execl(PP_PHANTOMPOOL_BIN, PP_PHANTOMPOOL_BIN, "executor", "--config", config.c_str(),
              "--passphrase-file", pass_file.c_str(), static_cast<char*>(nullptr));
        _exit(127);
      }
      pids_.push_back(pid);
    }
    for (const auto& e : roster_.executors()) WaitHealthy(e.endpoint);
  }

  ~ExecutorProcesses() {
    for (pid_t pid : pids_) kill(pid, SIGTERM);
    for (pid_t pid : pids_) waitpid(pid, nullptr, 0);
    std::filesystem::remove_all(root_);
  }

  const executor::Roster& roster() const { return roster_; }
  const th::ParticipantKey& coordinator() const { return *coordinator_; }
  const std::vector<pid_t>& pids() const { return pids_; }

 private:
  static void WaitHealthy(const net::Url& url) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    for (;;) {
      net::HttpClient client(url, std::chrono::seconds(2));
      auto r = client.Send("GET", "/v1/health");
      if (r.ok() && r->status == 200) return;
      PP_CHECK(std::chrono::steady_clock::now() < deadline);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  crypto::DeterministicRng rng_;
  executor::Roster roster_;
  std::optional<th::ParticipantKey> coordinator_;
  std::filesystem::path root_;
  std::vector<pid_t> pids_;
};

void DecryptBatchOverProcesses(Figures& f) {
  RetainBatchMemory();  // this process is the coordinator, as `phantompool serve` sets it up
  ExecutorProcesses quorum;
  auto transport = executor::MakeHttpTransport(quorum.roster());
  executor::DkgRunOptions dkg_options;
  dkg_options.key_epoch = kEpoch;
  dkg_options.session_id = "bench-processes-dkg";
  auto start = std::chrono::steady_clock::now();
  auto dkg = executor::RunDkg(*transport, quorum.roster(), quorum.coordinator(), dkg_options);
  PP_CHECK(dkg.ok());
  f.Add("dkg_processes_ms", MsSince(start), "ms");
  const th::PublicKeySet& keys = dkg->keys;

  // Two sessions of a pair on the same five processes. The first meets fresh processes
  // (every page of every batch buffer faulted in for the first time); the second is what a
  // running pool pays per session, its memory retained from the first (RetainBatchMemory
  // in the executors and here). The figures are the second's; the first's are
  // reported beside them as *_cold_*.
  crypto::DeterministicRng rng(29);
  DecryptBatchFixture first = MakeDecryptBatch(keys.public_key(), kEpoch, kBatch, rng);
  DecryptBatchFixture second = MakeDecryptBatch(keys.public_key(), kEpoch, kBatch, rng);
  second.request.session_id = 2;
  second.request.session_number = 2;

  auto round_over_processes = [&](const DecryptBatchFixture& b, const executor::Bytes32& previous,
                                  const std::string& suffix) {
    const auto pointers = b.Pointers();
    std::vector<double> cpu_before;
    for (pid_t pid : quorum.pids()) cpu_before.push_back(ProcessCpuMs(pid));
    const double self_before = SelfCpuMs();
    executor::QuorumRoundOptions options;
    options.preference = {1, 2, 3};
    const auto round_start = std::chrono::steady_clock::now();
    auto round = executor::RunQuorumRound(*transport, quorum.roster(), keys, quorum.coordinator(),
                                          b.request, previous, pointers, b.pair, options);
    const double wall = MsSince(round_start);
    const double self_cpu = SelfCpuMs() - self_before;
    PP_CHECK(round.ok());
    PP_CHECK(round->complete);
    size_t opened = 0;
    for (const auto& r : round->opened) opened += r.ok();
    PP_CHECK(opened == kBatch);
    double executors_cpu = 0, max_executor = 0;
    for (size_t i = 0; i < quorum.pids().size(); ++i) {
      const double ms = ProcessCpuMs(quorum.pids()[i]) - cpu_before[i];
      executors_cpu += ms;
      max_executor = std::max(max_executor, ms);
    }
    f.Add("decrypt_batch_10k_orders" + suffix + "_ms", wall, "ms");
    f.Add("decrypt_executor_cpu" + suffix + "_ms", max_executor, "ms");
    f.Add("decrypt_coordinator_cpu" + suffix + "_ms", self_cpu, "ms");
    f.AddNs("decrypt_cpu" + suffix + "_ns_per_order", (executors_cpu + self_cpu) * 1e6 / kBatch);
    std::cout << "(session " << b.request.session_number << ": quorum " << round->quorum.size()
              << " of " << kExecutors << ", executors";
    for (uint32_t i : round->quorum) std::cout << " " << i;
    std::cout << "; every executor's CPU " << static_cast<int>(executors_cpu) << " ms)\n";
    return std::move(round).value();
  };

  const executor::QuorumRound cold = round_over_processes(first, executor::Bytes32{}, "_cold");
  executor::PreviousSession previous;
  previous.session_number = 1;
  previous.batch_digest = cold.batch_digest;
  previous.seed = cold.seed;
  previous.vrf_shares = cold.vrf_shares;
  second.request.previous = std::move(previous);
  round_over_processes(second, cold.vrf.value, "");
}

PP_BENCH_PART("threshold", "10_decrypt_batch_processes", DecryptBatchOverProcesses);

}  // namespace
}  // namespace phantompool::bench
