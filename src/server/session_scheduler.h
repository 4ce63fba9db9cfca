// SessionScheduler: closes each pair's batch every batch period, or as soon as the orders
// this server accepted for it reach the pair's batch size, and hands it to the coordinator.
// A pair's sessions run one at a time on its own thread. Before each session the scheduler
// takes the pair's lease in the store (an advisory lock on PostgreSQL), so when several
// servers share a database exactly one coordinates a pair; the others keep taking orders.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "phantompool/executor/coordinator.h"
#include "phantompool/store/store.h"

namespace phantompool::server {

struct ScheduledPair {
  int64_t pair_id = 0;
  std::string symbol;
  int64_t period_ms = 0;
  int64_t max_orders = 0;
};

class SessionScheduler {
 public:
  using OnSession = std::function<void(const executor::SessionReport&)>;
  SessionScheduler(store::Store& store, executor::Coordinator& coordinator,
                   std::vector<ScheduledPair> pairs, OnSession on_session);
  ~SessionScheduler();
  void Start();
  void Stop();  // finishes the session in progress

  // An order was accepted for the pair: close early once the batch is full.
  void OrderAccepted(int64_t pair_id);

 private:
  struct PairState {
    ScheduledPair pair;
    int64_t accepted = 0;
    std::thread thread;
  };
  void Run(PairState& state);

  store::Store& store_;
  executor::Coordinator& coordinator_;
  OnSession on_session_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::map<int64_t, std::unique_ptr<PairState>> pairs_;
};

}  // namespace phantompool::server
