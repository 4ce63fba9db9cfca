// AuditLog: reading and verifying the audit chain (against its head row and, when given,
// an anchor kept outside the database), and reading the outbox.
#pragma once

#include "store_context.h"

namespace phantompool::store::internal {

class AuditLog {
 public:
  explicit AuditLog(StoreContext& ctx) : ctx_(ctx) {}

  Result<std::vector<AuditEntry>> Read(const Principal& p, int64_t after_id, int32_t limit);
  Result<AuditVerifyReport> Verify(const Principal& p, const std::optional<AuditAnchor>& anchor);
  Result<std::vector<OutboxEvent>> Events(const Principal& p, int64_t after_id, int32_t limit);

 private:
  StoreContext& ctx_;
};

}  // namespace phantompool::store::internal
