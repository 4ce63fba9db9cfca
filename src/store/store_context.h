// What every component of the store shares: the back end, the clock, the pair cache, and
// the two ways a call runs (a read, or a write that ends by appending its journal).
#pragma once

#include <functional>

#include "db/db.h"
#include "db/procedures.h"
#include "journal.h"
#include "pair_rows.h"

namespace phantompool::store::internal {

class StoreContext {
 public:
  StoreContext(std::unique_ptr<Db> db, Clock clock)
      : db_(std::move(db)), clock_(std::move(clock)) {}

  Db& db() { return *db_; }
  Procedures& procs() { return db_->procs(); }
  PairCache& pairs() { return pairs_; }
  int64_t Now() const { return clock_(); }

  Status Read(const Principal& p, const TxFn& fn) { return db_->Run(&p, Access::kRead, fn); }
  // One write transaction as p: fn does the work and fills the journal, which is appended
  // (audit entries and outbox events, under the chain_head lock) before COMMIT. `now` is
  // read once per attempt, so every row and entry of the transaction carries the same time.
  using WriteFn = std::function<Status(SqlTx& tx, Journal& journal, int64_t now)>;
  Status Write(const Principal& p, const WriteFn& fn);

 private:
  std::unique_ptr<Db> db_;
  Clock clock_;
  PairCache pairs_;
};

}  // namespace phantompool::store::internal
