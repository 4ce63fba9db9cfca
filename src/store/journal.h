// The journal of one transaction — its audit entries and outbox events, appended at the very
// end under the chain_head lock by Procedures::AppendJournal — and the audit chain's
// canonical encoding and verifier.
//
// Audit chain: entry n carries prev_hash = entry_hash of entry n-1 (32 zero bytes for n = 1)
// and entry_hash = SHA-256 of its canonical encoding, version 2:
//   lp("phantompool/audit/v2") ‖ u64 id ‖ lp(prev_hash) ‖ lp(event_type) ‖
//   lp(event_category) ‖ lp(risk_level) ‖ opt(user_id) ‖ opt(order_id) ‖
//   opt(matching_session_id) ‖ lp(event_data) ‖ u64 created_at
// with big-endian integers, lp(x) = u32 length ‖ x, opt(v) = u8 presence ‖ u64 (0 if
// absent). Version 2 exists because PostgreSQL computes it in SQL (pp_audit_hash, migration
// 003) from int4send/int8send, which are big-endian. The chain_head row holds the last id
// and hash, so deleting the newest entries is caught too.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "phantompool/store/audit.h"

namespace phantompool::store::internal {

Bytes CanonicalAuditBytes(const AuditEntry& e);
Bytes AuditEntryHash(const AuditEntry& e);

// Walks entries in id order; reports the first broken link, and checks an anchor.
class ChainVerifier {
 public:
  explicit ChainVerifier(std::optional<AuditAnchor> anchor = std::nullopt)
      : anchor_(std::move(anchor)) {}
  // False once a break was found (then report() says where).
  bool Feed(const AuditEntry& e);
  // Checks the chain_head row against the last entry fed, and the anchor against the chain.
  void Finish(int64_t head_seq, const Bytes& head_hash);
  const AuditVerifyReport& report() const { return report_; }

 private:
  void Break(int64_t id, std::string why);
  std::optional<AuditAnchor> anchor_;
  bool anchor_seen_ = false;
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
  const std::vector<Audit>& audits() const { return audits_; }
  const std::vector<Event>& events() const { return events_; }

 private:
  std::vector<Audit> audits_;
  std::vector<Event> events_;
};

}  // namespace phantompool::store::internal
