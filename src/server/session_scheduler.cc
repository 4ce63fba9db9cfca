#include "session_scheduler.h"

#include <spdlog/spdlog.h>

namespace phantompool::server {

SessionScheduler::SessionScheduler(store::Store& store, executor::Coordinator& coordinator,
                                   std::vector<ScheduledPair> pairs, OnSession on_session)
    : store_(store), coordinator_(coordinator), on_session_(std::move(on_session)) {
  for (auto& p : pairs) {
    auto st = std::make_unique<PairState>();
    st->pair = std::move(p);
    pairs_[st->pair.pair_id] = std::move(st);
  }
}

SessionScheduler::~SessionScheduler() {
  Stop();
}

void SessionScheduler::Start() {
  for (auto& [id, st] : pairs_) {
    PairState* s = st.get();
    s->thread = std::thread([this, s] { Run(*s); });
  }
}

void SessionScheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& [id, st] : pairs_) {
    if (st->thread.joinable()) st->thread.join();
  }
}

void SessionScheduler::OrderAccepted(int64_t pair_id) {
  std::lock_guard lock(mu_);
  auto it = pairs_.find(pair_id);
  if (it == pairs_.end()) return;
  if (++it->second->accepted >= it->second->pair.max_orders) cv_.notify_all();
}

void SessionScheduler::Run(PairState& st) {
  using Clock = std::chrono::steady_clock;
  const auto period = std::chrono::milliseconds(st.pair.period_ms);
  auto next = Clock::now() + period;
  std::unique_lock lock(mu_);
  while (!stopping_) {
    cv_.wait_until(lock, next, [&] { return stopping_ || st.accepted >= st.pair.max_orders; });
    if (stopping_) break;
    if (Clock::now() < next && st.accepted < st.pair.max_orders) continue;  // spurious
    st.accepted = 0;
    lock.unlock();
    {
      auto lease = store_.TryLeasePair(st.pair.pair_id);
      if (lease.ok()) {
        auto report = coordinator_.RunSession(st.pair.pair_id);
        if (!report.ok()) {
          spdlog::error("session {}: {}", st.pair.symbol, report.status().ToString());
        } else if (*report && on_session_) {
          on_session_(**report);
        }
      } else if (lease.status().code() != StatusCode::kConflict) {
        spdlog::warn("session {}: lease: {}", st.pair.symbol, lease.status().ToString());
      }
      // Conflict: another server coordinates this pair; keep trying, it may stop.
    }
    lock.lock();
    next = Clock::now() + period;
  }
}

}  // namespace phantompool::server
