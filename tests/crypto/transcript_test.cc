#include "phantompool/crypto/transcript.h"

#include <gtest/gtest.h>

#include "phantompool/common/hex.h"

namespace phantompool::crypto {
namespace {

// A fixed sequence of messages: the challenge it yields is pinned below. Changing the
// transcript's framing changes every challenge and breaks every stored proof, so this
// must only ever change together with a new protocol version.
Transcript FixedSequence() {
  Transcript t("phantompool/test/v1");
  t.AppendMessage("m1", std::string_view("hello"));
  t.AppendU64("n", 42);
  t.AppendScalar("s", Scalar::FromU64(7));
  t.AppendPoint("P", Point::Base());
  const uint8_t nonce[3] = {1, 2, 3};
  AppendContext(t, ProofContext{"SOL/USDC", "user-1", nonce});
  return t;
}

TEST(TranscriptTest, ChallengeIsPinned) {
  Transcript t = FixedSequence();
  EXPECT_EQ(ToHex(t.ChallengeScalar("c").ToBytes()),
            "4dfa240b9e70e1dccafaaeef8ecde68fd7a648311a72b2c332f5ef19044bad08");
  // The first challenge is absorbed: the second one differs and is pinned too.
  EXPECT_EQ(ToHex(t.ChallengeScalar("c").ToBytes()),
            "e22ccc813c5f0c293715571fc4c4b0a05b0125bde8eee1981f38427e15e3ac0f");
}

TEST(TranscriptTest, SameSequenceSameChallenge) {
  Transcript a = FixedSequence();
  Transcript b = FixedSequence();
  EXPECT_TRUE(a.ChallengeScalar("c") == b.ChallengeScalar("c"));
}

TEST(TranscriptTest, LabelsOrderAndFramingMatter) {
  auto challenge = [](auto build) {
    Transcript t("phantompool/test/v1");
    build(t);
    return t.ChallengeScalar("c");
  };
  const Scalar base = challenge([](Transcript& t) {
    t.AppendMessage("a", std::string_view("x"));
    t.AppendMessage("b", std::string_view("y"));
  });
  // Another label.
  EXPECT_FALSE(base == challenge([](Transcript& t) {
                 t.AppendMessage("a", std::string_view("x"));
                 t.AppendMessage("c", std::string_view("y"));
               }));
  // Another order.
  EXPECT_FALSE(base == challenge([](Transcript& t) {
                 t.AppendMessage("b", std::string_view("y"));
                 t.AppendMessage("a", std::string_view("x"));
               }));
  // The same bytes split differently between label and message (framing).
  EXPECT_FALSE(base == challenge([](Transcript& t) {
                 t.AppendMessage("ax", std::string_view(""));
                 t.AppendMessage("b", std::string_view("y"));
               }));
  // Another protocol label.
  Transcript other("phantompool/test/v2");
  other.AppendMessage("a", std::string_view("x"));
  other.AppendMessage("b", std::string_view("y"));
  EXPECT_FALSE(base == other.ChallengeScalar("c"));
  // Another challenge label.
  Transcript same("phantompool/test/v1");
  same.AppendMessage("a", std::string_view("x"));
  same.AppendMessage("b", std::string_view("y"));
  EXPECT_FALSE(base == same.ChallengeScalar("d"));
}

TEST(TranscriptTest, ContextFieldsAreSeparated) {
  auto challenge = [](std::string_view pair, std::string_view user) {
    Transcript t("phantompool/test/v1");
    const uint8_t nonce[1] = {9};
    AppendContext(t, ProofContext{pair, user, nonce});
    return t.ChallengeScalar("c");
  };
  EXPECT_FALSE(challenge("SOL/USDC", "u1") == challenge("SOL/USDC", "u2"));
  EXPECT_FALSE(challenge("SOL/USDCu", "1") == challenge("SOL/USDC", "u1"));
}

TEST(TranscriptTest, ValidateAndAppendPointRefusesIdentity) {
  Transcript t("phantompool/test/v1");
  const Status s = t.ValidateAndAppendPoint("A", Point::Identity());
  EXPECT_EQ(s.code(), StatusCode::kVerificationFailed);
  EXPECT_EQ(s.field(), "A");
  EXPECT_TRUE(t.ValidateAndAppendPoint("A", Point::Base()).ok());
}

}  // namespace
}  // namespace phantompool::crypto
