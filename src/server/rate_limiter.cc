#include "rate_limiter.h"

#include <algorithm>

namespace phantompool::server {

Status RateLimiter::Take(const std::string& who, int64_t now_ms) {
  std::lock_guard lock(mu_);
  if (now_ms - last_sweep_ms_ > 60'000) {
    // A bucket idle long enough to be full again is the same as no bucket.
    const double refill_ms = burst_ / std::max(rate_, 1e-9) * 1000.0;
    std::erase_if(buckets_, [&](const auto& kv) {
      return static_cast<double>(now_ms - kv.second.at_ms) > refill_ms;
    });
    last_sweep_ms_ = now_ms;
  }
  auto [it, fresh] = buckets_.try_emplace(who, Bucket{burst_, now_ms});
  Bucket& b = it->second;
  if (!fresh) {
    const double elapsed = static_cast<double>(std::max<int64_t>(0, now_ms - b.at_ms)) / 1000.0;
    b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
    b.at_ms = now_ms;
  }
  if (b.tokens < 1.0) {
    return Status::ResourceExhausted("rate", "too many requests; slow down and retry");
  }
  b.tokens -= 1.0;
  return Status::Ok();
}

}  // namespace phantompool::server
