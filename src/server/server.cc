// The server's life cycle and its request path: rate limit → route → authenticate → the
// handler on the worker pool → metrics → the response.
#include "phantompool/server/server.h"

#include <spdlog/spdlog.h>

#include "openapi.h"
#include "phantompool/common/thread_pool.h"
#include "phantompool/net/http_server.h"
#include "server_core.h"
#include "static_files.h"

namespace phantompool::server {

class Server::Impl {
 public:
  Impl(const ServerConfig& config, store::Store& store,
       std::unique_ptr<executor::Coordinator> coordinator)
      : core(config, store, std::move(coordinator)),
        handlers(static_cast<size_t>(config.handler_threads)) {}
  ~Impl() { Stop(); }

  Status Start();
  void Stop();
  void Handle(net::HttpRequest request, net::Respond respond);
  std::variant<net::HttpResponse, std::string> AuthorizeStream(const net::HttpRequest& request);

  ServerCore core;
  Router router;
  std::string openapi;
  ThreadPool handlers;
  std::unique_ptr<net::HttpServer> http;
  std::thread housekeeping;
  std::mutex stop_mu;
  std::condition_variable stop_cv;
  bool stopping = false;

 private:
  void Housekeeping();
};

namespace {

net::HttpResponse ToResponse(const Reply& r) {
  net::HttpResponse out;
  out.status = r.status;
  out.body = r.body;
  out.content_type = r.content_type;
  return out;
}

net::HttpResponse ErrorResponse(const Status& s) {
  net::HttpResponse out;
  out.status = HttpStatusFor(s.code());
  out.body = api::ErrorJson(s);
  return out;
}

}  // namespace

Status Server::Impl::Start() {
  AddPublicRoutes(router, core);
  AddAccountRoutes(router, core);
  AddOrderRoutes(router, core);
  AddSessionRoutes(router, core);
  router.Add({"GET",
              "/v1/openapi.json",
              Access::kPublic,
              "This document",
              "",
              "",
              {},
              [this](const Call&) -> Result<Reply> {
                return Reply{200, openapi};
              }});
  openapi = OpenApiDocument(router).dump(2);

  PP_ASSIGN_OR_RETURN(auto pairs, core.store.ListPairs(store::Principal::Service()));
  std::vector<ScheduledPair> scheduled;
  for (const auto& p : pairs) {
    if (!p.is_active) continue;
    scheduled.push_back(
        {p.id, p.spec.symbol(), p.spec.fields().batch_period_ms, p.spec.fields().batch_max_orders});
  }
  core.scheduler = std::make_unique<SessionScheduler>(
      core.store, *core.coordinator, std::move(scheduled),
      [this](const executor::SessionReport& r) {
        core.metrics.CountSession(r.pair, r.settled, r.total_ms, r.orders);
        if (r.settled) {
          spdlog::info(
              "session {} #{}: {} orders, {} excluded, {} trades, price {}, volume {} "
              "({} ms: freeze {}, quorum {}, clear {}, settle {})",
              r.pair, r.session_number, r.orders, r.excluded, r.trades,
              r.clearing_price ? std::to_string(*r.clearing_price) : "none", r.volume, r.total_ms,
              r.freeze_ms, r.quorum_ms, r.clear_ms, r.settle_ms);
        } else {
          spdlog::warn(
              "session {} #{} waits for the quorum (its orders stay frozen, their "
              "locks intact; the next attempt reuses every valid answer): {}",
              r.pair, r.session_number, r.failure_reason);
        }
      });

  core.hub.Start();
  net::HttpServerOptions options;
  options.address = core.config.address;
  options.port = core.config.port;
  options.threads = core.config.io_threads;
  net::WebSocketHandler ws;
  ws.matches = [](const net::HttpRequest& r) { return r.path == "/v1/stream"; };
  ws.authorize = [this](const net::HttpRequest& r) { return AuthorizeStream(r); };
  ws.on_open = [this](std::shared_ptr<net::WebSocketConnection> socket,
                      const net::HttpRequest& upgrade) {
    const std::string& subject = socket->subject();
    const int64_t user = subject.rfind("trader:", 0) == 0 ? std::stoll(subject.substr(7)) : 0;
    auto after = QueryInt(upgrade, "after_id", 0, 0, INT64_MAX);
    Status s = after.ok() ? core.hub.Attach(socket, user, *after) : after.status();
    if (!s.ok()) {
      socket->Send(api::ErrorJson(s));
      socket->Close();
    }
  };
  ws.on_message = [](const std::shared_ptr<net::WebSocketConnection>&, std::string) {
    // The stream is one-way; what a client sends is ignored.
  };
  ws.on_close = [this](const std::shared_ptr<net::WebSocketConnection>& socket) {
    core.hub.Detach(socket->id());
  };
  PP_ASSIGN_OR_RETURN(http, net::HttpServer::Start(
                                options,
                                [this](net::HttpRequest r, net::Respond respond) {
                                  Handle(std::move(r), std::move(respond));
                                },
                                std::move(ws)));
  core.scheduler->Start();
  housekeeping = std::thread([this] { Housekeeping(); });
  return Status::Ok();
}

std::variant<net::HttpResponse, std::string> Server::Impl::AuthorizeStream(
    const net::HttpRequest& request) {
  if (auto limited =
          core.limiter.Take("ip:" + request.remote.substr(0, request.remote.rfind(':')), NowMs());
      !limited.ok()) {
    return ErrorResponse(limited);
  }
  auto after = QueryInt(request, "after_id", 0, 0, INT64_MAX);
  if (!after.ok()) return ErrorResponse(after.status());
  auto who = core.auth.Check(request);
  if (!who.ok()) return ErrorResponse(who.status());
  return who->user_id == 0 ? std::string("public") : "trader:" + std::to_string(who->user_id);
}

void Server::Impl::Handle(net::HttpRequest request, net::Respond respond) {
  const auto queued = std::chrono::steady_clock::now();
  handlers.Post([this, queued, request = std::move(request),
                 respond = std::move(respond)]() mutable {
    const auto started = std::chrono::steady_clock::now();
    core.metrics.AddStageTime(
        "handler_wait",
        std::chrono::duration_cast<std::chrono::microseconds>(started - queued).count());
    auto finish = [&](const std::string& route, net::HttpResponse response) {
      const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                              std::chrono::steady_clock::now() - started)
                              .count();
      core.metrics.CountRequest(route, response.status, micros);
      respond(std::move(response));
    };
    const std::string ip = request.remote.substr(0, request.remote.rfind(':'));
    Router::Match match = router.Find(request.method, request.path);
    if (match.route == nullptr) {
      if (request.method == "GET" && core.config.web_root && !match.path_known) {
        if (auto file = ServeStatic(*core.config.web_root, request.path)) {
          return finish("static", ToResponse(*file));
        }
      }
      return finish(
          "unmatched",
          ErrorResponse(match.path_known ? Status::InvalidArgument("method", "not allowed here")
                                         : Status::NotFound("path", "no such route")));
    }
    const Route& route = *match.route;
    // Before authentication the limit is per address; after, per user.
    if (Status s = core.limiter.Take("ip:" + ip, NowMs()); !s.ok()) {
      return finish(route.pattern, ErrorResponse(s));
    }
    Call call{request, std::move(match.params), 0};
    if (route.access != Access::kRegistering) {
      StageTimer stages(core.metrics);
      auto who = core.auth.Check(request);
      stages.Lap("authenticate");
      if (!who.ok()) return finish(route.pattern, ErrorResponse(who.status()));
      call.user_id = who->user_id;
      if (route.access == Access::kTrader && call.user_id == 0) {
        return finish(route.pattern, ErrorResponse(Status::Unauthenticated(
                                         "x-pp-signature", "this route needs a signed request")));
      }
      if (call.user_id != 0) {
        if (Status s = core.limiter.Take("user:" + std::to_string(call.user_id), NowMs());
            !s.ok()) {
          return finish(route.pattern, ErrorResponse(s));
        }
      }
    }
    Result<Reply> reply = route.handler(call);
    if (!reply.ok()) {
      if (reply.status().code() == StatusCode::kInternal ||
          reply.status().code() == StatusCode::kCorruption) {
        spdlog::error("{} {}: {}", request.method, route.pattern, reply.status().ToString());
      }
      return finish(route.pattern, ErrorResponse(reply.status()));
    }
    finish(route.pattern, ToResponse(*reply));
  });
}

void Server::Impl::Housekeeping() {
  auto next_check = std::chrono::steady_clock::now();
  auto next_metrics = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::unique_lock lock(stop_mu);
  while (!stopping) {
    stop_cv.wait_until(lock, std::min(next_check, next_metrics), [&] { return stopping; });
    if (stopping) break;
    lock.unlock();
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_check) {
      if (Status s = core.coordinator->CheckExecutors(); !s.ok()) {
        spdlog::warn("executor check: {}", s.ToString());
      }
      next_check = now + core.config.executor_check_interval;
    }
    if (now >= next_metrics) {
      const Metrics::Snapshot m = core.metrics.Take();
      const int64_t end = NowMs() * 1000;
      const int64_t start = end - 60'000'000;
      for (const auto& [name, value] : std::vector<std::pair<std::string, double>>{
               {"http_requests_total", static_cast<double>(m.requests)},
               {"orders_accepted_total", static_cast<double>(m.orders_accepted)},
               {"orders_rejected_total", static_cast<double>(m.orders_rejected)},
               {"sessions_settled_total", static_cast<double>(m.sessions_settled)},
               {"sessions_failed_total", static_cast<double>(m.sessions_failed)}}) {
        store::MetricSample sample{name, "count", "server", value, std::nullopt, start, end};
        if (Status s = core.store.RecordMetric(store::Principal::Service(), sample); !s.ok()) {
          spdlog::warn("metrics: {}", s.ToString());
        }
      }
      store::HealthUpdate h;
      h.component = "api_server";
      const double error_rate = m.requests ? static_cast<double>(m.errors) / m.requests : 0;
      h.status = error_rate > 0.05 ? store::HealthStatus::kDegraded : store::HealthStatus::kHealthy;
      h.health_score = static_cast<int32_t>(10000 * (1.0 - error_rate));
      h.response_time_ms = static_cast<int32_t>(m.mean_request_ms);
      h.error_rate = error_rate;
      if (Status s = core.store.UpdateSystemHealth(store::Principal::Service(), h); !s.ok()) {
        spdlog::warn("health: {}", s.ToString());
      }
      next_metrics = now + std::chrono::seconds(60);
    }
    lock.lock();
  }
}

void Server::Impl::Stop() {
  {
    std::lock_guard lock(stop_mu);
    if (stopping) return;
    stopping = true;
  }
  stop_cv.notify_all();
  if (housekeeping.joinable()) housekeeping.join();
  if (http) http->Stop();
  if (core.scheduler) core.scheduler->Stop();
  core.hub.Stop();
}

Result<std::unique_ptr<Server>> Server::Start(const ServerConfig& config, store::Store& store,
                                              std::unique_ptr<executor::Coordinator> coordinator) {
  if (!coordinator) return Status::InvalidArgument("coordinator_dir", "required");
  auto impl = std::make_unique<Impl>(config, store, std::move(coordinator));
  PP_RETURN_IF_ERROR(impl->Start());
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() {
  Stop();
}
uint16_t Server::port() const {
  return impl_->http->port();
}
void Server::Stop() {
  impl_->Stop();
}

}  // namespace phantompool::server
