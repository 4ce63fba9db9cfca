// The audit chain's canonical encoding and verifier, without a database.
#include "journal.h"

#include <gtest/gtest.h>

#include "phantompool/common/hex.h"

namespace phantompool::store::internal {
namespace {

std::vector<AuditEntry> Chain(int n) {
  std::vector<AuditEntry> out;
  Bytes prev(32, 0);
  for (int i = 1; i <= n; ++i) {
    AuditEntry e;
    e.id = i;
    e.event_type = "deposit";
    e.event_category = "balance";
    e.risk_level = "low";
    e.user_id = i;
    e.event_data = "{\"amount\":" + std::to_string(i) + "}";
    e.created_at = 1000 + i;
    e.prev_hash = prev;
    e.entry_hash = AuditEntryHash(e);
    prev = e.entry_hash;
    out.push_back(e);
  }
  return out;
}

AuditVerifyReport Verify(const std::vector<AuditEntry>& entries, int64_t head_seq,
                         const Bytes& head_hash, std::optional<AuditAnchor> anchor = {}) {
  ChainVerifier v(anchor);
  for (const AuditEntry& e : entries) {
    if (!v.Feed(e)) break;
  }
  v.Finish(head_seq, head_hash);
  return v.report();
}

std::string TextHex(std::string_view s) {
  return ToHex(std::span(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
}

// The bytes pp_audit_hash (migration 003) builds in SQL; PostgreSQL computes the same hash
// (checked end to end by the conformance suite, whose PostgreSQL entries C++ verifies).
TEST(JournalTest, CanonicalEncodingIsVersionTwoBigEndian) {
  AuditEntry e;
  e.id = 1;
  e.prev_hash = Bytes(32, 0);
  e.event_type = "a";
  e.event_category = "b";
  e.risk_level = "c";
  e.order_id = 258;
  e.event_data = "{}";
  e.created_at = 7;
  const std::string expected = "00000014" + TextHex("phantompool/audit/v2") + "0000000000000001" +
                               "00000020" + std::string(64, '0') + "0000000161" + "0000000162" +
                               "0000000163" + "000000000000000000" + "010000000000000102" +
                               "000000000000000000" + "000000027b7d" + "0000000000000007";
  EXPECT_EQ(ToHex(CanonicalAuditBytes(e)), expected);
}

TEST(JournalTest, EveryFieldIsCoveredByTheHash) {
  const AuditEntry base = Chain(1)[0];
  const Bytes h = AuditEntryHash(base);
  auto changed = [&](auto mutate) {
    AuditEntry e = base;
    mutate(e);
    return AuditEntryHash(e) != h;
  };
  EXPECT_TRUE(changed([](AuditEntry& e) { e.id = 2; }));
  EXPECT_TRUE(changed([](AuditEntry& e) { e.event_type = "withdrawal"; }));
  EXPECT_TRUE(changed([](AuditEntry& e) { e.event_category = "order"; }));
  EXPECT_TRUE(changed([](AuditEntry& e) { e.risk_level = "high"; }));
  EXPECT_TRUE(changed([](AuditEntry& e) { e.user_id.reset(); }));
  EXPECT_TRUE(changed([](AuditEntry& e) { e.order_id = 0; }));  // absent differs from 0
  EXPECT_TRUE(changed([](AuditEntry& e) { e.matching_session_id = 1; }));
  EXPECT_TRUE(changed([](AuditEntry& e) { e.event_data += " "; }));
  EXPECT_TRUE(changed([](AuditEntry& e) { e.created_at += 1; }));
  EXPECT_TRUE(changed([](AuditEntry& e) { e.prev_hash[0] ^= 1; }));
  // Length prefixes keep adjacent strings from trading bytes.
  EXPECT_TRUE(changed([](AuditEntry& e) {
    e.event_type = "deposi";
    e.event_category = "tbalance";
  }));
}

TEST(JournalTest, VerifierFindsTheFirstBrokenLink) {
  auto c = Chain(5);
  const auto ok = Verify(c, 5, c[4].entry_hash);
  EXPECT_TRUE(ok.ok);
  EXPECT_EQ(ok.head_hash, c[4].entry_hash);
  auto altered = c;
  altered[2].event_data = "{\"amount\":999}";
  EXPECT_EQ(Verify(altered, 5, c[4].entry_hash).first_broken_id, 3);
  auto deleted = c;
  deleted.erase(deleted.begin() + 1);
  EXPECT_EQ(Verify(deleted, 5, c[4].entry_hash).first_broken_id, 2);
  auto swapped = c;
  std::swap(swapped[1], swapped[2]);
  EXPECT_EQ(Verify(swapped, 5, c[4].entry_hash).first_broken_id, 2);
  auto renumbered = c;  // swap contents but keep ids in order
  std::swap(renumbered[1].id, renumbered[2].id);
  std::swap(renumbered[1], renumbered[2]);
  EXPECT_EQ(Verify(renumbered, 5, c[4].entry_hash).first_broken_id, 2);
  auto tail = c;
  tail.pop_back();
  EXPECT_EQ(Verify(tail, 5, c[4].entry_hash).first_broken_id, 5);
  EXPECT_FALSE(Verify(c, 5, c[3].entry_hash).ok);
  EXPECT_TRUE(Verify({}, 0, Bytes(32, 0)).ok);
}

TEST(JournalTest, AnAnchorMustBeExtended) {
  auto c = Chain(5);
  EXPECT_TRUE(Verify(c, 5, c[4].entry_hash, AuditAnchor{3, c[2].entry_hash, 0}).ok);
  EXPECT_TRUE(Verify(c, 5, c[4].entry_hash, AuditAnchor{5, c[4].entry_hash, 0}).ok);
  EXPECT_TRUE(Verify(c, 5, c[4].entry_hash, AuditAnchor{0, Bytes(32, 0), 0}).ok);
  // A chain rebuilt from entry 3 on verifies by itself, but not against the anchor.
  auto rewritten = Chain(5);
  rewritten[2].event_data = "{\"amount\":1}";
  for (size_t i = 2; i < rewritten.size(); ++i) {
    rewritten[i].prev_hash = rewritten[i - 1].entry_hash;
    rewritten[i].entry_hash = AuditEntryHash(rewritten[i]);
  }
  EXPECT_TRUE(Verify(rewritten, 5, rewritten[4].entry_hash).ok);
  const auto r = Verify(rewritten, 5, rewritten[4].entry_hash, AuditAnchor{4, c[3].entry_hash, 0});
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken_id, 4);
  auto shorter = c;
  shorter.resize(2);
  const auto s = Verify(shorter, 2, c[1].entry_hash, AuditAnchor{4, c[3].entry_hash, 0});
  EXPECT_FALSE(s.ok);
  EXPECT_EQ(s.first_broken_id, 4);
  EXPECT_FALSE(Verify(c, 5, c[4].entry_hash, AuditAnchor{0, Bytes(32, 1), 0}).ok);
}

}  // namespace
}  // namespace phantompool::store::internal
