// OrderIntake: SubmitOrder, with group commit.
//
// Every audited transaction ends by locking chain_head (the audit chain and the outbox ids
// must follow commit order) and holds it through COMMIT and its WAL flush, so one order per
// transaction would cap submissions at one flush each, whatever the number of connections.
// Concurrent submissions are therefore combined: each caller prepares its own order (the
// derived columns, the obligation commitment, A − obligation: the CPU work, done in
// parallel), then one caller becomes the leader and writes everything queued in ONE
// transaction through one call of the back end's batch procedure. An order the procedure
// refuses (stale A, reused nonce, ...) writes nothing and gets its Status; the others commit.
// Every order's row, lock, audit entry and event commit together, and no caller returns
// before that commit. On PostgreSQL a batch is one round trip: the transaction's opening, the
// batch and COMMIT are pipelined (PgTx), so chain_head is never held across the network.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>

#include "store_context.h"

namespace phantompool::store::internal {

class OrderIntake {
 public:
  explicit OrderIntake(StoreContext& ctx) : ctx_(ctx) {}

  // The order's row as it committed (what GetOrder would read back, without the read).
  Result<OrderRecord> Submit(const Principal& p, int64_t user_id,
                             const order::EncryptedOrder& order, const Commitment& available);

 private:
  struct Pending {
    PreparedOrder order;
    Status status;
    int64_t id = 0;
    int64_t created_at = 0;  // the batch's transaction time
    bool done = false;
    bool lead = false;  // this caller writes the next batch
    // Each caller waits on its own: a batch's end wakes exactly its callers and the next
    // leader, not every thread in the queue (one shared variable measured as a futex storm).
    std::condition_variable cv;
  };
  static OrderRecord Committed(PreparedOrder&& o, int64_t id, int64_t now);
  Result<PreparedOrder> Prepare(const Principal& p, int64_t user_id,
                                const order::EncryptedOrder& order, const Commitment& available);
  // Writes `batch` (sorted into lock order) and sets each item's outcome.
  void WriteBatch(const Principal& p, std::vector<Pending*> batch);
  Status WriteOnce(const Principal& p, const std::vector<Pending*>& batch);

  StoreContext& ctx_;
  std::mutex mu_;
  std::condition_variable gather_cv_;  // the leader, waiting for the batch to fill
  std::deque<Pending*> queue_;
  bool leader_ = false;  // some caller leads (gathers or writes a batch); then queue_ may wait
  int callers_ = 0;      // callers inside Submit
  int peak_ = 0;         // the most callers seen lately (decays by one per batch)
};

}  // namespace phantompool::store::internal
