// HttpClient: a blocking HTTP/1.1 client over one keep-alive connection, reconnecting when
// the server closed it. Every call has a deadline. Not thread-safe: one client per thread
// (the coordinator keeps one per executor; the C++ client library one per caller).
//
// WebSocketClient: a blocking WebSocket client for the event stream.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/net/http.h"

namespace phantompool::net {

using Headers = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
 public:
  explicit HttpClient(Url url, std::chrono::milliseconds timeout = std::chrono::seconds(10),
                      size_t max_response_bytes = 64 * 1024 * 1024);
  ~HttpClient();
  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;

  // Unavailable when the server cannot be reached or does not answer within the deadline
  // (nothing is retried here: whether a retry is safe is the caller's to say).
  Result<HttpResponse> Send(std::string_view method, std::string_view target,
                            std::string_view body = {}, const Headers& headers = {});

  const Url& url() const;
  void set_timeout(std::chrono::milliseconds timeout);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

class WebSocketClient {
 public:
  static Result<std::unique_ptr<WebSocketClient>> Connect(
      const Url& url, std::string_view target, const Headers& headers,
      std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~WebSocketClient();

  // The next text message; nullopt when `timeout` passes first; Unavailable once closed.
  Result<std::optional<std::string>> Read(std::chrono::milliseconds timeout);
  Status Send(std::string_view text);
  void Close();

 private:
  class Impl;
  explicit WebSocketClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace phantompool::net
