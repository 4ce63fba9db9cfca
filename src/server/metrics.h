// Metrics: the server's counters and gauges, read by GET /metrics (Prometheus text format,
// version 0.0.4) and copied every minute into system_metrics and system_health by the
// server, so the figures an operator scrapes and the ones the database keeps are the same.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace phantompool::server {

class Metrics {
 public:
  void CountRequest(const std::string& route, int status, int64_t micros);
  void CountOrder(bool accepted);
  void CountSession(const std::string& pair, bool settled, int64_t total_ms, uint64_t orders);
  void SetGauge(const std::string& name, const std::string& help, double value);
  // Time a request spent in one stage of the server (waiting for a handler thread, an
  // order's checks, its proof verification, its store write): where a request's time goes.
  void AddStageTime(const std::string& stage, int64_t micros);

  // The exposition text.
  std::string Render() const;

  struct Snapshot {
    uint64_t requests = 0, errors = 0, orders_accepted = 0, orders_rejected = 0;
    uint64_t sessions_settled = 0, sessions_failed = 0;
    double mean_request_ms = 0;
  };
  Snapshot Take() const;

 private:
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;  // (route, status)
  std::map<std::string, uint64_t> request_micros_;            // by route
  uint64_t orders_accepted_ = 0, orders_rejected_ = 0;
  std::map<std::pair<std::string, bool>, uint64_t> sessions_;  // (pair, settled)
  std::map<std::string, int64_t> last_session_ms_;
  std::map<std::string, uint64_t> last_session_orders_;
  std::map<std::string, std::pair<std::string, double>> gauges_;  // name → (help, value)
  std::map<std::string, std::pair<uint64_t, uint64_t>> stages_;   // stage → (count, micros)
};

// Laps of one request through consecutive stages: Lap("x") adds the time since the last lap
// (or since construction) to stage x.
class StageTimer {
 public:
  explicit StageTimer(Metrics& m) : metrics_(m), last_(std::chrono::steady_clock::now()) {}
  void Lap(const std::string& stage) {
    const auto now = std::chrono::steady_clock::now();
    metrics_.AddStageTime(
        stage, std::chrono::duration_cast<std::chrono::microseconds>(now - last_).count());
    last_ = now;
  }

 private:
  Metrics& metrics_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace phantompool::server
