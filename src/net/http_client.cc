// The blocking clients: each call runs Beast's asynchronous operations on a private
// io_context until they finish or the deadline expires (tcp_stream's timer cancels them),
// so a dead peer costs at most the timeout.
#include "phantompool/net/http_client.h"

// <utility> first: Boost 1.74's asio/awaitable.hpp uses std::exchange without including it.
#include <utility>
// clang-format off
#include <boost/asio.hpp>
// clang-format on
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>

namespace phantompool::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

// A keep-alive connection idle longer than this is reopened before use: the server may have
// closed it (its idle timeout is longer), and a request lost that way is never retried.
constexpr auto kMaxIdle = std::chrono::seconds(5);

Status Unavailable(const Url& url, const std::string& what, const beast::error_code& ec) {
  return Status::Unavailable("server", url.ToString() + ": " + what + ": " + ec.message());
}

// Runs the io_context until no work is left (the operations' own timers bound it).
void RunAll(asio::io_context& ioc) {
  ioc.restart();
  ioc.run();
}

}  // namespace

class HttpClient::Impl {
 public:
  Impl(Url u, std::chrono::milliseconds t, size_t max_bytes)
      : url(std::move(u)), timeout(t), max_response_bytes(max_bytes), stream(ioc) {}

  Status Connect() {
    beast::error_code ec;
    tcp::resolver resolver(ioc);
    tcp::resolver::results_type endpoints;
    resolver.async_resolve(url.host, std::to_string(url.port),
                           [&](beast::error_code e, tcp::resolver::results_type r) {
                             ec = e;
                             endpoints = std::move(r);
                           });
    RunAll(ioc);
    if (ec) return Unavailable(url, "cannot resolve", ec);
    stream.expires_after(timeout);
    stream.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
    RunAll(ioc);
    if (ec) return Unavailable(url, "cannot connect", ec);
    connected = true;
    return Status::Ok();
  }

  void Disconnect() {
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream.close();
    connected = false;
  }

  Result<HttpResponse> Send(std::string_view method, std::string_view target, std::string_view body,
                            const Headers& headers) {
    if (connected && std::chrono::steady_clock::now() - last_used > kMaxIdle) Disconnect();
    if (!connected) PP_RETURN_IF_ERROR(Connect());
    const http::verb verb = http::string_to_verb(beast::string_view(method.data(), method.size()));
    if (verb == http::verb::unknown) {
      return Status::InvalidArgument("method", "unknown HTTP method " + std::string(method));
    }
    http::request<http::string_body> req{verb, beast::string_view(target.data(), target.size()),
                                         11};
    req.set(http::field::host, url.host);
    req.set(http::field::user_agent, "phantompool");
    for (const auto& [name, value] : headers) req.set(name, value);
    if (!body.empty() && req.find(http::field::content_type) == req.end()) {
      req.set(http::field::content_type, "application/json");
    }
    req.body() = std::string(body);
    req.keep_alive(true);
    req.prepare_payload();
    beast::error_code ec;
    stream.expires_after(timeout);
    http::async_write(stream, req, [&](beast::error_code e, size_t) { ec = e; });
    RunAll(ioc);
    if (ec) {
      Disconnect();
      return Unavailable(url, "cannot send", ec);
    }
    http::response_parser<http::string_body> parser;
    parser.body_limit(max_response_bytes);
    stream.expires_after(timeout);
    http::async_read(stream, buffer, parser, [&](beast::error_code e, size_t) { ec = e; });
    RunAll(ioc);
    if (ec) {
      Disconnect();
      return Unavailable(url, "no response", ec);
    }
    auto res = parser.release();
    if (!res.keep_alive()) Disconnect();
    last_used = std::chrono::steady_clock::now();
    HttpResponse out;
    out.status = static_cast<int>(res.result_int());
    out.content_type = std::string(res[http::field::content_type]);
    out.body = std::move(res.body());
    for (const auto& field : res) {
      out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    return out;
  }

  Url url;
  std::chrono::milliseconds timeout;
  size_t max_response_bytes;
  asio::io_context ioc;
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  bool connected = false;
  std::chrono::steady_clock::time_point last_used;
};

HttpClient::HttpClient(Url url, std::chrono::milliseconds timeout, size_t max_response_bytes)
    : impl_(std::make_unique<Impl>(std::move(url), timeout, max_response_bytes)) {}
HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

Result<HttpResponse> HttpClient::Send(std::string_view method, std::string_view target,
                                      std::string_view body, const Headers& headers) {
  return impl_->Send(method, target, body, headers);
}

const Url& HttpClient::url() const {
  return impl_->url;
}

void HttpClient::set_timeout(std::chrono::milliseconds timeout) {
  impl_->timeout = timeout;
}

// The WebSocket client keeps one read outstanding: Read runs the io_context for at most its
// timeout and returns a message if one arrived, leaving the read pending otherwise.
class WebSocketClient::Impl {
 public:
  explicit Impl(Url u) : url(std::move(u)), ws(ioc) {}

  void StartRead() {
    if (reading || closed) return;
    reading = true;
    ws.async_read(buffer, [this](beast::error_code ec, size_t) {
      reading = false;
      if (ec) {
        closed = true;
        close_reason = ec.message();
        return;
      }
      inbox.push_back(beast::buffers_to_string(buffer.data()));
      buffer.consume(buffer.size());
    });
  }

  Url url;
  asio::io_context ioc;
  websocket::stream<beast::tcp_stream> ws;
  beast::flat_buffer buffer;
  std::deque<std::string> inbox;
  bool reading = false;
  bool closed = false;
  std::string close_reason;
};

Result<std::unique_ptr<WebSocketClient>> WebSocketClient::Connect(
    const Url& url, std::string_view target, const Headers& headers,
    std::chrono::milliseconds timeout) {
  auto impl = std::make_unique<Impl>(url);
  beast::error_code ec;
  tcp::resolver resolver(impl->ioc);
  tcp::resolver::results_type endpoints;
  resolver.async_resolve(url.host, std::to_string(url.port),
                         [&](beast::error_code e, tcp::resolver::results_type r) {
                           ec = e;
                           endpoints = std::move(r);
                         });
  RunAll(impl->ioc);
  if (ec) return Unavailable(url, "cannot resolve", ec);
  auto& lowest = beast::get_lowest_layer(impl->ws);
  lowest.expires_after(timeout);
  lowest.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
  RunAll(impl->ioc);
  if (ec) return Unavailable(url, "cannot connect", ec);
  impl->ws.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
    req.set(http::field::user_agent, "phantompool");
    for (const auto& [name, value] : headers) req.set(name, value);
  }));
  websocket::response_type response;
  impl->ws.async_handshake(response, url.host, std::string(target),
                           [&](beast::error_code e) { ec = e; });
  RunAll(impl->ioc);
  if (ec) {
    return Status::Unavailable(
        "server", url.ToString() + std::string(target) + ": websocket handshake refused (HTTP " +
                      std::to_string(response.result_int()) + "): " + response.body());
  }
  // From here on the WebSocket's own keep-alive pings bound an idle connection.
  lowest.expires_never();
  impl->ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
  return std::unique_ptr<WebSocketClient>(new WebSocketClient(std::move(impl)));
}

WebSocketClient::WebSocketClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WebSocketClient::~WebSocketClient() {
  Close();
}

Result<std::optional<std::string>> WebSocketClient::Read(std::chrono::milliseconds timeout) {
  Impl& m = *impl_;
  if (m.inbox.empty()) {
    m.StartRead();
    m.ioc.restart();
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (m.inbox.empty() && !m.closed && std::chrono::steady_clock::now() < deadline) {
      m.ioc.run_one_until(deadline);
    }
  }
  if (!m.inbox.empty()) {
    std::string text = std::move(m.inbox.front());
    m.inbox.pop_front();
    return std::optional<std::string>(std::move(text));
  }
  if (m.closed) return Status::Unavailable("stream", "closed: " + m.close_reason);
  return std::optional<std::string>();
}

Status WebSocketClient::Send(std::string_view text) {
  Impl& m = *impl_;
  if (m.closed) return Status::Unavailable("stream", "closed");
  beast::error_code ec;
  bool done = false;
  m.ws.text(true);
  m.ws.async_write(asio::buffer(text), [&](beast::error_code e, size_t) {
    ec = e;
    done = true;
  });
  m.ioc.restart();
  while (!done) m.ioc.run_one();
  if (ec) return Status::Unavailable("stream", "cannot send: " + ec.message());
  return Status::Ok();
}

void WebSocketClient::Close() {
  Impl& m = *impl_;
  if (m.closed) return;
  m.closed = true;
  beast::error_code ec;
  auto& lowest = beast::get_lowest_layer(m.ws);
  lowest.socket().shutdown(tcp::socket::shutdown_both, ec);
  lowest.close();
  m.ioc.restart();
  m.ioc.poll();
}

}  // namespace phantompool::net
