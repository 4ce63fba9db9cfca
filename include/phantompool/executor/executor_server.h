// The executor's HTTP endpoint: ExecutorNode behind net::HttpServer.
//
//   POST /v1/decrypt          application/octet-stream DecryptRequest → DecryptResponse
//   POST /v1/dkg/<step>       application/octet-stream (dkg_relay.h)
//   GET  /v1/health           {"index", "has_key", "key_epoch", "answered", "time_ms"}
// Errors are the API's JSON error with its HTTP status (a refusal names its reason). Work
// runs on the executor's own worker thread, never on the network threads.
#pragma once

#include <memory>

#include "phantompool/common/result.h"
#include "phantompool/executor/executor_node.h"
#include "phantompool/net/http_server.h"

namespace phantompool::executor {

class ExecutorServer {
 public:
  static Result<std::unique_ptr<ExecutorServer>> Start(std::shared_ptr<ExecutorNode> node,
                                                       const net::HttpServerOptions& options);
  ~ExecutorServer();
  uint16_t port() const;
  void Stop();

 private:
  class Impl;
  explicit ExecutorServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace phantompool::executor
