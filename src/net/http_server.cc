// The listener and the server's life cycle: bind, accept onto a strand per connection, and
// on Stop close the listener and every live connection, then join the io threads.
#include "phantompool/net/http_server.h"

#include <thread>

#include "server_sessions.h"

namespace phantompool::net {

namespace internal {

void Track(ServerState& state, const std::shared_ptr<LiveConnection>& conn) {
  std::lock_guard<std::mutex> lock(state.mu);
  state.live[conn.get()] = conn;
}

void Untrack(ServerState& state, const LiveConnection* conn) {
  std::lock_guard<std::mutex> lock(state.mu);
  state.live.erase(conn);
}

void ShutdownAll(ServerState& state) {
  std::vector<std::shared_ptr<LiveConnection>> conns;
  {
    std::lock_guard<std::mutex> lock(state.mu);
    for (auto& [_, weak] : state.live) {
      if (auto conn = weak.lock()) conns.push_back(std::move(conn));
    }
  }
  for (auto& conn : conns) conn->Shutdown();
}

namespace {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& ioc, tcp::acceptor acceptor, std::shared_ptr<ServerState> state)
      : ioc_(ioc), acceptor_(std::move(acceptor)), state_(std::move(state)) {}

  void Run() { DoAccept(); }
  void Stop() {
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->acceptor_.close(ec);
    });
  }

 private:
  void DoAccept() {
    acceptor_.async_accept(asio::make_strand(ioc_),
                           [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
                             if (ec == asio::error::operation_aborted || self->state_->stopping) {
                               return;
                             }
                             if (!ec) StartHttpSession(std::move(socket), self->state_);
                             self->DoAccept();
                           });
  }

  asio::io_context& ioc_;
  tcp::acceptor acceptor_;
  std::shared_ptr<ServerState> state_;
};

}  // namespace
}  // namespace internal

class HttpServer::Impl {
 public:
  explicit Impl(int threads) : ioc(threads) {}
  internal::asio::io_context ioc;
  std::shared_ptr<internal::ServerState> state;
  std::shared_ptr<internal::Listener> listener;
  std::vector<std::thread> threads;
  uint16_t port = 0;
  bool stopped = false;
};

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const HttpServerOptions& options,
                                                      HttpHandler http,
                                                      std::optional<WebSocketHandler> websocket) {
  using namespace internal;
  auto impl = std::make_unique<Impl>(std::max(1, options.threads));
  impl->state = std::make_shared<ServerState>();
  impl->state->options = options;
  impl->state->http = std::move(http);
  impl->state->websocket = std::move(websocket);
  beast::error_code ec;
  const auto address = asio::ip::make_address(options.address, ec);
  if (ec) return Status::InvalidArgument("address", "not an IP address: " + options.address);
  tcp::acceptor acceptor(asio::make_strand(impl->ioc));
  const tcp::endpoint endpoint{address, options.port};
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::IoError("address", "cannot listen on " + options.address + ":" +
                                          std::to_string(options.port) + ": " + ec.message());
  }
  impl->port = acceptor.local_endpoint().port();
  impl->listener = std::make_shared<Listener>(impl->ioc, std::move(acceptor), impl->state);
  impl->listener->Run();
  for (int i = 0; i < std::max(1, options.threads); ++i) {
    impl->threads.emplace_back([ioc = &impl->ioc] { ioc->run(); });
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() {
  Stop();
}

uint16_t HttpServer::port() const {
  return impl_->port;
}

void HttpServer::Stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  impl_->state->stopping = true;
  impl_->listener->Stop();
  internal::ShutdownAll(*impl_->state);
  // Give the connections' strands a moment to flush their closes, then stop the loop.
  internal::asio::steady_timer timer(impl_->ioc, std::chrono::milliseconds(50));
  timer.async_wait([ioc = &impl_->ioc](const boost::system::error_code&) { ioc->stop(); });
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

}  // namespace phantompool::net
