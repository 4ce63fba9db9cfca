// An executor's configuration file (written by `phantompool executor init`):
//   {"format": "phantompool-executor", "version": 1, "index": 1,
//    "listen": "127.0.0.1:7101", "roster": "/path/executors.json",
//    "state_dir": "/path/executor-1"}
// Relative paths are resolved against the configuration file's directory.
#pragma once

#include <string>

#include "phantompool/common/result.h"

namespace phantompool::executor {

struct ExecutorConfig {
  uint32_t index = 0;
  std::string listen_address = "127.0.0.1";
  uint16_t listen_port = 0;
  std::string roster_path;
  std::string state_dir;
  // Heap faulted in at start and kept for batches (RetainBatchMemory): about what one session
  // of the largest batch leaves resident (~70 MiB for 10,000 orders). 0: none. Optional.
  uint32_t warm_heap_mib = 0;
  static constexpr uint32_t kMaxWarmHeapMib = 4096;

  static Result<ExecutorConfig> Load(const std::string& path);
  Status Save(const std::string& path) const;
};

}  // namespace phantompool::executor
