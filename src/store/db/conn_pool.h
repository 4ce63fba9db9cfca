// A small blocking pool of connections (SQLite handles or libpq connections).
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "phantompool/common/result.h"

namespace phantompool::store::internal {

template <typename Conn>
class ConnPool {
 public:
  using Factory = std::function<Result<std::unique_ptr<Conn>>()>;
  ConnPool(int max, Factory factory) : max_(max < 1 ? 1 : max), factory_(std::move(factory)) {}

  // One connection on loan; it goes back to the pool when the lease ends, or is closed if
  // marked broken. Moving a lease moves that duty: the moved-from lease holds nothing and
  // releases nothing (a defaulted move would copy the pool pointer and release twice).
  class Lease {
   public:
    Lease(ConnPool* pool, std::unique_ptr<Conn> c) : pool_(pool), conn_(std::move(c)) {}
    Lease(Lease&& other) noexcept
        : pool_(std::exchange(other.pool_, nullptr)),
          conn_(std::move(other.conn_)),
          broken_(other.broken_) {}
    Lease& operator=(Lease&& other) noexcept {
      if (this != &other) {
        Return();
        pool_ = std::exchange(other.pool_, nullptr);
        conn_ = std::move(other.conn_);
        broken_ = other.broken_;
      }
      return *this;
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { Return(); }

    Conn& operator*() { return *conn_; }
    Conn* operator->() { return conn_.get(); }
    void MarkBroken() { broken_ = true; }

   private:
    void Return() {
      if (pool_ != nullptr) pool_->Release(std::move(conn_), broken_);
      pool_ = nullptr;
    }
    ConnPool* pool_;
    std::unique_ptr<Conn> conn_;
    bool broken_ = false;
  };

  Result<Lease> Acquire() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !idle_.empty() || live_ < max_; });
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(c));
    }
    ++live_;
    lock.unlock();
    Result<std::unique_ptr<Conn>> made = factory_();
    if (!made.ok()) {
      std::lock_guard<std::mutex> relock(mu_);
      --live_;
      cv_.notify_one();
      return made.status();
    }
    return Lease(this, std::move(made).value());
  }

  // Connections open now (idle or on loan); for tests.
  int live() {
    std::lock_guard<std::mutex> lock(mu_);
    return live_;
  }
  int idle() {
    std::lock_guard<std::mutex> lock(mu_);
    return static_cast<int>(idle_.size());
  }

 private:
  void Release(std::unique_ptr<Conn> c, bool broken) {
    std::lock_guard<std::mutex> lock(mu_);
    if (broken || !c) {
      --live_;
    } else {
      idle_.push_back(std::move(c));
    }
    cv_.notify_one();
  }

  const int max_;
  Factory factory_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Conn>> idle_;
  int live_ = 0;
};

}  // namespace phantompool::store::internal
