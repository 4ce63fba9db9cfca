// Record helpers: enum names and parsers, the anchor's strict form, constraint names,
// commitment arithmetic, login-grant validation.
#include <gtest/gtest.h>

#include "commitments.h"
#include "db/sql.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/store/store.h"
#include "validation.h"

namespace phantompool::store {
namespace {

TEST(RecordsTest, NamesRoundTripAndParsingIsStrict) {
  for (auto s : {OrderStatus::kActive, OrderStatus::kMatching, OrderStatus::kPartiallyFilled,
                 OrderStatus::kFilled, OrderStatus::kCancelled, OrderStatus::kExpired}) {
    EXPECT_EQ(*ParseOrderStatus(Name(s), "f"), s);
  }
  for (auto s : {SessionStatus::kFrozen, SessionStatus::kSettled, SessionStatus::kFailed}) {
    EXPECT_EQ(*ParseSessionStatus(Name(s), "f"), s);
  }
  for (auto s : {ProofType::kRange, ProofType::kDleq, ProofType::kSettlement}) {
    EXPECT_EQ(*ParseProofType(Name(s), "f"), s);
  }
  EXPECT_EQ(ParseSessionStatus("Frozen", "matching_sessions.status").status().field(),
            "matching_sessions.status");
  EXPECT_FALSE(ParseTransferKind("", "k").ok());
  EXPECT_EQ(*ParseRole("auditor", "role"), Role::kAuditor);
  EXPECT_EQ(Principal::Trader(7).ToString(), "trader:7");
}

// The formula's edges (docs/executor.md, "Reputation").
TEST(ExecutorReputationTest, FromTheAnswerRecord) {
  EXPECT_EQ(ExecutorReputation(0, 0, 0), 500);  // nothing known yet: the prior
  // All valid: rises towards 1000 without reaching it.
  EXPECT_EQ(ExecutorReputation(1, 0, 0), 666);
  EXPECT_EQ(ExecutorReputation(10, 0, 0), 916);
  EXPECT_EQ(ExecutorReputation(998, 0, 0), 999);
  EXPECT_LT(ExecutorReputation(1'000'000, 0, 0), 1000);
  // One lie costs more than one miss, alone and after the same good history.
  EXPECT_EQ(ExecutorReputation(0, 1, 0), 250);
  EXPECT_EQ(ExecutorReputation(0, 0, 1), 333);
  EXPECT_LT(ExecutorReputation(10, 1, 0), ExecutorReputation(10, 0, 1));
  EXPECT_EQ(ExecutorReputation(10, 1, 0), 785);  // 11'000 / 14
  EXPECT_EQ(ExecutorReputation(10, 0, 1), 846);  // 11'000 / 13
  // A lie weighs exactly two misses.
  EXPECT_EQ(ExecutorReputation(7, 3, 0), ExecutorReputation(7, 0, 6));
  // Only failures: falls towards 0 without reaching it.
  EXPECT_EQ(ExecutorReputation(0, 1'000, 0), 0);
  EXPECT_GT(ExecutorReputation(0, 0, 997), 0);
  // Extreme counts neither overflow nor leave 0..1000.
  const uint64_t big = UINT64_MAX;
  EXPECT_EQ(ExecutorReputation(big, 0, 0), 999);
  EXPECT_EQ(ExecutorReputation(0, big, big), 0);
  EXPECT_EQ(ExecutorReputation(big, big, 0), 333);
}

TEST(RecordsTest, AnchorsAreParsedStrictly) {
  const AuditAnchor a{42, Bytes(32, 0xab), 1'764'064'800'000'000};
  const std::string text = FormatAuditAnchor(a);
  EXPECT_NE(text.find("\"anchored_at\":\"2025-11-25T10:00:00Z\""), std::string::npos) << text;
  EXPECT_EQ(*ParseAuditAnchor(text), a);
  EXPECT_EQ(*ParseAuditAnchor(text + "\n"), a);
  auto field = [](std::string t) { return ParseAuditAnchor(t).status().field(); };
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    t.replace(t.find(from), from.size(), to);
    return t;
  };
  EXPECT_EQ(field(replaced("\"entries\":42", "\"entries\":-1")), "anchor.entries");
  EXPECT_EQ(field(replaced("\"entries\":42", "\"entries\":\"42\"")), "anchor.entries");
  EXPECT_EQ(field(replaced("abab", "ABAB")), "anchor.head_hash");
  EXPECT_EQ(field(replaced("abababab", "ababab")), "anchor.head_hash");
  EXPECT_EQ(field(replaced("\"version\":1", "\"version\":2")), "anchor.version");
  EXPECT_EQ(field(replaced("10:00:00Z", "10:00:01Z")), "anchor.anchored_at");
  EXPECT_EQ(field(replaced("{", "{\"extra\":1,")), "anchor");
  EXPECT_EQ(field(replaced("\"entries\":42,", "")), "anchor.entries");
  EXPECT_EQ(field("not json"), "anchor");
  EXPECT_EQ(field(text + text), "anchor");
}

TEST(RecordsTest, ConstraintNamesMapToFields) {
  EXPECT_EQ(internal::ConstraintField("user_balances__balance__ck"), "user_balances.balance");
  EXPECT_EQ(internal::ConstraintField("encrypted_orders__nonce__uq"), "encrypted_orders.nonce");
  EXPECT_EQ(internal::ConstraintField("users.wallet_address"), "users.wallet_address");
}

TEST(RecordsTest, CommitmentArithmetic) {
  using internal::BalanceCommitment;
  crypto::DeterministicRng rng(3);
  const Commitment c = internal::EncodePoint(crypto::Point::MulBase(crypto::Scalar::Random(rng)));
  EXPECT_EQ(BalanceCommitment(0), internal::IdentityCommitment());
  EXPECT_EQ(*internal::LockedCommitment(BalanceCommitment(5), BalanceCommitment(3)),
            BalanceCommitment(2));
  EXPECT_EQ(*internal::LockedCommitment(c, c), internal::IdentityCommitment());
  Commitment bad;
  bad.fill(0xff);
  EXPECT_EQ(internal::DecodeStored(bad, "user_balances.available_commitment").status().code(),
            StatusCode::kCorruption);
  EXPECT_EQ(internal::DecodeInput(bad, "available_commitment").status().code(),
            StatusCode::kInvalidArgument);
}

TEST(RecordsTest, LoginGrantsAreValidated) {
  using internal::ValidateLoginGrant;
  const std::string pw = "correct horse battery";
  EXPECT_TRUE(ValidateLoginGrant({Role::kTrader, 7, "alice", pw}).ok());
  EXPECT_TRUE(ValidateLoginGrant({Role::kService, 0, "app_server", pw}).ok());
  EXPECT_EQ(ValidateLoginGrant({Role::kTrader, 0, "alice", pw}).field(), "id");
  EXPECT_EQ(ValidateLoginGrant({Role::kAuditor, 3, "audit", pw}).field(), "id");
  EXPECT_EQ(ValidateLoginGrant({Role::kTrader, 7, "Alice", pw}).field(), "login");
  EXPECT_EQ(ValidateLoginGrant({Role::kTrader, 7, "a\"; DROP", pw}).field(), "login");
  EXPECT_EQ(ValidateLoginGrant({Role::kTrader, 7, "pp_service", pw}).field(), "login");
  EXPECT_EQ(ValidateLoginGrant({Role::kTrader, 7, "alice", "short"}).field(), "password");
  EXPECT_EQ(ValidateLoginGrant({Role::kTrader, 7, "alice", "line\nbreak-here"}).field(),
            "password");
}

TEST(RecordsTest, TextIsStrictUtf8WithoutControls) {
  using internal::ValidateText;
  EXPECT_TRUE(ValidateText("quorum lost", 1, 64, "f").ok());
  EXPECT_TRUE(ValidateText("\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x92\xa5", 1, 64, "f").ok());
  EXPECT_EQ(ValidateText("", 1, 64, "reason").field(), "reason");
  EXPECT_FALSE(ValidateText("\xc3", 0, 64, "f").ok());              // truncated
  EXPECT_FALSE(ValidateText("\xc0\xaf", 0, 64, "f").ok());          // overlong '/'
  EXPECT_FALSE(ValidateText("\xed\xa0\x80", 0, 64, "f").ok());      // a surrogate
  EXPECT_FALSE(ValidateText("\xf4\x90\x80\x80", 0, 64, "f").ok());  // past U+10FFFF
  EXPECT_FALSE(ValidateText("\xff", 0, 64, "f").ok());
  EXPECT_FALSE(ValidateText("line\nbreak", 0, 64, "f").ok());
  EXPECT_FALSE(ValidateText(std::string(65, 'a'), 0, 64, "f").ok());
}

}  // namespace
}  // namespace phantompool::store
