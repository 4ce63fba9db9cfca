// Db: one back end (SQLite or PostgreSQL) as the store's components see it — transactions,
// the procedures that change money, orders and sessions, and the maintenance calls.
#pragma once

#include <chrono>
#include <functional>

#include "db/sql.h"
#include "phantompool/store/principal.h"
#include "phantompool/store/store.h"

namespace phantompool::store::internal {

class Procedures;

enum class Access : uint8_t {
  kRead,      // a read transaction
  kWrite,     // a read-write transaction (SQLite: BEGIN IMMEDIATE)
  kSnapshot,  // one consistent read-only snapshot (PostgreSQL: REPEATABLE READ READ ONLY)
};

using TxFn = std::function<Status(SqlTx&)>;

class Db {
 public:
  virtual ~Db() = default;
  virtual Backend kind() const = 0;

  // Runs `fn` in one transaction acting as `p`; nullptr is the owner's maintenance path.
  // Commits exactly when fn returns OK; a deadlock or serialization failure runs fn again
  // (so fn must start from scratch each time).
  virtual Status Run(const Principal* p, Access access, const TxFn& fn) = 0;
  virtual Procedures& procs() = 0;
  // Called after a transaction that appended outbox events committed.
  virtual void EventsCommitted(int64_t /*last_id*/) {}
  virtual Result<bool> WaitForEvents(int64_t after_id, std::chrono::milliseconds timeout) = 0;
  // A pair's lease (Store::TryLeasePair): Conflict when held elsewhere.
  virtual Result<std::unique_ptr<PairLease>> TryLeasePair(int64_t pair_id) = 0;

  // Maintenance.
  virtual Status Migrate(int64_t now) = 0;
  virtual Result<int> SchemaVersion() = 0;
  virtual Status GrantLogin(const LoginGrant& grant, int64_t now) = 0;
};

}  // namespace phantompool::store::internal
