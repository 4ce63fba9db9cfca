// The audit chain and the event outbox, as the store hands them out, and the anchor: the
// chain's head written down outside the database.
//
// The audit log is a hash chain (docs/store.md, "Integrity"): entry n carries the hash of
// entry n−1 and its own hash over every field. Verifying it proves nothing was altered since
// someone last saw the head; an anchor is that someone's record of the head — an entry count
// and the hash of that entry — kept outside the database (a file, a ticket, a newspaper).
// `audit verify --anchor FILE` then proves the chain still extends what was anchored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "phantompool/common/result.h"
#include "phantompool/store/records.h"

namespace phantompool::store {

struct AuditEntry {
  int64_t id = 0;  // 1, 2, 3, ...: position in the chain
  std::string event_type, event_category, risk_level;
  std::optional<int64_t> user_id, order_id, matching_session_id;
  std::string event_data;  // JSON text, hashed byte for byte
  int64_t created_at = 0;
  Bytes prev_hash, entry_hash;  // 32 bytes each
};

struct OutboxEvent {
  int64_t id = 0;  // strictly increasing in commit order: readers page by it
  std::string topic, event_type;
  std::optional<int64_t> user_id;  // absent: public (everyone may see it)
  std::optional<int64_t> trading_pair_id;
  std::string payload;  // JSON
  int64_t created_at = 0;
};

// The head of the chain at some moment: `entries` entries, the last with hash `head_hash`
// (32 zero bytes for an empty chain).
struct AuditAnchor {
  int64_t entries = 0;
  Bytes head_hash = Bytes(32, 0);
  int64_t anchored_at = 0;  // microseconds since the epoch, when it was written down

  friend bool operator==(const AuditAnchor&, const AuditAnchor&) = default;
};

struct AuditVerifyReport {
  bool ok = true;
  int64_t entries = 0;             // how many were walked
  Bytes head_hash = Bytes(32, 0);  // hash of the last entry walked (the head when ok)
  int64_t first_broken_id = 0;     // 0 when ok
  std::string problem;             // what is wrong with that entry, or with the anchor
};

// One line of JSON:
//   {"format":"phantompool-audit-anchor","version":1,"entries":N,"head_hash":"<64 hex>",
//    "anchored_at_us":T,"anchored_at":"2026-11-25T10:00:00Z"}
// The human-readable time is informative; the parser checks it matches anchored_at_us.
std::string FormatAuditAnchor(const AuditAnchor& anchor);
// Strict: exactly those keys, the right types and lengths; errors name "anchor.<key>".
Result<AuditAnchor> ParseAuditAnchor(std::string_view text);

}  // namespace phantompool::store
