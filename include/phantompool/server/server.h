// The PhantomPool server: the trader-facing HTTP/JSON API and WebSocket stream over the
// store, order intake with batch proof verification, and — when it holds the coordinator's
// keys — the per-pair batch sessions (docs/api.md, docs/architecture.md). A pair's batch
// period and size are the pair's own (PairSpec), which the executors check on their clocks.
//
// Threads: the network threads (net::HttpServer) only parse and route; every handler runs
// on a worker pool, proof verification on its own pool (batched across concurrent
// submissions), each pair's sessions on a scheduler thread, and the stream's fan-out on one
// thread that waits on the store's notifications.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "phantompool/common/result.h"
#include "phantompool/executor/coordinator.h"
#include "phantompool/store/store.h"

namespace phantompool::server {

enum class DepositMode : uint8_t {
  kOperator,  // POST /v1/deposits refused: an operator credits deposits (`deposit credit`)
  kAuto,      // credited at once: a demo or test network without real custody
};

struct ServerConfig {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0: ephemeral (Server::port() tells which)
  int io_threads = 2;
  int handler_threads = 32;  // they mostly wait: on the database and on verification
  int verify_threads = 2;
  DepositMode deposits = DepositMode::kOperator;
  // Per user (or per remote address before authentication): a token bucket.
  double rate_per_second = 50;
  double rate_burst = 100;
  // The coordinator's directory (its identity, the roster, the key set). Every server can
  // coordinate; the pair's lease decides which one does.
  std::string coordinator_dir;
  std::optional<std::string> coordinator_passphrase_file;  // else PHANTOMPOOL_PASSPHRASE
  std::optional<std::string> web_root;                     // static dashboard files
  std::chrono::milliseconds executor_check_interval{5'000};
};

// Strict JSON (unknown keys refused, errors name the field):
//   {"listen": "127.0.0.1:8080", "io_threads": 2, "handler_threads": 32, "verify_threads": 2,
//    "deposits": "operator" | "auto", "rate_per_second": 50, "rate_burst": 100,
//    "coordinator_dir": "...", "coordinator_passphrase_file": "...",
//    "web_root": "...", "executor_check_interval_ms": 5000}
Result<ServerConfig> ParseServerConfig(std::string_view text);
Result<ServerConfig> LoadServerConfig(const std::string& path);

class Server {
 public:
  // `store` must outlive the server. `coordinator` runs the sessions of every pair whose
  // lease this server wins; its key set is what GET /v1/keys publishes and orders prove
  // against.
  static Result<std::unique_ptr<Server>> Start(const ServerConfig& config, store::Store& store,
                                               std::unique_ptr<executor::Coordinator> coordinator);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  uint16_t port() const;
  // Stops taking requests, finishes the session in progress, closes every stream.
  void Stop();

  class Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace phantompool::server
