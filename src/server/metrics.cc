#include "metrics.h"

#include <fmt/format.h>

namespace phantompool::server {
namespace {

// Label values are route patterns and pair symbols: escape what the format requires anyway.
std::string Label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::CountRequest(const std::string& route, int status, int64_t micros) {
  std::lock_guard lock(mu_);
  ++requests_[{route, status}];
  request_micros_[route] += static_cast<uint64_t>(micros < 0 ? 0 : micros);
}

void Metrics::CountOrder(bool accepted) {
  std::lock_guard lock(mu_);
  ++(accepted ? orders_accepted_ : orders_rejected_);
}

void Metrics::CountSession(const std::string& pair, bool settled, int64_t total_ms,
                           uint64_t orders) {
  std::lock_guard lock(mu_);
  ++sessions_[{pair, settled}];
  last_session_ms_[pair] = total_ms;
  last_session_orders_[pair] = orders;
}

void Metrics::SetGauge(const std::string& name, const std::string& help, double value) {
  std::lock_guard lock(mu_);
  gauges_[name] = {help, value};
}

void Metrics::AddStageTime(const std::string& stage, int64_t micros) {
  std::lock_guard lock(mu_);
  auto& [count, total] = stages_[stage];
  ++count;
  total += static_cast<uint64_t>(micros < 0 ? 0 : micros);
}

std::string Metrics::Render() const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP phantompool_http_requests_total HTTP requests by route and status.\n";
  out += "# TYPE phantompool_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    out += fmt::format("phantompool_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                       Label(key.first), key.second, n);
  }
  out += "# HELP phantompool_http_request_seconds_sum Time spent answering, by route.\n";
  out += "# TYPE phantompool_http_request_seconds_sum counter\n";
  for (const auto& [route, us] : request_micros_) {
    out += fmt::format("phantompool_http_request_seconds_sum{{route=\"{}\"}} {:.6f}\n",
                       Label(route), static_cast<double>(us) / 1e6);
  }
  out += "# HELP phantompool_stage_seconds_sum Time requests spent in each stage of the server.\n";
  out += "# TYPE phantompool_stage_seconds_sum counter\n";
  for (const auto& [stage, v] : stages_) {
    out += fmt::format("phantompool_stage_seconds_sum{{stage=\"{}\"}} {:.6f}\n", Label(stage),
                       static_cast<double>(v.second) / 1e6);
  }
  out += "# HELP phantompool_stage_total Requests that went through each stage of the server.\n";
  out += "# TYPE phantompool_stage_total counter\n";
  for (const auto& [stage, v] : stages_) {
    out += fmt::format("phantompool_stage_total{{stage=\"{}\"}} {}\n", Label(stage), v.first);
  }
  out += "# HELP phantompool_orders_total Orders submitted, by outcome.\n";
  out += "# TYPE phantompool_orders_total counter\n";
  out += fmt::format("phantompool_orders_total{{outcome=\"accepted\"}} {}\n", orders_accepted_);
  out += fmt::format("phantompool_orders_total{{outcome=\"rejected\"}} {}\n", orders_rejected_);
  out += "# HELP phantompool_sessions_total Batch sessions closed, by pair and outcome.\n";
  out += "# TYPE phantompool_sessions_total counter\n";
  for (const auto& [key, n] : sessions_) {
    out += fmt::format("phantompool_sessions_total{{pair=\"{}\",outcome=\"{}\"}} {}\n",
                       Label(key.first), key.second ? "settled" : "failed", n);
  }
  out += "# HELP phantompool_last_session_seconds Wall time of the pair's last session.\n";
  out += "# TYPE phantompool_last_session_seconds gauge\n";
  for (const auto& [pair, ms] : last_session_ms_) {
    out += fmt::format("phantompool_last_session_seconds{{pair=\"{}\"}} {:.3f}\n", Label(pair),
                       static_cast<double>(ms) / 1000.0);
  }
  out += "# HELP phantompool_last_session_orders Orders in the pair's last session.\n";
  out += "# TYPE phantompool_last_session_orders gauge\n";
  for (const auto& [pair, n] : last_session_orders_) {
    out += fmt::format("phantompool_last_session_orders{{pair=\"{}\"}} {}\n", Label(pair), n);
  }
  for (const auto& [name, hv] : gauges_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", name, hv.first, name, name,
                       hv.second);
  }
  return out;
}

Metrics::Snapshot Metrics::Take() const {
  std::lock_guard lock(mu_);
  Snapshot s;
  uint64_t micros = 0;
  for (const auto& [key, n] : requests_) {
    s.requests += n;
    if (key.second >= 500) s.errors += n;
  }
  for (const auto& [route, us] : request_micros_) micros += us;
  s.mean_request_ms = s.requests ? static_cast<double>(micros) / 1000.0 / s.requests : 0;
  s.orders_accepted = orders_accepted_;
  s.orders_rejected = orders_rejected_;
  for (const auto& [key, n] : sessions_) (key.second ? s.sessions_settled : s.sessions_failed) += n;
  return s;
}

}  // namespace phantompool::server
