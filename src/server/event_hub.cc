#include "event_hub.h"

#include <spdlog/spdlog.h>

#include "phantompool/api/resources.h"

namespace phantompool::server {
namespace {
constexpr int32_t kPage = 1000;
}

EventHub::EventHub(store::Store& store, size_t ring_capacity)
    : store_(store), capacity_(ring_capacity) {}

EventHub::~EventHub() {
  Stop();
}

void EventHub::Start() {
  // Start from the newest event: a socket's history comes from Attach.
  int64_t after = 0;
  for (;;) {
    auto page = store_.ReadEvents(store::Principal::Service(), after, kPage);
    if (!page.ok() || page->empty()) break;
    after = page->back().id;
    std::lock_guard lock(mu_);
    for (auto& e : *page) {
      ring_.push_back(std::move(e));
      if (ring_.size() > capacity_) ring_.pop_front();
    }
    if (static_cast<int32_t>(page->size()) < kPage) break;
  }
  last_id_ = after;
  thread_ = std::thread([this] { Run(); });
}

void EventHub::Stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  std::map<uint64_t, Subscriber> subs;
  {
    std::lock_guard lock(mu_);
    subs.swap(subscribers_);
  }
  for (auto& [id, s] : subs) s.socket->Close();
}

bool EventHub::Visible(const store::OutboxEvent& e, int64_t user_id) {
  return !e.user_id.has_value() || (user_id != 0 && *e.user_id == user_id);
}

std::string EventHub::Frame(const store::OutboxEvent& e) {
  api::EventInfo info;
  info.id = e.id;
  info.topic = e.topic;
  info.event_type = e.event_type;
  info.trading_pair_id = e.trading_pair_id;
  info.payload = api::json::parse(e.payload, nullptr, false);
  if (info.payload.is_discarded()) info.payload = api::json::object();
  info.created_at = e.created_at;
  return api::ToJson(info).dump();
}

Status EventHub::Attach(const std::shared_ptr<net::WebSocketConnection>& socket, int64_t user_id,
                        int64_t after_id) {
  std::lock_guard lock(mu_);
  const int64_t head = last_id_.load();
  int64_t sent = after_id;
  // What the ring does not hold, from the store (as the service; filtered like live events).
  const int64_t ring_first = ring_.empty() ? head + 1 : ring_.front().id;
  while (sent < head && sent + 1 < ring_first) {
    PP_ASSIGN_OR_RETURN(auto page, store_.ReadEvents(store::Principal::Service(), sent, kPage));
    if (page.empty()) break;
    for (const auto& e : page) {
      if (e.id >= ring_first || e.id > head) break;
      if (Visible(e, user_id)) socket->Send(Frame(e));
      sent = e.id;
    }
    if (page.back().id >= ring_first - 1) break;
  }
  for (const auto& e : ring_) {
    if (e.id > sent && Visible(e, user_id)) socket->Send(Frame(e));
  }
  subscribers_[socket->id()] = Subscriber{socket, user_id};
  return Status::Ok();
}

void EventHub::Detach(uint64_t socket_id) {
  std::lock_guard lock(mu_);
  subscribers_.erase(socket_id);
}

size_t EventHub::sockets() const {
  std::lock_guard lock(mu_);
  return subscribers_.size();
}

void EventHub::Run() {
  while (!stopping_) {
    auto ready = store_.WaitForEvents(last_id_, std::chrono::milliseconds(250));
    if (!ready.ok()) {
      spdlog::warn("stream: waiting for events failed: {}", ready.status().ToString());
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      continue;
    }
    if (!*ready) continue;
    auto page = store_.ReadEvents(store::Principal::Service(), last_id_, kPage);
    if (!page.ok()) {
      spdlog::warn("stream: reading events failed: {}", page.status().ToString());
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      continue;
    }
    std::lock_guard lock(mu_);
    for (auto& e : *page) {
      const std::string frame = Frame(e);
      for (auto& [id, s] : subscribers_) {
        if (Visible(e, s.user_id)) s.socket->Send(frame);
      }
      last_id_ = e.id;
      ring_.push_back(std::move(e));
      if (ring_.size() > capacity_) ring_.pop_front();
    }
  }
}

}  // namespace phantompool::server
