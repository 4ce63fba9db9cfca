#include "order_verifier.h"

namespace phantompool::server {

OrderVerifier::OrderVerifier(size_t threads, size_t max_batch) : max_batch_(max_batch) {
  for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Run(); });
}

OrderVerifier::~OrderVerifier() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

Status OrderVerifier::Verify(const order::EncryptedOrder& order,
                             const order::OrderStatement& statement) {
  Pending p{&order, statement, {}};
  auto result = p.done.get_future();
  {
    std::lock_guard lock(mu_);
    if (stopping_) return Status::Unavailable("server", "shutting down");
    queue_.push_back(&p);
  }
  cv_.notify_one();
  return result.get();
}

uint64_t OrderVerifier::batches() const {
  std::lock_guard lock(mu_);
  return batches_;
}
uint64_t OrderVerifier::verified() const {
  std::lock_guard lock(mu_);
  return verified_;
}

void OrderVerifier::Run() {
  // While the server starts, not when the first orders arrive: they would all wait for it.
  order::PrepareOrderVerification();
  for (;;) {
    std::vector<Pending*> batch;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to answer
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
      ++batches_;
      verified_ += batch.size();
    }
    std::vector<const order::EncryptedOrder*> orders;
    std::vector<order::OrderStatement> statements;
    orders.reserve(batch.size());
    statements.reserve(batch.size());
    for (Pending* p : batch) {
      orders.push_back(p->order);
      statements.push_back(p->statement);
    }
    std::vector<Status> results = order::VerifyEncryptedOrders(orders, statements);
    for (size_t i = 0; i < batch.size(); ++i) batch[i]->done.set_value(std::move(results[i]));
  }
}

}  // namespace phantompool::server
