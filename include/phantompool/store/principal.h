// Principal: who is acting in one store request.
//
// The server authenticates a request, then hands the store the principal it acts for. The
// store never trusts a user id from anywhere else: every read is scoped by it, every write
// checks it. On PostgreSQL the same principal becomes `SET LOCAL ROLE pp_<role>` and
// `SET LOCAL phantompool.user_id`, so row-level security holds even if the C++ checks had
// a bug; on SQLite the C++ checks are the enforcement.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "phantompool/common/result.h"

namespace phantompool::store {

enum class Role : uint8_t {
  kTrader,    // reads its own rows; never writes directly (money moves through the service)
  kAuditor,   // reads everything, writes nothing
  kExecutor,  // reads frozen batches, writes its own threshold responses and heartbeat
  kService,   // the server itself: the only role that may call functions that move money
};

std::string_view RoleName(Role role);  // "trader", "auditor", "executor", "service"
Result<Role> ParseRole(std::string_view name, std::string_view field);

struct Principal {
  Role role = Role::kTrader;
  // users.id for a trader, executor_nodes.id for an executor, 0 for auditor and service.
  int64_t user_id = 0;

  static Principal Trader(int64_t user_id) { return {Role::kTrader, user_id}; }
  static Principal Executor(int64_t node_id) { return {Role::kExecutor, node_id}; }
  static Principal Auditor() { return {Role::kAuditor, 0}; }
  static Principal Service() { return {Role::kService, 0}; }

  std::string ToString() const;  // "trader:42"
};

}  // namespace phantompool::store
