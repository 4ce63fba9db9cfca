#include "phantompool/executor/executor_server.h"

#include <nlohmann/json.hpp>

#include "phantompool/api/json.h"
#include "phantompool/common/thread_pool.h"
#include "phantompool/executor/dkg_relay.h"

namespace phantompool::executor {
namespace {

net::HttpResponse Error(const Status& s) {
  return {HttpStatusFor(s.code()), "application/json", api::ErrorJson(s), {}};
}

net::HttpResponse Binary(std::vector<uint8_t> bytes) {
  return {200, "application/octet-stream", std::string(bytes.begin(), bytes.end()), {}};
}

std::span<const uint8_t> BodyBytes(const net::HttpRequest& req) {
  return {reinterpret_cast<const uint8_t*>(req.body.data()), req.body.size()};
}

}  // namespace

class ExecutorServer::Impl {
 public:
  std::shared_ptr<ExecutorNode> node;
  // Decryption and the DKG are serialised inside the node; one worker keeps the network
  // threads free, a second lets health checks through while a decryption runs.
  ThreadPool workers{2};
  std::unique_ptr<net::HttpServer> server;

  void Handle(net::HttpRequest req, net::Respond respond) {
    if (req.method == "GET" && req.path == "/v1/health") {
      const ExecutorHealth h = node->Health();
      nlohmann::json j = {{"index", h.index},
                          {"has_key", h.has_key},
                          {"key_epoch", h.key_epoch},
                          {"answered", h.answered},
                          {"time_ms", h.now_ms}};
      return respond({200, "application/json", j.dump(), {}});
    }
    if (req.method != "POST") {
      return respond(Error(Status::NotFound("path", req.method + " " + req.path)));
    }
    static constexpr std::string_view kDkg = "/v1/dkg/";
    workers.Post([this, req = std::move(req), respond = std::move(respond)] {
      Result<std::vector<uint8_t>> out = Status::NotFound("path", req.path);
      if (req.path == "/v1/decrypt") {
        out = node->Decrypt(BodyBytes(req));
      } else if (req.path.rfind(kDkg, 0) == 0) {
        out = node->DkgStep(std::string_view(req.path).substr(kDkg.size()), BodyBytes(req));
      }
      respond(out.ok() ? Binary(std::move(out).value()) : Error(out.status()));
    });
  }
};

Result<std::unique_ptr<ExecutorServer>> ExecutorServer::Start(
    std::shared_ptr<ExecutorNode> node, const net::HttpServerOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->node = std::move(node);
  net::HttpServerOptions o = options;
  o.max_body_bytes = std::max<size_t>(o.max_body_bytes, 256 * 1024 * 1024);  // big batches
  Impl* raw = impl.get();
  PP_ASSIGN_OR_RETURN(
      impl->server,
      net::HttpServer::Start(
          o, [raw](net::HttpRequest r, net::Respond s) { raw->Handle(std::move(r), std::move(s)); },
          std::nullopt));
  return std::unique_ptr<ExecutorServer>(new ExecutorServer(std::move(impl)));
}

ExecutorServer::ExecutorServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ExecutorServer::~ExecutorServer() {
  Stop();
}
uint16_t ExecutorServer::port() const {
  return impl_->server->port();
}
void ExecutorServer::Stop() {
  if (impl_->server) impl_->server->Stop();
}

}  // namespace phantompool::executor
