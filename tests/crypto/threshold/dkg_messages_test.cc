// The DKG's wire formats: round trips, every byte flip rejected, errors that name the field.
#include "phantompool/crypto/threshold/dkg_messages.h"

#include <gtest/gtest.h>

#include "phantompool/crypto/threshold/dealing.h"
#include "phantompool/crypto/schnorr_proof.h"
#include "threshold_test_util.h"

namespace phantompool::crypto::threshold {
namespace {

using testing::MakeRoster;

struct Fixture {
  testing::Roster roster = MakeRoster(3, 5, 500);
  DeterministicRng rng{501};
  SecretPolynomial polynomial = SecretPolynomial::Random(3, rng);
  DealingMessage dealing = DealingMessage::Create(roster.config, 2, roster.key(2), polynomial, rng);
};

Fixture& F() {
  static Fixture f;
  return f;
}

TEST(DealingMessageTest, LayoutAndRoundTrip) {
  const DealingMessage& d = F().dealing;
  EXPECT_EQ(d.Serialize().size(), DealingMessage::SizeFor(3, 5));
  EXPECT_EQ(d.Serialize().size(), 622u);
  EXPECT_EQ(d.Serialize()[0], DealingMessage::kKind);
  EXPECT_EQ(d.dealer(), 2u);
  EXPECT_EQ(d.threshold(), 3u);
  EXPECT_EQ(d.participants(), 5u);
  EXPECT_TRUE(d.Verify(F().roster.config).ok());
  auto parsed = DealingMessage::Parse(d.Serialize());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->Serialize(), d.Serialize());
  EXPECT_EQ(parsed->BodyDigest(), d.BodyDigest());
  // Each recipient opens its own share, which matches the commitments.
  for (uint32_t j = 1; j <= 5; ++j) {
    auto share = d.OpenShare(F().roster.config, j, F().roster.key(j));
    ASSERT_TRUE(share.has_value()) << j;
    EXPECT_TRUE(share->ConstantTimeEquals(F().polynomial.Evaluate(j)));
    // Nobody else can open it.
    EXPECT_FALSE(d.OpenShare(F().roster.config, j, F().roster.key(j % 5 + 1)).has_value());
  }
}

TEST(DealingMessageTest, EveryByteFlipIsRejected) {
  testing::ExpectEveryByteFlipRejected(
      F().dealing.Serialize(), [](std::span<const uint8_t> b) -> Status {
        PP_ASSIGN_OR_RETURN(DealingMessage d, DealingMessage::Parse(b));
        return d.Verify(F().roster.config);
      });
}

TEST(DealingMessageTest, ParseNamesTheField) {
  const std::vector<uint8_t> good = F().dealing.Serialize();
  auto field = [](std::vector<uint8_t> b) { return DealingMessage::Parse(b).status().field(); };
  auto b = good;
  b[1] = 2;
  EXPECT_EQ(field(b), "dealing.version");
  b = good;
  b[34] = 0;
  EXPECT_EQ(field(b), "dealing.dealer");
  b = good;
  b[34] = 6;  // beyond n = 5
  EXPECT_EQ(field(b), "dealing.dealer");
  b = good;
  b[35] = 0;
  EXPECT_EQ(field(b), "dealing.threshold");
  b = good;
  b[36] = 33;
  EXPECT_EQ(field(b), "dealing.participants");
  b = good;
  std::fill(b.begin() + 37 + 64, b.begin() + 37 + 96, 0xff);  // C_2 non-canonical
  EXPECT_EQ(field(b), "dealing.commitments[2]");
  b = good;
  std::fill(b.begin() + 37 + 32, b.begin() + 37 + 64, 0);  // C_1 = identity
  EXPECT_EQ(field(b), "dealing.commitments[1]");
  b = good;
  b[37 + 96] = 9;  // the proof's version byte
  EXPECT_EQ(field(b), "dealing.proof.version");
  b = good;
  b.push_back(0);
  EXPECT_EQ(field(b), "dealing");
  b = good;
  b.pop_back();
  EXPECT_EQ(field(b), "dealing");
  EXPECT_EQ(field({}), "dealing.kind");
  // Under another run's configuration the same bytes are refused on their context.
  const auto other = MakeRoster(3, 5, 500, "other-session");
  EXPECT_EQ(F().dealing.Verify(other.config).field(), "dealing.context");
  const auto smaller = MakeRoster(2, 5, 500);
  EXPECT_EQ(F().dealing.Verify(smaller.config).field(), "dealing.context");
}

TEST(DealingMessageTest, ProofOfKnowledgeIsBoundToTheDealer) {
  // Dealer 3 copies dealer 2's commitments and proof under its own signature: the proof was
  // made for dealer 2, so it fails (a rogue dealer cannot reuse another's contribution).
  std::vector<uint8_t> b = F().dealing.Serialize();
  b[34] = 3;
  auto copied = DealingMessage::Parse(
      testing::Resign(b, F().roster.key(3), DealingMessage::kSignatureDomain));
  ASSERT_TRUE(copied.ok());
  const Status st = copied->Verify(F().roster.config);
  EXPECT_EQ(st.field(), "dealing.proof");
  EXPECT_EQ(st.code(), StatusCode::kVerificationFailed);
}

TEST(SchnorrProofTest, ProvesKnowledgeOfTheLog) {
  DeterministicRng rng(502);
  const SecretScalar x = SecretScalar::Random(rng);
  const Point X = Point::MulBase(x.ExposeSecret());
  Transcript tp("phantompool/test/v1");
  auto proof = SchnorrProof::Prove(tp, X, x, rng);
  ASSERT_TRUE(proof.ok());
  Transcript tv("phantompool/test/v1");
  EXPECT_TRUE(proof->Verify(tv, X).ok());
  Transcript other("phantompool/test/v2");
  EXPECT_FALSE(proof->Verify(other, X).ok());
  Transcript tw("phantompool/test/v1");
  EXPECT_FALSE(proof->Verify(tw, X + Point::Base()).ok());
  Transcript ti("phantompool/test/v1");
  EXPECT_EQ(proof->Verify(ti, Point::Identity()).field(), "schnorr_proof.statement.X");
  Transcript tx("phantompool/test/v1");
  EXPECT_EQ(SchnorrProof::Prove(tx, X + Point::Base(), x, rng).status().field(),
            "schnorr_proof.witness");
  testing::ExpectEveryByteFlipRejected(
      proof->Serialize(), [&](std::span<const uint8_t> b) -> Status {
        PP_ASSIGN_OR_RETURN(SchnorrProof p, SchnorrProof::Parse(b));
        Transcript t("phantompool/test/v1");
        return p.Verify(t, X);
      });
}

TEST(ComplaintMessageTest, RoundTripFlipsAndFields) {
  const auto& cfg = F().roster.config;
  const auto c = ComplaintMessage::Create(cfg, F().roster.key(4), 4, 2,
                                          ComplaintReason::kShareDoesNotMatchCommitments);
  EXPECT_TRUE(c.Verify(cfg).ok());
  auto parsed = ComplaintMessage::Parse(c.Serialize());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->accuser(), 4u);
  EXPECT_EQ(parsed->dealer(), 2u);
  EXPECT_EQ(parsed->reason(), ComplaintReason::kShareDoesNotMatchCommitments);
  testing::ExpectEveryByteFlipRejected(c.Serialize(), [&](std::span<const uint8_t> b) -> Status {
    PP_ASSIGN_OR_RETURN(ComplaintMessage m, ComplaintMessage::Parse(b));
    return m.Verify(cfg);
  });
  auto b = c.Serialize();
  b[36] = 3;
  EXPECT_EQ(ComplaintMessage::Parse(b).status().field(), "complaint.reason");
  b = c.Serialize();
  b[34] = 0;
  EXPECT_EQ(ComplaintMessage::Parse(b).status().field(), "complaint.accuser");
  EXPECT_EQ(ComplaintMessage::Parse(std::span(c.Serialize()).first(100)).status().field(),
            "complaint");
}

TEST(ComplaintAnswerTest, RoundTripFlipsAndFields) {
  const auto& cfg = F().roster.config;
  const SecretScalar share = F().polynomial.Evaluate(4);
  const auto a = ComplaintAnswer::Create(cfg, F().roster.key(2), 2, 4, share);
  EXPECT_TRUE(a.Verify(cfg).ok());
  EXPECT_TRUE(a.revealed_share() == share.ExposeSecret());
  testing::ExpectEveryByteFlipRejected(a.Serialize(), [&](std::span<const uint8_t> b) -> Status {
    PP_ASSIGN_OR_RETURN(ComplaintAnswer m, ComplaintAnswer::Parse(b));
    return m.Verify(cfg);
  });
  auto b = a.Serialize();
  std::fill(b.begin() + 36, b.begin() + 68, 0xff);
  EXPECT_EQ(ComplaintAnswer::Parse(b).status().field(), "answer.share");
  // Signed by the accuser instead of the dealer.
  std::vector<uint8_t> v(a.Serialize().begin(), a.Serialize().end());
  auto resigned = ComplaintAnswer::Parse(
      testing::Resign(v, F().roster.key(4), ComplaintAnswer::kSignatureDomain));
  ASSERT_TRUE(resigned.ok());
  EXPECT_EQ(resigned->Verify(cfg).field(), "answer.signature");
}

TEST(ConfirmationMessageTest, RoundTripFlipsAndFields) {
  const auto& cfg = F().roster.config;
  Digest hash;
  hash.fill(0x5c);
  const auto c = ConfirmationMessage::Create(cfg, F().roster.key(5), 5, hash);
  EXPECT_TRUE(c.Verify(cfg).ok());
  EXPECT_EQ(ConfirmationMessage::Parse(c.Serialize())->result_hash(), hash);
  testing::ExpectEveryByteFlipRejected(c.Serialize(), [&](std::span<const uint8_t> b) -> Status {
    PP_ASSIGN_OR_RETURN(ConfirmationMessage m, ConfirmationMessage::Parse(b));
    return m.Verify(cfg);
  });
  // A signature made for another message kind over the same bytes does not verify.
  std::vector<uint8_t> v(c.Serialize().begin(), c.Serialize().end());
  auto cross = ConfirmationMessage::Parse(
      testing::Resign(v, F().roster.key(5), ComplaintMessage::kSignatureDomain));
  ASSERT_TRUE(cross.ok());
  EXPECT_EQ(cross->Verify(cfg).field(), "confirmation.signature");
}

}  // namespace
}  // namespace phantompool::crypto::threshold
