// The server's pieces, shared by the listener, the HTTP session and the WebSocket session
// (internal to the net module; Beast stays behind http_server.h).
#pragma once

// <utility> first: Boost 1.74's asio/awaitable.hpp uses std::exchange without including it.
#include <utility>
// clang-format off
#include <boost/asio.hpp>
// clang-format on
#include <atomic>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <map>
#include <memory>
#include <mutex>

#include "phantompool/net/http_server.h"

namespace phantompool::net::internal {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

// A connection Stop() can close: Shutdown() posts the close to the connection's strand.
class LiveConnection {
 public:
  virtual ~LiveConnection() = default;
  virtual void Shutdown() = 0;
};

// What every session of one server shares: its options and handlers, and the live
// connections, which Stop() closes.
struct ServerState {
  HttpServerOptions options;
  HttpHandler http;
  std::optional<WebSocketHandler> websocket;
  std::atomic<uint64_t> next_id{1};
  std::atomic<bool> stopping{false};

  std::mutex mu;
  std::map<const LiveConnection*, std::weak_ptr<LiveConnection>> live;
};

void Track(ServerState& state, const std::shared_ptr<LiveConnection>& conn);
void Untrack(ServerState& state, const LiveConnection* conn);
void ShutdownAll(ServerState& state);

// Starts serving one accepted connection.
void StartHttpSession(tcp::socket socket, std::shared_ptr<ServerState> state);
// Takes over a connection whose request was a WebSocket upgrade that authorize accepted.
void StartWebSocketSession(beast::tcp_stream stream, http::request<http::string_body> upgrade,
                           HttpRequest request, std::string subject,
                           std::shared_ptr<ServerState> state);

// The request as a plain value (header names lower-cased, path and query split).
HttpRequest ToHttpRequest(const http::request<http::string_body>& req, const std::string& remote);
http::response<http::string_body> ToBeastResponse(const HttpResponse& res, unsigned version,
                                                  bool keep_alive);

}  // namespace phantompool::net::internal
