// Transport: how the coordinator (and the operator's DKG command) reach the executors.
// HttpTransport talks to executor processes over HTTP; InProcessTransport calls
// ExecutorNodes directly, for unit tests. Both give the same bytes and the same Status.
#pragma once

#include <chrono>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/executor/executor_node.h"
#include "phantompool/executor/roster.h"

namespace phantompool::executor {

class Transport {
 public:
  virtual ~Transport() = default;
  // Thread-safe for different executors; calls to one executor are not concurrent.
  virtual Result<std::vector<uint8_t>> Decrypt(uint32_t index, std::span<const uint8_t> request,
                                               std::chrono::milliseconds deadline) = 0;
  virtual Result<std::vector<uint8_t>> DkgStep(uint32_t index, std::string_view step,
                                               std::span<const uint8_t> request,
                                               std::chrono::milliseconds deadline) = 0;
  virtual Result<ExecutorHealth> Health(uint32_t index, std::chrono::milliseconds deadline) = 0;
};

std::unique_ptr<Transport> MakeHttpTransport(const Roster& roster);
// `nodes[i]` serves index i + 1; a null entry is an executor that is down (Unavailable).
std::unique_ptr<Transport> MakeInProcessTransport(std::vector<std::shared_ptr<ExecutorNode>> nodes);

}  // namespace phantompool::executor
