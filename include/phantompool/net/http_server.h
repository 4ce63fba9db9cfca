// HttpServer: an asynchronous HTTP/1.1 and WebSocket server (Boost.Beast), in the shape of
// Beast's example servers: a listener accepts, each connection is a session on its own
// strand with one write queue; a WebSocket upgrade hands the connection to a WebSocket
// session.
//
// Bounded by construction: a request's header and body have size limits, every read has a
// deadline (a slow client cannot hold a connection), and a WebSocket session drops a client
// whose queue of unsent messages grows past a limit instead of buffering without end.
//
// Handlers run on the io threads and must not block: a handler that needs the database or
// heavy computation hands the work to its own pool and calls Respond later, from any
// thread; the response is posted back to the connection's strand.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "phantompool/common/result.h"
#include "phantompool/net/http.h"

namespace phantompool::net {

// Call exactly once per request, from any thread.
using Respond = std::function<void(HttpResponse)>;
using HttpHandler = std::function<void(HttpRequest, Respond)>;

// One accepted WebSocket connection. Send is thread-safe and never blocks: messages are
// queued on the connection's strand and written one at a time, in order.
class WebSocketConnection {
 public:
  virtual ~WebSocketConnection() = default;
  virtual void Send(std::string text) = 0;
  // Closes the connection (a normal close frame), after the queued messages.
  virtual void Close() = 0;
  virtual const std::string& remote() const = 0;
  // What WebSocketHandler::authorize said about the client (e.g. "trader:42").
  virtual const std::string& subject() const = 0;
  // A number unique within the server, for logs and maps.
  virtual uint64_t id() const = 0;
};

struct WebSocketHandler {
  // Which upgrade requests are WebSockets of ours at all (e.g. path == "/v1/stream").
  std::function<bool(const HttpRequest&)> matches;
  // Decides an upgrade: a subject string accepts (the connection carries it); a response
  // refuses (sent as plain HTTP).
  std::function<std::variant<HttpResponse, std::string>(const HttpRequest&)> authorize;
  std::function<void(std::shared_ptr<WebSocketConnection>, const HttpRequest& upgrade)> on_open;
  std::function<void(const std::shared_ptr<WebSocketConnection>&, std::string text)> on_message;
  std::function<void(const std::shared_ptr<WebSocketConnection>&)> on_close;
};

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 0;  // 0: an ephemeral port (port() tells which)
  int threads = 2;
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 1024 * 1024;
  std::chrono::milliseconds read_timeout{30'000};  // per request, and idle keep-alive
  size_t max_websocket_message_bytes = 64 * 1024;
  size_t max_websocket_queue = 10'000;  // unsent messages before a slow client is dropped
};

class HttpServer {
 public:
  // Binds and starts serving; IoError naming "address" if the address cannot be bound.
  static Result<std::unique_ptr<HttpServer>> Start(const HttpServerOptions& options,
                                                   HttpHandler http,
                                                   std::optional<WebSocketHandler> websocket);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  uint16_t port() const;
  // Stops accepting, closes every connection, joins the io threads. Idempotent.
  void Stop();

  class Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace phantompool::net
