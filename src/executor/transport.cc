#include "phantompool/executor/transport.h"

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#include "phantompool/api/json.h"
#include "phantompool/net/http_client.h"

namespace phantompool::executor {
namespace {

class HttpTransport final : public Transport {
 public:
  explicit HttpTransport(const Roster& roster) {
    for (const auto& e : roster.executors()) {
      clients_[e.index] = std::make_unique<Client>(e.endpoint);
    }
  }

  Result<std::vector<uint8_t>> Decrypt(uint32_t index, std::span<const uint8_t> request,
                                       std::chrono::milliseconds deadline) override {
    return Post(index, "/v1/decrypt", request, deadline);
  }
  Result<std::vector<uint8_t>> DkgStep(uint32_t index, std::string_view step,
                                       std::span<const uint8_t> request,
                                       std::chrono::milliseconds deadline) override {
    return Post(index, "/v1/dkg/" + std::string(step), request, deadline);
  }
  Result<ExecutorHealth> Health(uint32_t index, std::chrono::milliseconds deadline) override {
    PP_ASSIGN_OR_RETURN(Client * c, Find(index));
    std::lock_guard<std::mutex> lock(c->mu);
    c->http.set_timeout(deadline);
    PP_ASSIGN_OR_RETURN(net::HttpResponse res, c->http.Send("GET", "/v1/health"));
    if (res.status != 200) return api::StatusFromErrorJson(res.status, res.body);
    const auto j = nlohmann::json::parse(res.body, nullptr, false);
    if (!j.is_object() || !j.contains("index") || !j.contains("has_key")) {
      return Status::Internal("health", "malformed answer from executor " + std::to_string(index));
    }
    ExecutorHealth h;
    h.index = j["index"].get<uint32_t>();
    h.has_key = j["has_key"].get<bool>();
    h.key_epoch = j.value("key_epoch", 0u);
    h.answered = j.value("answered", size_t{0});
    h.now_ms = j.value("time_ms", int64_t{0});
    return h;
  }

 private:
  struct Client {
    explicit Client(const net::Url& url) : http(url) {}
    std::mutex mu;
    net::HttpClient http;
  };

  Result<Client*> Find(uint32_t index) {
    auto it = clients_.find(index);
    if (it == clients_.end()) return Status::InvalidArgument("index", "not in the roster");
    return it->second.get();
  }

  Result<std::vector<uint8_t>> Post(uint32_t index, const std::string& path,
                                    std::span<const uint8_t> body,
                                    std::chrono::milliseconds deadline) {
    PP_ASSIGN_OR_RETURN(Client * c, Find(index));
    std::lock_guard<std::mutex> lock(c->mu);
    c->http.set_timeout(deadline);
    PP_ASSIGN_OR_RETURN(
        net::HttpResponse res,
        c->http.Send("POST", path,
                     std::string_view(reinterpret_cast<const char*>(body.data()), body.size()),
                     {{"Content-Type", "application/octet-stream"}}));
    if (res.status != 200) return api::StatusFromErrorJson(res.status, res.body);
    return std::vector<uint8_t>(res.body.begin(), res.body.end());
  }

  std::map<uint32_t, std::unique_ptr<Client>> clients_;
};

class InProcessTransport final : public Transport {
 public:
  explicit InProcessTransport(std::vector<std::shared_ptr<ExecutorNode>> nodes)
      : nodes_(std::move(nodes)) {}

  Result<std::vector<uint8_t>> Decrypt(uint32_t index, std::span<const uint8_t> request,
                                       std::chrono::milliseconds) override {
    PP_ASSIGN_OR_RETURN(ExecutorNode * n, Find(index));
    return n->Decrypt(request);
  }
  Result<std::vector<uint8_t>> DkgStep(uint32_t index, std::string_view step,
                                       std::span<const uint8_t> request,
                                       std::chrono::milliseconds) override {
    PP_ASSIGN_OR_RETURN(ExecutorNode * n, Find(index));
    return n->DkgStep(step, request);
  }
  Result<ExecutorHealth> Health(uint32_t index, std::chrono::milliseconds) override {
    PP_ASSIGN_OR_RETURN(ExecutorNode * n, Find(index));
    return n->Health();
  }

 private:
  Result<ExecutorNode*> Find(uint32_t index) {
    if (index == 0 || index > nodes_.size()) return Status::InvalidArgument("index", "unknown");
    if (!nodes_[index - 1]) {
      return Status::Unavailable("executor", "executor " + std::to_string(index) + " is down");
    }
    return nodes_[index - 1].get();
  }
  std::vector<std::shared_ptr<ExecutorNode>> nodes_;
};

}  // namespace

std::unique_ptr<Transport> MakeHttpTransport(const Roster& roster) {
  return std::make_unique<HttpTransport>(roster);
}

std::unique_ptr<Transport> MakeInProcessTransport(
    std::vector<std::shared_ptr<ExecutorNode>> nodes) {
  return std::make_unique<InProcessTransport>(std::move(nodes));
}

}  // namespace phantompool::executor
