// OrderVerifier: proof verification for concurrent submissions, batched. Handlers hand
// their order in and wait; a verifier thread takes every order waiting (up to a batch) and
// checks them in one multi-scalar multiplication (order::VerifyEncryptedOrders, which names
// each bad order and still accepts the good ones). Under load a batch of 64 costs about a
// quarter of 64 single verifications; idle, an order waits for nobody. While one thread is
// verifying, another starts only when a queue has built up (order_verifier.cc says why).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/order/encrypted_order.h"

namespace phantompool::server {

class OrderVerifier {
 public:
  OrderVerifier(size_t threads, size_t max_batch);
  ~OrderVerifier();
  OrderVerifier(const OrderVerifier&) = delete;
  OrderVerifier& operator=(const OrderVerifier&) = delete;

  // Blocks until the order is verified. `order` and `statement` (and its pair) must live
  // until it returns.
  Status Verify(const order::EncryptedOrder& order, const order::OrderStatement& statement);

  uint64_t batches() const;
  uint64_t verified() const;

 private:
  struct Pending {
    const order::EncryptedOrder* order;
    order::OrderStatement statement;
    std::promise<Status> done;
  };
  void Run();

  const size_t max_batch_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending*> queue_;
  bool stopping_ = false;
  uint64_t batches_ = 0, verified_ = 0;
  size_t busy_ = 0;  // threads verifying a batch
  std::vector<std::thread> threads_;
};

}  // namespace phantompool::server
