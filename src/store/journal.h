// The journal of one transaction: its audit entries and outbox events, appended at the very
// end under the chain_head row lock.
//
// Audit chain: entry n carries prev_hash = entry_hash of entry n-1 (32 zero bytes for n = 1)
// and entry_hash = SHA-256 of its canonical encoding (below), which covers every column. The
// chain_head row holds the last id and hash, so deleting the newest entries is caught too.
// Outbox ids are assigned under the same lock, so ids increase in commit order and a reader
// paging by id never misses an event that commits later with a smaller id.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "phantompool/store/session_records.h"
#include "phantompool/store/store.h"
#include "sql.h"

namespace phantompool::store::internal {

// "phantompool/audit/v1" || u64 id || prev_hash || len-prefixed strings and optional ids.
Bytes CanonicalAuditBytes(const AuditEntry& e);
Bytes AuditEntryHash(const AuditEntry& e);

// Walks entries in id order; reports the first broken link.
class ChainVerifier {
 public:
  // False once a break was found (then report() says where).
  bool Feed(const AuditEntry& e);
  // Checks the chain_head row against the last entry fed.
  void Finish(int64_t head_seq, const Bytes& head_hash);
  const AuditVerifyReport& report() const { return report_; }

 private:
  void Break(int64_t id, std::string why);
  AuditVerifyReport report_;
  int64_t last_id_ = 0;
  Bytes last_hash_ = Bytes(32, 0);
};

class Journal {
 public:
  struct Audit {
    std::string event_type, category, risk_level = "low";
    std::optional<int64_t> user_id, order_id, session_id;
    std::string data_json;
  };
  struct Event {
    std::string topic, event_type;
    std::optional<int64_t> user_id, pair_id;
    std::string payload_json;
  };
  void Add(Audit a) { audits_.push_back(std::move(a)); }
  void Add(Event e) { events_.push_back(std::move(e)); }
  bool empty() const { return audits_.empty() && events_.empty(); }
  // Takes over another journal's entries, after this one's.
  void Append(Journal&& other);
  // Locks chain_head, appends everything, advances the head; on PostgreSQL also queues a
  // NOTIFY on channel pp_outbox (delivered at commit). Returns the last outbox id (0: none).
  int64_t Flush(SqlTx& tx, int64_t now);

 private:
  std::vector<Audit> audits_;
  std::vector<Event> events_;
};

}  // namespace phantompool::store::internal
