// The DKG against dishonest participants and a dishonest relay: bad shares, false
// complaints, equivocation, and messages that must be rejected with a reason.
#include <gtest/gtest.h>

#include "phantompool/crypto/threshold/decryption_share.h"
#include "phantompool/crypto/threshold/dkg.h"
#include "threshold_test_util.h"

namespace phantompool::crypto::threshold {
namespace {

using testing::DkgHarness;
using testing::Resign;

// `d` with the box for `recipient` replaced, re-signed by the dealer: what a dishonest
// dealer broadcasts.
DealingMessage WithBox(const DealingMessage& d, uint32_t recipient,
                       std::span<const uint8_t> new_box, const ParticipantKey& dealer_key) {
  std::vector<uint8_t> bytes = d.Serialize();
  const size_t offset = d.SealedShare(recipient).data() - d.Serialize().data();
  std::copy(new_box.begin(), new_box.end(), bytes.begin() + offset);
  return DealingMessage::Parse(Resign(bytes, dealer_key, DealingMessage::kSignatureDomain)).value();
}

// Participant `i` is played by the test from here on (its honest state machine is dropped),
// so the test can send whatever a dishonest participant would.
void TakeOver(DkgHarness& h, uint32_t i) {
  h.r1[i - 1].reset();
}

bool HasRejection(std::span<const Rejection> rejected, std::string_view message,
                  std::string_view field, StatusCode code) {
  for (const Rejection& r : rejected) {
    if (r.message == message && r.reason.field() == field && r.reason.code() == code) return true;
  }
  return false;
}

std::string Describe(std::span<const Rejection> rejected) {
  std::string out;
  for (const Rejection& r : rejected) out += r.message + " " + r.reason.ToString() + "\n";
  return out;
}

// Decryption with every 3 of the given participants gives s·R.
void ExpectDecryptionWorks(const DkgHarness& h, const std::vector<uint32_t>& participants) {
  const PublicKeySet& keys = h.result(participants[0]).public_keys();
  DeterministicRng rng(77);
  std::vector<Point> R = {Point::MulBase(Scalar::Random(rng)), Point::MulBase(Scalar::Random(rng))};
  const uint8_t context[] = {1, 2, 3};
  std::vector<DecryptionShares> responses;
  std::vector<const KeyShare*> shares;
  for (uint32_t i : participants) {
    auto r = ProveDecryptionShares(context, h.result(i).key_share(), R, rng);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(VerifyDecryptionShares(context, keys, i, R, *r).ok());
    responses.push_back(std::move(r).value());
    shares.push_back(&h.result(i).key_share());
  }
  const Scalar s = testing::ReconstructSecretForTesting(shares);
  for (const auto& subset : testing::Subsets(static_cast<uint32_t>(participants.size()), 3)) {
    std::vector<DecryptionShares> pick;
    for (uint32_t pos : subset) pick.push_back(responses[pos - 1]);
    auto K = CombineShares(keys, pick);
    ASSERT_TRUE(K.ok()) << K.status().ToString();
    for (size_t j = 0; j < R.size(); ++j) EXPECT_TRUE((*K)[j] == R[j] * s);
  }
}

TEST(DkgAdversaryTest, BadShareWithoutAnswerDisqualifiesTheDealer) {
  DkgHarness h(3, 5, 300);
  h.Start();
  TakeOver(h, 5);
  DeterministicRng rng(1);
  const auto wrong =
      h.roster.key(5).Seal(h.config().participant(2), Scalar::FromU64(42).ToBytes(), rng);
  h.dealings[4] = WithBox(h.dealings[4], 2, wrong, h.roster.key(5));
  h.ReceiveDealings();
  ASSERT_EQ(h.complaints.size(), 1u);
  EXPECT_EQ(h.complaints[0].accuser(), 2u);
  EXPECT_EQ(h.complaints[0].dealer(), 5u);
  EXPECT_EQ(h.complaints[0].reason(), ComplaintReason::kShareDoesNotMatchCommitments);
  h.Finish();  // dealer 5 stays silent
  for (uint32_t i = 1; i <= 4; ++i) {
    ASSERT_TRUE(h.final(i)) << h.failures[i - 1].ToString();
    EXPECT_EQ(h.result(i).public_keys(), h.result(1).public_keys());
    EXPECT_EQ(h.result(i).public_keys().qualified_mask(), 0b01111u);
    ASSERT_EQ(h.result(i).disqualified().size(), 1u);
    EXPECT_EQ(h.result(i).disqualified()[0].dealer, 5u);
    EXPECT_NE(h.result(i).disqualified()[0].reason.message().find("did not answer"),
              std::string::npos);
  }
  ExpectDecryptionWorks(h, {1, 2, 3, 4});
}

TEST(DkgAdversaryTest, BadShareWithInvalidRevealDisqualifiesTheDealer) {
  DkgHarness h(3, 5, 301);
  h.Start();
  TakeOver(h, 5);
  DeterministicRng rng(2);
  const auto wrong =
      h.roster.key(5).Seal(h.config().participant(3), Scalar::FromU64(7).ToBytes(), rng);
  h.dealings[4] = WithBox(h.dealings[4], 3, wrong, h.roster.key(5));
  h.ReceiveDealings();
  ASSERT_EQ(h.complaints.size(), 1u);
  h.ReceiveComplaints();
  // The dealer stands by its bad share.
  h.answers.push_back(
      ComplaintAnswer::Create(h.config(), h.roster.key(5), 5, 3, SecretScalar(Scalar::FromU64(7))));
  h.ReceiveAnswers();
  h.ReceiveConfirmations();
  for (uint32_t i = 1; i <= 4; ++i) {
    ASSERT_TRUE(h.final(i)) << h.failures[i - 1].ToString();
    ASSERT_EQ(h.result(i).disqualified().size(), 1u);
    EXPECT_EQ(h.result(i).disqualified()[0].dealer, 5u);
    EXPECT_NE(h.result(i).disqualified()[0].reason.message().find("does not match"),
              std::string::npos);
  }
  ExpectDecryptionWorks(h, {1, 2, 3, 4});
}

TEST(DkgAdversaryTest, UnreadableBoxWithValidRevealKeepsTheDealer) {
  DkgHarness h(3, 5, 302);
  h.Start();
  TakeOver(h, 5);
  const DealingMessage original = h.dealings[4];
  std::vector<uint8_t> garbage(DealingMessage::kSealedShareBytes, 0x33);
  h.dealings[4] = WithBox(original, 2, garbage, h.roster.key(5));
  h.ReceiveDealings();
  ASSERT_EQ(h.complaints.size(), 1u);
  EXPECT_EQ(h.complaints[0].reason(), ComplaintReason::kShareDoesNotOpen);
  h.ReceiveComplaints();
  // Dealer 5 answers with the true f_5(2) (the test reads it from the untampered box).
  auto f52 = original.OpenShare(h.config(), 2, h.roster.key(2));
  ASSERT_TRUE(f52.has_value());
  h.answers.push_back(ComplaintAnswer::Create(h.config(), h.roster.key(5), 5, 2, *f52));
  h.ReceiveAnswers();
  ASSERT_TRUE(h.r4[0].has_value()) << h.failures[0].ToString();
  // Dealer 5 confirms the result the others computed.
  h.confirmations.push_back(ConfirmationMessage::Create(h.config(), h.roster.key(5), 5,
                                                        h.r4[0]->tentative_keys().Fingerprint()));
  h.ReceiveConfirmations();
  for (uint32_t i = 1; i <= 4; ++i) {
    ASSERT_TRUE(h.final(i)) << h.failures[i - 1].ToString();
    EXPECT_EQ(h.result(i).public_keys().qualified_mask(), 0b11111u);
    EXPECT_TRUE(h.result(i).disqualified().empty());
    // Participant 2's share includes the revealed f_5(2) and matches VK_2.
    EXPECT_TRUE(h.result(i).key_share().CheckAgainst(h.result(1).public_keys()).ok());
  }
  ExpectDecryptionWorks(h, {1, 2, 3, 4});
}

TEST(DkgAdversaryTest, FalseComplaintIsRejectedAndTheDealerStays) {
  DkgHarness h(3, 5, 303);
  h.Start();
  h.ReceiveDealings();
  ASSERT_TRUE(h.complaints.empty());
  // Participant 3 falsely accuses honest dealer 1.
  h.complaints.push_back(ComplaintMessage::Create(h.config(), h.roster.key(3), 3, 1,
                                                  ComplaintReason::kShareDoesNotMatchCommitments));
  h.ReceiveComplaints();
  ASSERT_EQ(h.answers.size(), 1u);  // dealer 1 reveals f_1(3)
  EXPECT_EQ(h.answers[0].dealer(), 1u);
  EXPECT_EQ(h.answers[0].accuser(), 3u);
  h.ReceiveAnswers();
  h.ReceiveConfirmations();
  for (uint32_t i = 1; i <= 5; ++i) {
    ASSERT_TRUE(h.final(i)) << h.failures[i - 1].ToString();
    EXPECT_EQ(h.result(i).public_keys().qualified_mask(), 0b11111u);
    EXPECT_TRUE(h.result(i).disqualified().empty());
    EXPECT_EQ(h.result(i).public_keys(), h.result(1).public_keys());
  }
  ExpectDecryptionWorks(h, {1, 2, 3, 4, 5});
}

TEST(DkgAdversaryTest, EquivocatingDealerIsDisqualified) {
  DkgHarness h(3, 5, 304);
  h.Start();
  TakeOver(h, 4);
  DeterministicRng other(9);
  auto second = DkgParticipant::Start(h.config(), 4, h.roster.key(4), other);
  ASSERT_TRUE(second.ok());
  h.dealings.push_back(second->dealing());  // the relay forwards both to everyone
  h.ReceiveDealings();
  for (uint32_t i : {1u, 2u, 3u, 5u}) {
    ASSERT_TRUE(h.r2[i - 1].has_value());
    ASSERT_EQ(h.r2[i - 1]->equivocations().size(), 1u);
    const auto& evidence = h.r2[i - 1]->equivocations()[0];
    // The evidence convicts on its own: two different bodies, both validly signed by 4.
    EXPECT_EQ(evidence.first.dealer(), 4u);
    EXPECT_EQ(evidence.second.dealer(), 4u);
    EXPECT_NE(evidence.first.BodyDigest(), evidence.second.BodyDigest());
    EXPECT_TRUE(evidence.first.Verify(h.config()).ok());
    EXPECT_TRUE(evidence.second.Verify(h.config()).ok());
  }
  h.Finish();
  for (uint32_t i : {1u, 2u, 3u, 5u}) {
    ASSERT_TRUE(h.final(i)) << h.failures[i - 1].ToString();
    EXPECT_EQ(h.result(i).public_keys().qualified_mask(), 0b10111u);
    EXPECT_EQ(h.result(i).public_keys(), h.result(1).public_keys());
    EXPECT_NE(h.result(i).disqualified()[0].reason.message().find("equivocated"),
              std::string::npos);
  }
  ExpectDecryptionWorks(h, {1, 2, 3, 5});
}

TEST(DkgAdversaryTest, RelayShowingDifferentDealingsPreventsAnyFinalKey) {
  // Dealer 4 (with the relay) shows dealing A to participants 1 and 2 and dealing B to 3 and
  // 5, and then confirms both results. The views differ, so no honest participant finishes:
  // the run aborts instead of splitting into two keys.
  DkgHarness h(3, 5, 305);
  h.Start();
  TakeOver(h, 4);
  const DealingMessage a = h.dealings[3];
  DeterministicRng other(10);
  const DealingMessage b = DkgParticipant::Start(h.config(), 4, h.roster.key(4), other)->dealing();
  h.ReceiveDealings([&](uint32_t me, const std::vector<DealingMessage>& all) {
    std::vector<DealingMessage> out;
    for (const auto& d : all) out.push_back(d.dealer() == 4 && me >= 3 ? b : d);
    return out;
  });
  h.ReceiveComplaints();
  h.ReceiveAnswers();
  for (uint32_t i : {1u, 2u, 3u, 5u}) ASSERT_TRUE(h.r4[i - 1].has_value());
  const auto hash_a = h.r4[0]->tentative_keys().Fingerprint();
  const auto hash_b = h.r4[2]->tentative_keys().Fingerprint();
  ASSERT_NE(hash_a, hash_b);
  EXPECT_EQ(h.r4[1]->tentative_keys().Fingerprint(), hash_a);
  EXPECT_EQ(h.r4[4]->tentative_keys().Fingerprint(), hash_b);
  const auto conf_a = ConfirmationMessage::Create(h.config(), h.roster.key(4), 4, hash_a);
  const auto conf_b = ConfirmationMessage::Create(h.config(), h.roster.key(4), 4, hash_b);
  h.ReceiveConfirmations([&](uint32_t me, const std::vector<ConfirmationMessage>& all) {
    std::vector<ConfirmationMessage> out = all;
    out.push_back(me >= 3 ? conf_b : conf_a);
    return out;
  });
  for (uint32_t i : {1u, 2u, 3u, 5u}) {
    EXPECT_FALSE(h.final(i));
    EXPECT_EQ(h.failures[i - 1].code(), StatusCode::kFailedPrecondition);
    EXPECT_NE(h.failures[i - 1].message().find("confirmed a different one"), std::string::npos)
        << h.failures[i - 1].ToString();
  }
}

TEST(DkgAdversaryTest, MalformedDealingsAreRejectedWithAReason) {
  DkgHarness h(3, 5, 306);
  DkgHarness elsewhere(3, 5, 306, "another-session");  // same keys, another run
  h.Start();
  elsewhere.Start();
  std::vector<DealingMessage> extra;
  // Another run's dealing: right signer, wrong context.
  extra.push_back(elsewhere.dealings[1]);
  // Dealer 3's dealing signed by participant 2.
  std::vector<uint8_t> forged = h.dealings[2].Serialize();
  extra.push_back(
      DealingMessage::Parse(Resign(forged, h.roster.key(2), DealingMessage::kSignatureDomain))
          .value());
  // Dealer 2's dealing a second time.
  extra.push_back(h.dealings[1]);
  h.ReceiveDealings([&](uint32_t me, const std::vector<DealingMessage>& all) {
    std::vector<DealingMessage> out = all;
    if (me == 1) out.insert(out.end(), extra.begin(), extra.end());
    return out;
  });
  const auto rejected = h.r2[0]->rejected();
  EXPECT_EQ(rejected.size(), 3u) << Describe(rejected);
  EXPECT_TRUE(
      HasRejection(rejected, "dealings[5]", "dealing.context", StatusCode::kInvalidArgument))
      << Describe(rejected);
  EXPECT_TRUE(
      HasRejection(rejected, "dealings[6]", "dealing.signature", StatusCode::kVerificationFailed))
      << Describe(rejected);
  EXPECT_TRUE(HasRejection(rejected, "dealings[7]", "dealings[7]", StatusCode::kAlreadyExists))
      << Describe(rejected);
  h.Finish();
  for (uint32_t i = 1; i <= 5; ++i) EXPECT_TRUE(h.final(i)) << h.failures[i - 1].ToString();
}

TEST(DkgAdversaryTest, MalformedComplaintsAndAnswersAreRejectedWithAReason) {
  DkgHarness h(3, 5, 307);
  DkgHarness elsewhere(3, 5, 307, "another-session");
  h.Start({5});  // dealer 5 never deals: it is out of the running
  h.ReceiveDealings();
  // A (false) complaint everyone sees, which dealer 2 answers.
  const auto genuine = ComplaintMessage::Create(h.config(), h.roster.key(4), 4, 2,
                                                ComplaintReason::kShareDoesNotOpen);
  h.complaints.push_back(genuine);
  std::vector<ComplaintMessage> extra;
  extra.push_back(ComplaintMessage::Create(elsewhere.config(), h.roster.key(2), 2, 3,
                                           ComplaintReason::kShareDoesNotOpen));
  // A participant "complaining" about itself (bytes edited and re-signed).
  auto self_bytes = ComplaintMessage::Create(h.config(), h.roster.key(2), 2, 3,
                                             ComplaintReason::kShareDoesNotOpen)
                        .Serialize();
  std::vector<uint8_t> self(self_bytes.begin(), self_bytes.end());
  self[35] = 2;  // dealer = accuser
  extra.push_back(
      ComplaintMessage::Parse(Resign(self, h.roster.key(2), ComplaintMessage::kSignatureDomain))
          .value());
  extra.push_back(ComplaintMessage::Create(h.config(), h.roster.key(2), 2, 5,
                                           ComplaintReason::kShareDoesNotOpen));
  extra.push_back(genuine);  // a duplicate
  h.ReceiveComplaints([&](uint32_t me, const std::vector<ComplaintMessage>& all) {
    std::vector<ComplaintMessage> out = all;
    if (me == 1) out.insert(out.end(), extra.begin(), extra.end());
    return out;
  });
  auto rejected = h.r3[0]->rejected();
  EXPECT_EQ(rejected.size(), 4u) << Describe(rejected);
  EXPECT_TRUE(
      HasRejection(rejected, "complaints[1]", "complaint.context", StatusCode::kInvalidArgument))
      << Describe(rejected);
  EXPECT_TRUE(
      HasRejection(rejected, "complaints[2]", "complaint.dealer", StatusCode::kInvalidArgument))
      << Describe(rejected);
  EXPECT_TRUE(
      HasRejection(rejected, "complaints[3]", "complaints[3]", StatusCode::kFailedPrecondition))
      << Describe(rejected);
  EXPECT_TRUE(HasRejection(rejected, "complaints[4]", "complaints[4]", StatusCode::kAlreadyExists))
      << Describe(rejected);
  ASSERT_EQ(h.answers.size(), 1u);
  EXPECT_EQ(h.answers[0].dealer(), 2u);
  // An answer to a complaint nobody made.
  const auto unsolicited =
      ComplaintAnswer::Create(h.config(), h.roster.key(3), 3, 1, SecretScalar(Scalar::FromU64(1)));
  h.ReceiveAnswers([&](uint32_t me, const std::vector<ComplaintAnswer>& all) {
    std::vector<ComplaintAnswer> out = all;
    if (me == 1) out.push_back(unsolicited);
    return out;
  });
  ASSERT_TRUE(h.r4[0].has_value()) << h.failures[0].ToString();
  rejected = h.r4[0]->rejected();
  EXPECT_EQ(rejected.size(), 1u) << Describe(rejected);
  EXPECT_TRUE(HasRejection(rejected, "answers[1]", "answers[1]", StatusCode::kFailedPrecondition))
      << Describe(rejected);
  h.ReceiveConfirmations();
  for (uint32_t i = 1; i <= 4; ++i) {
    ASSERT_TRUE(h.final(i)) << h.failures[i - 1].ToString();
    EXPECT_EQ(h.result(i).public_keys().qualified_mask(), 0b01111u);
  }
}

TEST(DkgAdversaryTest, ConfirmationOfAnotherResultIsNotFinal) {
  DkgHarness h(3, 5, 308);
  h.Start();
  h.ReceiveDealings();
  h.ReceiveComplaints();
  h.ReceiveAnswers();
  Digest other{};
  other[0] = 1;
  const auto wrong = ConfirmationMessage::Create(h.config(), h.roster.key(2), 2, other);
  h.ReceiveConfirmations([&](uint32_t me, const std::vector<ConfirmationMessage>& all) {
    std::vector<ConfirmationMessage> out;
    for (const auto& c : all) out.push_back(me == 1 && c.signer() == 2 ? wrong : c);
    return out;
  });
  EXPECT_FALSE(h.final(1));
  EXPECT_EQ(h.failures[0].field(), "confirmations");
  EXPECT_NE(h.failures[0].message().find("participant(s) 2 did not confirm"), std::string::npos)
      << h.failures[0].ToString();
  for (uint32_t i = 2; i <= 5; ++i) EXPECT_TRUE(h.final(i));
  // An auditor given the wrong confirmation refuses the key set too.
  std::vector<ConfirmationMessage> set(h.result(2).confirmations().begin(),
                                       h.result(2).confirmations().end());
  EXPECT_TRUE(VerifyDkgConfirmations(h.config(), h.result(2).public_keys(), set).ok());
  set[1] = wrong;
  EXPECT_EQ(VerifyDkgConfirmations(h.config(), h.result(2).public_keys(), set).code(),
            StatusCode::kVerificationFailed);
  set.erase(set.begin() + 1);
  EXPECT_EQ(VerifyDkgConfirmations(h.config(), h.result(2).public_keys(), set).code(),
            StatusCode::kFailedPrecondition);
}

TEST(DkgAdversaryTest, MessagesOfAnotherRoundDoNotParse) {
  DkgHarness h(3, 5, 309);
  h.RunHonest();
  const auto complaint = ComplaintMessage::Create(h.config(), h.roster.key(1), 1, 2,
                                                  ComplaintReason::kShareDoesNotOpen);
  auto as_dealing = DealingMessage::Parse(complaint.Serialize());
  ASSERT_FALSE(as_dealing.ok());
  EXPECT_EQ(as_dealing.status().field(), "dealing.kind");
  EXPECT_EQ(as_dealing.status().message(), "expected a dealing (0x01), got a complaint (0x02)");
  const auto& confirmation = h.confirmations[0].Serialize();
  EXPECT_EQ(ComplaintAnswer::Parse(confirmation).status().field(), "answer.kind");
  EXPECT_EQ(ComplaintMessage::Parse(h.dealings[0].Serialize()).status().field(), "complaint.kind");
  EXPECT_EQ(ConfirmationMessage::Parse(complaint.Serialize()).status().field(),
            "confirmation.kind");
}

}  // namespace
}  // namespace phantompool::crypto::threshold
