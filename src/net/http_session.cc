// One HTTP connection: read a request (bounded, with a deadline), hand it to the handler,
// write the response it gives (from any thread, posted back to this strand), repeat while
// the client keeps the connection alive. A WebSocket upgrade moves the connection to a
// WebSocket session.
#include <boost/asio/dispatch.hpp>

#include "phantompool/common/check.h"
#include "server_sessions.h"

namespace phantompool::net::internal {
namespace {

class HttpSession : public LiveConnection, public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, std::shared_ptr<ServerState> state)
      : stream_(std::move(socket)), state_(std::move(state)) {
    beast::error_code ec;
    const auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string() + ":" + std::to_string(ep.port());
  }
  ~HttpSession() override { Untrack(*state_, this); }

  void Run() {
    Track(*state_, shared_from_this());
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&HttpSession::DoRead, shared_from_this()));
  }

  void Shutdown() override {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
      self->stream_.close();
    });
  }

 private:
  void DoRead() {
    if (state_->stopping) return;
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(state_->options.max_header_bytes));
    parser_->body_limit(state_->options.max_body_bytes);
    stream_.expires_after(state_->options.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t) {
    if (ec == http::error::body_limit || ec == http::error::header_limit) {
      return Write(HttpResponse{413,
                                "application/json",
                                R"({"error":{"code":"invalid_argument","field":"body",)"
                                R"("message":"request too large"}})",
                                {}},
                   /*close=*/true);
    }
    if (ec) return DoClose();  // end of stream, timeout, reset: nothing to answer
    http::request<http::string_body> req = parser_->release();
    version_ = req.version();
    keep_alive_ = req.keep_alive();
    HttpRequest request = ToHttpRequest(req, remote_);
    if (websocket::is_upgrade(req) && state_->websocket && state_->websocket->matches(request)) {
      auto decision = state_->websocket->authorize(request);
      if (auto* refusal = std::get_if<HttpResponse>(&decision)) {
        return Write(std::move(*refusal), /*close=*/true);
      }
      stream_.expires_never();
      StartWebSocketSession(std::move(stream_), std::move(req), std::move(request),
                            std::move(std::get<std::string>(decision)), state_);
      return;
    }
    stream_.expires_never();  // the handler has the time it needs; the client has its own
    auto responded = std::make_shared<std::atomic<bool>>(false);
    Respond respond = [self = shared_from_this(), responded](HttpResponse res) {
      PP_CHECK(!responded->exchange(true));  // a handler answers exactly once
      asio::post(self->stream_.get_executor(), [self, res = std::move(res)]() mutable {
        self->Write(std::move(res), !self->keep_alive_);
      });
    };
    try {
      state_->http(std::move(request), std::move(respond));
    } catch (const std::exception&) {
      // A handler that throws is a bug; the client still gets an answer.
      if (!responded->exchange(true)) {
        Write(HttpResponse{500,
                           "application/json",
                           R"({"error":{"code":"internal","field":"","message":"internal error"}})",
                           {}},
              true);
      }
    }
  }

  void Write(HttpResponse res, bool close) {
    auto msg = std::make_shared<http::response<http::string_body>>(
        ToBeastResponse(res, version_, !close && keep_alive_));
    stream_.expires_after(state_->options.read_timeout);
    http::async_write(stream_, *msg,
                      [self = shared_from_this(), msg](beast::error_code ec, size_t) {
                        if (ec || msg->need_eof() || self->state_->stopping) return self->DoClose();
                        self->DoRead();
                      });
  }

  void DoClose() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<ServerState> state_;
  std::string remote_;
  unsigned version_ = 11;
  bool keep_alive_ = false;
};

}  // namespace

void StartHttpSession(tcp::socket socket, std::shared_ptr<ServerState> state) {
  std::make_shared<HttpSession>(std::move(socket), std::move(state))->Run();
}

HttpRequest ToHttpRequest(const http::request<http::string_body>& req, const std::string& remote) {
  HttpRequest r;
  r.method = std::string(req.method_string());
  r.target = std::string(req.target());
  const size_t q = r.target.find('?');
  r.path = r.target.substr(0, q);
  if (q != std::string::npos) r.query = r.target.substr(q + 1);
  for (const auto& field : req) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers[name] = std::string(field.value());
  }
  r.body = req.body();
  r.remote = remote;
  return r;
}

http::response<http::string_body> ToBeastResponse(const HttpResponse& res, unsigned version,
                                                  bool keep_alive) {
  http::response<http::string_body> msg{static_cast<http::status>(res.status), version};
  msg.set(http::field::server, "phantompool");
  msg.set(http::field::content_type, res.content_type);
  for (const auto& [name, value] : res.headers) msg.set(name, value);
  msg.keep_alive(keep_alive);
  msg.body() = res.body;
  msg.prepare_payload();
  return msg;
}

}  // namespace phantompool::net::internal
