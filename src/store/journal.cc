#include "journal.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>

#include "phantompool/common/byte_io.h"
#include "phantompool/crypto/rng.h"

namespace phantompool::store::internal {
namespace {

void OptId(ByteWriter& w, const std::optional<int64_t>& v) {
  w.U8(v ? 1 : 0);
  w.U64(v ? static_cast<uint64_t>(*v) : 0);
}

}  // namespace

Bytes CanonicalAuditBytes(const AuditEntry& e) {
  ByteWriter w;
  w.String("phantompool/audit/v1");
  w.U64(static_cast<uint64_t>(e.id));
  w.LengthPrefixed(e.prev_hash);
  w.String(e.event_type);
  w.String(e.event_category);
  w.String(e.risk_level);
  OptId(w, e.user_id);
  OptId(w, e.order_id);
  OptId(w, e.matching_session_id);
  w.String(e.event_data);
  w.U64(static_cast<uint64_t>(e.created_at));
  return std::move(w).Take();
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
  return true;
}

void ChainVerifier::Finish(int64_t head_seq, const Bytes& head_hash) {
  if (!report_.ok) return;
  if (head_seq != last_id_) {
    Break(last_id_ + 1, "chain_head says " + std::to_string(head_seq) + " entries, found " +
                            std::to_string(last_id_));
  } else if (head_hash != last_hash_) {
    Break(last_id_, "chain_head hash does not match the last entry");
  }
}

namespace {

// "($1, $2, ...)" rows for a multi-row VALUES, numbering from params.size() + 1.
void AppendRow(std::string& sql, Params& params, std::vector<SqlValue> row) {
  sql += sql.back() == ')' ? ", (" : "(";
  for (size_t c = 0; c < row.size(); ++c) {
    if (c) sql += ", ";
    sql += '$';
    sql += std::to_string(params.size() + 1);
    params.push_back(std::move(row[c]));
  }
  sql += ")";
}

constexpr const char* kAuditInsert =
    "INSERT INTO audit_log (id, event_type, event_category, user_id, order_id, "
    "matching_session_id, "
    "event_data, risk_level, created_at, prev_hash, entry_hash) VALUES ";
constexpr const char* kEventInsert =
    "INSERT INTO event_outbox (id, topic, event_type, user_id, trading_pair_id, payload, "
    "created_at) VALUES ";
// Rows per statement: a settlement writes one event per order, and PostgreSQL takes at most
// 65535 parameters in one statement.
constexpr size_t kChunk = 500;

}  // namespace

void Journal::Append(Journal&& other) {
  for (Audit& a : other.audits_) audits_.push_back(std::move(a));
  for (Event& e : other.events_) events_.push_back(std::move(e));
  other.audits_.clear();
  other.events_.clear();
}

int64_t Journal::Flush(SqlTx& tx, int64_t now) {
  if (empty()) return 0;
  const std::string lock = "SELECT audit_seq, audit_hash, outbox_seq FROM chain_head WHERE id = 1" +
                           std::string(tx.ForUpdate());
  SqlResult head = tx.Query(lock, {}, "chain_head");
  if (head.empty()) Fail(Status::Corruption("chain_head", "missing"));
  int64_t seq = head.Row(0).Int(0);
  Bytes hash = head.Row(0).Blob(1);
  int64_t outbox = head.Row(0).Int(2);

  // Statements as (sql, params); on PostgreSQL the last ones are folded into one round trip.
  std::vector<std::pair<std::string, Params>> statements;
  for (size_t start = 0; start < audits_.size(); start += kChunk) {
    std::string sql = kAuditInsert;
    Params params;
    for (size_t i = start; i < std::min(audits_.size(), start + kChunk); ++i) {
      const Audit& a = audits_[i];
      AuditEntry e;
      e.id = ++seq;
      e.event_type = a.event_type;
      e.event_category = a.category;
      e.risk_level = a.risk_level;
      e.user_id = a.user_id;
      e.order_id = a.order_id;
      e.matching_session_id = a.session_id;
      e.event_data = a.data_json;
      e.created_at = now;
      e.prev_hash = hash;
      e.entry_hash = AuditEntryHash(e);
      AppendRow(sql, params,
                {SqlValue::Int(e.id), SqlValue::Text(e.event_type),
                 SqlValue::Text(e.event_category), SqlValue::Opt(e.user_id),
                 SqlValue::Opt(e.order_id), SqlValue::Opt(e.matching_session_id),
                 SqlValue::Text(e.event_data), SqlValue::Text(e.risk_level), SqlValue::Int(now),
                 SqlValue::Blob(e.prev_hash), SqlValue::Blob(e.entry_hash)});
      hash = e.entry_hash;
    }
    statements.emplace_back(std::move(sql), std::move(params));
  }
  for (size_t start = 0; start < events_.size(); start += kChunk) {
    std::string sql = kEventInsert;
    Params params;
    for (size_t i = start; i < std::min(events_.size(), start + kChunk); ++i) {
      const Event& ev = events_[i];
      AppendRow(sql, params,
                {SqlValue::Int(++outbox), SqlValue::Text(ev.topic), SqlValue::Text(ev.event_type),
                 SqlValue::Opt(ev.user_id), SqlValue::Opt(ev.pair_id),
                 SqlValue::Text(ev.payload_json), SqlValue::Int(now)});
    }
    statements.emplace_back(std::move(sql), std::move(params));
  }
  const Params head_params{SqlValue::Int(seq), SqlValue::Blob(hash), SqlValue::Int(outbox)};
  const char* kHeadUpdate =
      "UPDATE chain_head SET audit_seq = $1, audit_hash = $2, outbox_seq = $3 WHERE id = 1";
  if (tx.backend() == Backend::kSqlite) {
    for (const auto& [sql, params] : statements) tx.Query(sql, params, "audit_log");
    tx.Query(kHeadUpdate, head_params, "chain_head");
  } else {
    // The head update, the last two inserts and the NOTIFY (delivered at commit) in one
    // statement: fewer round trips while the chain_head lock is held.
    while (statements.size() > 2) {
      tx.Query(statements.front().first, statements.front().second, "audit_log");
      statements.erase(statements.begin());
    }
    std::string sql =
        "WITH u AS (UPDATE chain_head SET audit_seq = $1, audit_hash = $2, outbox_seq = $3 "
        "WHERE id = 1 RETURNING outbox_seq)";
    Params params = head_params;
    for (size_t k = 0; k < statements.size(); ++k) {
      // Renumber this statement's $n past the parameters already taken.
      const auto& [part_sql, part_params] = statements[k];
      std::string renumbered;
      for (size_t i = 0; i < part_sql.size(); ++i) {
        if (part_sql[i] != '$') {
          renumbered += part_sql[i];
          continue;
        }
        size_t j = i + 1;
        while (j < part_sql.size() && std::isdigit(static_cast<unsigned char>(part_sql[j]))) ++j;
        renumbered += '$';
        renumbered += std::to_string(std::stoul(part_sql.substr(i + 1, j - i - 1)) + params.size());
        i = j - 1;
      }
      sql += ", w" + std::to_string(k) + " AS (" + renumbered + ")";
      params.insert(params.end(), part_params.begin(), part_params.end());
    }
    sql += events_.empty() ? " SELECT outbox_seq FROM u"
                           : " SELECT pg_notify('pp_outbox', outbox_seq::text) FROM u";
    tx.Query(sql, params, "audit_log");
  }
  audits_.clear();
  events_.clear();
  return outbox;
}

}  // namespace phantompool::store::internal
