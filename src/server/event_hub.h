// EventHub: the WebSocket stream's one reader of the outbox. A single thread waits on the
// store (LISTEN/NOTIFY on PostgreSQL, commit signals on SQLite), reads what is new in id
// order and sends each event to every socket allowed to see it: public events to everyone,
// a user's own to that user's sockets only. Recent events stay in a ring buffer so that a
// client reconnecting with its last id is served from memory; older gaps are read from the
// store. Under the hub's lock a socket's backlog and its live events are sent in one
// sequence, so nothing is missed or repeated between the two.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "phantompool/net/http_server.h"
#include "phantompool/store/store.h"

namespace phantompool::server {

class EventHub {
 public:
  EventHub(store::Store& store, size_t ring_capacity);
  ~EventHub();
  void Start();
  void Stop();

  // A new socket for `user_id` (0: anonymous, public events only) that has seen events up
  // to `after_id`. Fails (and the caller closes the socket) if the store cannot be read.
  Status Attach(const std::shared_ptr<net::WebSocketConnection>& socket, int64_t user_id,
                int64_t after_id);
  void Detach(uint64_t socket_id);

  size_t sockets() const;
  int64_t last_id() const { return last_id_.load(); }

 private:
  struct Subscriber {
    std::shared_ptr<net::WebSocketConnection> socket;
    int64_t user_id = 0;
  };
  void Run();
  static bool Visible(const store::OutboxEvent& e, int64_t user_id);
  static std::string Frame(const store::OutboxEvent& e);

  store::Store& store_;
  const size_t capacity_;
  mutable std::mutex mu_;
  std::deque<store::OutboxEvent> ring_;  // ascending ids, the newest `capacity_`
  std::map<uint64_t, Subscriber> subscribers_;
  std::atomic<int64_t> last_id_{0};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace phantompool::server
