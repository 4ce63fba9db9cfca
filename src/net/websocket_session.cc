// One WebSocket connection: accept the upgrade, then read text messages and hand them to
// the handler, while Send() queues outgoing messages on the strand and writes them one at
// a time. A client that does not read (its queue grows past the limit) is dropped rather
// than buffered without end; it reconnects and resumes from its last event id.
#include <deque>

#include "server_sessions.h"

namespace phantompool::net::internal {
namespace {

class WebSocketSession : public WebSocketConnection,
                         public LiveConnection,
                         public std::enable_shared_from_this<WebSocketSession> {
 public:
  WebSocketSession(beast::tcp_stream stream, HttpRequest request, std::string subject,
                   std::shared_ptr<ServerState> state)
      : ws_(std::move(stream)),
        request_(std::move(request)),
        subject_(std::move(subject)),
        state_(std::move(state)),
        id_(state_->next_id++) {}
  ~WebSocketSession() override { Untrack(*state_, static_cast<LiveConnection*>(this)); }

  void Run(http::request<http::string_body> upgrade) {
    Track(*state_, std::static_pointer_cast<LiveConnection>(shared_from_this()));
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.read_message_max(state_->options.max_websocket_message_bytes);
    ws_.async_accept(upgrade, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      self->open_ = true;
      if (self->state_->websocket->on_open) self->state_->websocket->on_open(self, self->request_);
      self->DoRead();
    });
  }

  void Send(std::string text) override {
    asio::post(ws_.get_executor(), [self = shared_from_this(), text = std::move(text)]() mutable {
      if (self->closed_) return;
      if (self->queue_.size() >= self->state_->options.max_websocket_queue) {
        self->Abort();  // a client that does not read is dropped
        return;
      }
      self->queue_.push_back(std::move(text));
      if (self->queue_.size() == 1) self->DoWrite();
    });
  }

  void Close() override {
    asio::post(ws_.get_executor(), [self = shared_from_this()] {
      self->close_requested_ = true;
      if (self->queue_.empty()) self->DoClose();
    });
  }

  void Shutdown() override {
    asio::post(ws_.get_executor(), [self = shared_from_this()] { self->Abort(); });
  }

  const std::string& remote() const override { return request_.remote; }
  const std::string& subject() const override { return subject_; }
  uint64_t id() const override { return id_; }

 private:
  void DoRead() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->Closed();
      std::string text = beast::buffers_to_string(self->buffer_.data());
      self->buffer_.consume(self->buffer_.size());
      if (self->state_->websocket->on_message) {
        self->state_->websocket->on_message(self, std::move(text));
      }
      self->DoRead();
    });
  }

  void DoWrite() {
    ws_.text(true);
    ws_.async_write(asio::buffer(queue_.front()),
                    [self = shared_from_this()](beast::error_code ec, size_t) {
                      // After an abort the queue is frozen: its front is the buffer this
                      // write used, released with the session.
                      if (ec || self->closed_) return self->Closed();
                      self->queue_.pop_front();
                      if (!self->queue_.empty()) return self->DoWrite();
                      if (self->close_requested_) self->DoClose();
                    });
  }

  void DoClose() {
    if (closed_) return;
    ws_.async_close(websocket::close_code::normal,
                    [self = shared_from_this()](beast::error_code) { self->Closed(); });
  }

  void Abort() {
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ec);
    beast::get_lowest_layer(ws_).close();
    Closed();
  }

  // Reports the close to the handler once. The queue is left alone: a write in flight
  // still reads its front.
  void Closed() {
    if (closed_) return;
    closed_ = true;
    if (open_ && state_->websocket->on_close) state_->websocket->on_close(shared_from_this());
  }

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  HttpRequest request_;
  std::string subject_;
  std::shared_ptr<ServerState> state_;
  uint64_t id_;
  std::deque<std::string> queue_;
  bool open_ = false;
  bool closed_ = false;
  bool close_requested_ = false;
};

}  // namespace

void StartWebSocketSession(beast::tcp_stream stream, http::request<http::string_body> upgrade,
                           HttpRequest request, std::string subject,
                           std::shared_ptr<ServerState> state) {
  std::make_shared<WebSocketSession>(std::move(stream), std::move(request), std::move(subject),
                                     std::move(state))
      ->Run(std::move(upgrade));
}

}  // namespace phantompool::net::internal
