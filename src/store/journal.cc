#include "journal.h"

#include <sodium.h>

#include "phantompool/crypto/rng.h"

namespace phantompool::store::internal {
namespace {

// The canonical form's pieces, big-endian (see journal.h).
class CanonicalWriter {
 public:
  void U8(uint8_t v) { out_.push_back(v); }
  void U32(uint32_t v) {
    for (int i = 3; i >= 0; --i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  void U64(uint64_t v) {
    for (int i = 7; i >= 0; --i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  void Lp(std::span<const uint8_t> b) {
    U32(static_cast<uint32_t>(b.size()));
    out_.insert(out_.end(), b.begin(), b.end());
  }
  void Lp(std::string_view s) {
    Lp(std::span(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
  }
  void Opt(const std::optional<int64_t>& v) {
    U8(v ? 1 : 0);
    U64(v ? static_cast<uint64_t>(*v) : 0);
  }
  Bytes Take() { return std::move(out_); }

 private:
  Bytes out_;
};

}  // namespace

Bytes CanonicalAuditBytes(const AuditEntry& e) {
  CanonicalWriter w;
  w.Lp(std::string_view("phantompool/audit/v2"));
  w.U64(static_cast<uint64_t>(e.id));
  w.Lp(std::span<const uint8_t>(e.prev_hash));
  w.Lp(std::string_view(e.event_type));
  w.Lp(std::string_view(e.event_category));
  w.Lp(std::string_view(e.risk_level));
  w.Opt(e.user_id);
  w.Opt(e.order_id);
  w.Opt(e.matching_session_id);
  w.Lp(std::string_view(e.event_data));
  w.U64(static_cast<uint64_t>(e.created_at));
  return w.Take();
}

Bytes AuditEntryHash(const AuditEntry& e) {
  crypto::EnsureSodium();
  const Bytes canon = CanonicalAuditBytes(e);
  Bytes out(crypto_hash_sha256_BYTES);
  crypto_hash_sha256(out.data(), canon.data(), canon.size());
  return out;
}

void ChainVerifier::Break(int64_t id, std::string why) {
  if (!report_.ok) return;
  report_.ok = false;
  report_.first_broken_id = id;
  report_.problem = std::move(why);
}

bool ChainVerifier::Feed(const AuditEntry& e) {
  if (!report_.ok) return false;
  ++report_.entries;
  if (e.id != last_id_ + 1) {
    Break(last_id_ + 1, e.id > last_id_ + 1
                            ? "entry missing (next id found: " + std::to_string(e.id) + ")"
                            : "entries out of order");
    return false;
  }
  if (e.prev_hash != last_hash_) {
    Break(e.id, "prev_hash does not match the previous entry's hash");
    return false;
  }
  if (e.entry_hash != AuditEntryHash(e)) {
    Break(e.id, "entry_hash does not match the entry's contents");
    return false;
  }
  last_id_ = e.id;
  last_hash_ = e.entry_hash;
  report_.head_hash = last_hash_;
  if (anchor_ && e.id == anchor_->entries) {
    anchor_seen_ = true;
    if (e.entry_hash != anchor_->head_hash) {
      Break(e.id, "the chain does not extend the anchor: entry " + std::to_string(e.id) +
                      " differs from the anchored head");
      return false;
    }
  }
  return true;
}

void ChainVerifier::Finish(int64_t head_seq, const Bytes& head_hash) {
  if (!report_.ok) return;
  if (head_seq != last_id_) {
    Break(last_id_ + 1, "chain_head says " + std::to_string(head_seq) + " entries, found " +
                            std::to_string(last_id_));
    return;
  }
  if (head_hash != last_hash_) {
    Break(last_id_, "chain_head hash does not match the last entry");
    return;
  }
  if (anchor_ && anchor_->entries == 0 && anchor_->head_hash != Bytes(32, 0)) {
    Break(0, "the anchor of an empty chain must hold 32 zero bytes");
  } else if (anchor_ && anchor_->entries > 0 && !anchor_seen_) {
    Break(anchor_->entries, "the chain has " + std::to_string(last_id_) +
                                " entries, fewer than the anchor's " +
                                std::to_string(anchor_->entries));
  }
}

}  // namespace phantompool::store::internal
