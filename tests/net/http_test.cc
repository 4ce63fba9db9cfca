// The net module over real sockets on 127.0.0.1: requests and responses, limits and
// deadlines, answers from other threads, WebSocket upgrade, refusal, streaming and close.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <thread>

#include "phantompool/net/http_client.h"
#include "phantompool/net/http_server.h"

namespace phantompool::net {
namespace {

using namespace std::chrono_literals;

Url Local(uint16_t port) {
  return Url{"127.0.0.1", port};
}

std::unique_ptr<HttpServer> Serve(HttpHandler handler, std::optional<WebSocketHandler> ws = {},
                                  HttpServerOptions options = {}) {
  auto server = HttpServer::Start(options, std::move(handler), std::move(ws));
  EXPECT_TRUE(server.ok()) << server.status().ToString();
  return std::move(server).value();
}

TEST(HttpServerTest, EchoesRequestsOverOneKeepAliveConnection) {
  std::atomic<int> seen{0};
  auto server = Serve([&](HttpRequest req, Respond respond) {
    ++seen;
    respond({200,
             "text/plain",
             req.method + " " + req.path + " q=" + req.query + " b=" + req.body +
                 " h=" + req.Header("x-test"),
             {{"x-reply", "yes"}}});
  });
  HttpClient client(Local(server->port()));
  for (int i = 0; i < 3; ++i) {
    auto res = client.Send("POST", "/v1/echo?a=1", "hello",
                           {{"X-Test", std::string("t").append(std::to_string(i))}});
    ASSERT_TRUE(res.ok()) << res.status().ToString();
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body, "POST /v1/echo q=a=1 b=hello h=t" + std::to_string(i));
    EXPECT_EQ(res->content_type, "text/plain");
  }
  EXPECT_EQ(seen, 3);
}

TEST(HttpServerTest, AnswersFromAnotherThread) {
  auto server = Serve([](HttpRequest req, Respond respond) {
    std::thread([req = std::move(req), respond = std::move(respond)] {
      std::this_thread::sleep_for(20ms);
      respond({201, "application/json", R"({"path":")" + req.path + R"("})", {}});
    }).detach();
  });
  HttpClient client(Local(server->port()));
  auto res = client.Send("GET", "/later");
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 201);
  EXPECT_EQ(res->body, R"({"path":"/later"})");
}

TEST(HttpServerTest, OversizedBodyIsRefusedWith413) {
  HttpServerOptions options;
  options.max_body_bytes = 1000;
  auto server = Serve(
      [](HttpRequest, Respond respond) {
        respond({200, "text/plain", "ok", {}});
      },
      std::nullopt, options);
  HttpClient client(Local(server->port()));
  auto res = client.Send("POST", "/x", std::string(5000, 'a'));
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 413);
  // A new connection serves normal requests.
  HttpClient again(Local(server->port()));
  EXPECT_EQ(again.Send("POST", "/x", "small").value().status, 200);
}

TEST(HttpServerTest, ClientDeadlineWhenTheServerNeverAnswers) {
  std::promise<Respond> held;
  auto server = Serve([&](HttpRequest, Respond respond) { held.set_value(std::move(respond)); });
  HttpClient client(Local(server->port()), 200ms);
  const auto start = std::chrono::steady_clock::now();
  auto res = client.Send("GET", "/never");
  EXPECT_FALSE(res.ok());
  EXPECT_EQ(res.status().code(), StatusCode::kUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  held.get_future().get()({200, "text/plain", "late", {}});  // answering late is harmless
}

TEST(HttpServerTest, ASlowClientIsCutOffByTheReadDeadline) {
  HttpServerOptions options;
  options.read_timeout = 200ms;
  auto server = Serve(
      [](HttpRequest, Respond respond) {
        respond({200, "text/plain", "", {}});
      },
      std::nullopt, options);
  // A raw socket that sends half a request and stalls: the server closes it.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(server->port());
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  const std::string half = "GET / HTTP/1.1\r\nHost: x\r\n";
  ASSERT_EQ(::send(fd, half.data(), half.size(), 0), static_cast<ssize_t>(half.size()));
  char buf[16];
  const auto start = std::chrono::steady_clock::now();
  EXPECT_LE(::recv(fd, buf, sizeof buf, 0), 0);  // returns when the server closes
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  ::close(fd);
}

TEST(HttpServerTest, UnreachableServerIsUnavailable) {
  uint16_t port;
  {
    auto server = Serve([](HttpRequest, Respond r) { r({}); });
    port = server->port();
  }
  HttpClient client(Local(port), 500ms);
  auto res = client.Send("GET", "/");
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.status().code(), StatusCode::kUnavailable);
}

WebSocketHandler StreamHandler(std::atomic<int>& closed) {
  WebSocketHandler ws;
  ws.matches = [](const HttpRequest& r) { return r.path == "/v1/stream"; };
  ws.authorize = [](const HttpRequest& r) -> std::variant<HttpResponse, std::string> {
    if (r.Header("x-token") != "good") {
      return HttpResponse{401, "application/json", R"({"error":"no"})", {}};
    }
    return std::string("trader:7");
  };
  ws.on_open = [](std::shared_ptr<WebSocketConnection> conn, const HttpRequest&) {
    for (int i = 1; i <= 3; ++i) conn->Send("event " + std::to_string(i) + " " + conn->subject());
  };
  ws.on_message = [](const std::shared_ptr<WebSocketConnection>& conn, std::string text) {
    if (text == "bye") return conn->Close();
    conn->Send(std::string("echo ").append(text));
  };
  ws.on_close = [&closed](const std::shared_ptr<WebSocketConnection>&) { ++closed; };
  return ws;
}

TEST(WebSocketTest, AuthorizedStreamSendsInOrderAndEchoes) {
  std::atomic<int> closed{0};
  auto server = Serve(
      [](HttpRequest, Respond r) {
        r({404, "text/plain", "", {}});
      },
      StreamHandler(closed));
  auto client =
      WebSocketClient::Connect(Local(server->port()), "/v1/stream", {{"X-Token", "good"}});
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  for (int i = 1; i <= 3; ++i) {
    auto msg = (*client)->Read(2s);
    ASSERT_TRUE(msg.ok() && msg->has_value());
    EXPECT_EQ(**msg, "event " + std::to_string(i) + " trader:7");
  }
  EXPECT_FALSE(
      (*client)->Read(100ms).value().has_value());  // nothing more: a timeout, not an error
  ASSERT_TRUE((*client)->Send("ping").ok());
  EXPECT_EQ((*client)->Read(2s).value().value(), "echo ping");
  ASSERT_TRUE((*client)->Send("bye").ok());
  auto after = (*client)->Read(2s);
  EXPECT_FALSE(after.ok());  // the server closed it
  for (int i = 0; i < 100 && closed == 0; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(closed, 1);
}

TEST(WebSocketTest, UnauthorizedUpgradeIsRefusedWithItsStatus) {
  std::atomic<int> closed{0};
  auto server = Serve(
      [](HttpRequest, Respond r) {
        r({404, "text/plain", "", {}});
      },
      StreamHandler(closed));
  auto client = WebSocketClient::Connect(Local(server->port()), "/v1/stream", {{"X-Token", "bad"}});
  ASSERT_FALSE(client.ok());
  EXPECT_NE(client.status().message().find("401"), std::string::npos) << client.status().message();
}

TEST(WebSocketTest, StopClosesLiveStreams) {
  std::atomic<int> closed{0};
  auto server = Serve(
      [](HttpRequest, Respond r) {
        r({404, "text/plain", "", {}});
      },
      StreamHandler(closed));
  auto client =
      WebSocketClient::Connect(Local(server->port()), "/v1/stream", {{"X-Token", "good"}});
  ASSERT_TRUE(client.ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE((*client)->Read(2s).ok());
  server->Stop();
  auto res = (*client)->Read(2s);
  EXPECT_FALSE(res.ok());
}

TEST(UrlTest, StrictParsing) {
  EXPECT_EQ(ParseUrl("http://127.0.0.1:8080", "url").value().port, 8080);
  EXPECT_EQ(ParseUrl("http://localhost:1/", "url").value().host, "localhost");
  for (const char* bad : {"https://a:1", "http://a", "http://a:0", "http://a:70000", "http://a:1/x",
                          "http://a b:1", "ftp://a:1", "http://:80"}) {
    EXPECT_FALSE(ParseUrl(bad, "url").ok()) << bad;
  }
  EXPECT_EQ(QueryParam("a=1&after_id=42&b", "after_id").value(), "42");
  EXPECT_EQ(QueryParam("x=%2Fpath+here", "x").value(), "/path here");
  EXPECT_FALSE(QueryParam("x=1", "y").has_value());
  EXPECT_FALSE(QueryParam("x=%zz", "x").has_value());
}

}  // namespace
}  // namespace phantompool::net
