// A small blocking pool of connections (SQLite handles or libpqxx connections).
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace phantompool::store::internal {

template <typename Conn>
class ConnPool {
 public:
  using Factory = std::function<std::unique_ptr<Conn>()>;  // may throw StoreError
  ConnPool(int max, Factory factory) : max_(max < 1 ? 1 : max), factory_(std::move(factory)) {}

  // Returns a connection to the pool when it goes out of scope, unless marked broken.
  class Lease {
   public:
    Lease(ConnPool* pool, std::unique_ptr<Conn> c) : pool_(pool), conn_(std::move(c)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (pool_ && conn_)
        pool_->Release(std::move(conn_), broken_);
      else if (pool_ && !conn_)
        pool_->Release(nullptr, true);
    }
    Conn& operator*() { return *conn_; }
    Conn* operator->() { return conn_.get(); }
    void MarkBroken() { broken_ = true; }

   private:
    ConnPool* pool_;
    std::unique_ptr<Conn> conn_;
    bool broken_ = false;
  };

  Lease Acquire() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !idle_.empty() || live_ < max_; });
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(c));
    }
    ++live_;
    lock.unlock();
    try {
      return Lease(this, factory_());
    } catch (...) {
      std::lock_guard<std::mutex> relock(mu_);
      --live_;
      cv_.notify_one();
      throw;
    }
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
