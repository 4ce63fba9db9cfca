// RateLimiter: a token bucket per caller ("user:42", or "ip:127.0.0.1" before
// authentication). A caller over its rate gets ResourceExhausted (HTTP 429) and nothing
// else happens. Idle buckets are dropped so the table stays small.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "phantompool/common/result.h"

namespace phantompool::server {

class RateLimiter {
 public:
  RateLimiter(double per_second, double burst) : rate_(per_second), burst_(burst) {}
  // Takes one token for `who` at time `now_ms`.
  Status Take(const std::string& who, int64_t now_ms);

 private:
  struct Bucket {
    double tokens = 0;
    int64_t at_ms = 0;
  };
  double rate_, burst_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
  int64_t last_sweep_ms_ = 0;
};

}  // namespace phantompool::server
