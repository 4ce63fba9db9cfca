// The event stream: a WebSocket to /v1/stream?after_id=N, signed like any request. A
// dropped connection is reopened from the last id delivered; the server sends everything
// after it, in order.
#include "client_impl.h"
#include "phantompool/api/request_signature.h"

namespace phantompool::client {
namespace {

class Stream final : public EventStream {
 public:
  Stream(Client::Impl& impl, int64_t after_id) : impl_(impl), last_id_(after_id) {}

  Result<std::optional<api::EventInfo>> Next(std::chrono::milliseconds timeout) override {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      if (!ws_) {
        auto s = Connect();
        if (!s.ok()) return s;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::optional<api::EventInfo>();
      auto msg = ws_->Read(left);
      if (!msg.ok()) {  // dropped: reopen from the last id
        ws_.reset();
        if (std::chrono::steady_clock::now() >= deadline) return std::optional<api::EventInfo>();
        continue;
      }
      if (!msg->has_value()) return std::optional<api::EventInfo>();
      PP_ASSIGN_OR_RETURN(api::json j, api::ParseJsonStrict(**msg, "event"));
      if (j.contains("error")) return api::StatusFromErrorJson(400, **msg);
      PP_ASSIGN_OR_RETURN(api::EventInfo e, api::EventFromJson(j));
      if (e.id <= last_id_) continue;  // a repeat after a reconnect
      last_id_ = e.id;
      return std::optional<api::EventInfo>(std::move(e));
    }
  }

  int64_t last_id() const override { return last_id_; }
  void Disconnect() override { ws_.reset(); }

 private:
  Status Connect() {
    const std::string target = "/v1/stream?after_id=" + std::to_string(last_id_);
    net::Headers headers;
    if (impl_.key != nullptr && impl_.user_id != 0) {
      headers = api::SignRequest(*impl_.key, impl_.user_id, "GET", target, "", NowMs(), impl_.rng);
    }
    PP_ASSIGN_OR_RETURN(ws_, net::WebSocketClient::Connect(impl_.url, target, headers));
    return Status::Ok();
  }

  Client::Impl& impl_;
  int64_t last_id_;
  std::unique_ptr<net::WebSocketClient> ws_;
};

}  // namespace

Result<std::unique_ptr<EventStream>> Client::Watch(int64_t after_id) {
  auto stream = std::make_unique<Stream>(*impl_, after_id);
  return std::unique_ptr<EventStream>(std::move(stream));
}

}  // namespace phantompool::client
