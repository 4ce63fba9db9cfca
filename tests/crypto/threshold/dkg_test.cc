// The DKG with honest participants: every size, agreement, the shares and keys it leaves.
#include "phantompool/crypto/threshold/dkg.h"

#include <gtest/gtest.h>

#include <utility>

#include "threshold_test_util.h"

namespace phantompool::crypto::threshold {
namespace {

using testing::DkgHarness;

// The chain of types: a round exists only as the output of the one before, and its Receive
// consumes it (callable on an rvalue only), so rounds cannot be skipped or repeated.
template <typename R>
concept ReceivesDealings = requires(R r, std::span<const DealingMessage> m) {
  std::move(r).ReceiveDealings(m);
};
template <typename R>
concept ReceivesDealingsTwice = requires(R& r, std::span<const DealingMessage> m) {
  r.ReceiveDealings(m);
};
template <typename R>
concept ReceivesComplaints = requires(R r, std::span<const ComplaintMessage> m) {
  std::move(r).ReceiveComplaints(m);
};
template <typename R>
concept ReceivesConfirmations = requires(R r, std::span<const ConfirmationMessage> m) {
  std::move(r).ReceiveConfirmations(m);
};
static_assert(ReceivesDealings<DkgRound1>);
static_assert(!ReceivesDealingsTwice<DkgRound1>);
static_assert(!ReceivesComplaints<DkgRound1>);
static_assert(!ReceivesConfirmations<DkgRound1>);
static_assert(!ReceivesDealings<DkgRound2>);
static_assert(ReceivesComplaints<DkgRound2>);
static_assert(!ReceivesConfirmations<DkgRound3>);
static_assert(ReceivesConfirmations<DkgRound4>);
static_assert(!std::is_copy_constructible_v<DkgRound1>);
static_assert(!std::is_default_constructible_v<DkgRound1>);
static_assert(!std::is_default_constructible_v<DkgResult>);

TEST(ThresholdParamsTest, Bounds) {
  EXPECT_TRUE(ThresholdParams::Create(3, 5).ok());
  EXPECT_TRUE(ThresholdParams::Create(1, 1).ok());
  EXPECT_TRUE(ThresholdParams::Create(32, 32).ok());
  EXPECT_EQ(ThresholdParams::Create(0, 5).status().field(), "threshold");
  EXPECT_EQ(ThresholdParams::Create(6, 5).status().field(), "threshold");
  EXPECT_EQ(ThresholdParams::Create(1, 0).status().field(), "participants");
  EXPECT_EQ(ThresholdParams::Create(3, 33).status().field(), "participants");
  EXPECT_EQ(ThresholdParams::Create(3, 5)->finality_quorum(), 4u);
  EXPECT_EQ(ThresholdParams::Create(1, 1)->finality_quorum(), 1u);
  EXPECT_EQ(ThresholdParams::Create(2, 3)->finality_quorum(), 3u);
  EXPECT_EQ(ThresholdParams::Create(4, 7)->finality_quorum(), 6u);
}

TEST(DkgConfigTest, RefusesBadConfigurations) {
  DeterministicRng rng(1);
  std::vector<ParticipantPublicKey> roster;
  for (int i = 0; i < 5; ++i) roster.push_back(ParticipantKey::Generate(rng).public_key());
  const auto session = testing::SessionId("s");
  EXPECT_TRUE(DkgConfig::Create(session, 3, roster).ok());
  EXPECT_EQ(DkgConfig::Create({}, 3, roster).status().field(), "session_id");
  EXPECT_EQ(DkgConfig::Create(session, 6, roster).status().field(), "threshold");
  auto repeated = roster;
  repeated[3] = repeated[1];
  EXPECT_EQ(DkgConfig::Create(session, 3, repeated).status().field(), "roster[3]");
  auto low_order = roster;
  low_order[2].box.fill(0);  // the X25519 identity: every box to it would be readable
  EXPECT_EQ(DkgConfig::Create(session, 3, low_order).status().field(), "roster[2].box");
  auto bad_signing = roster;
  bad_signing[0].signing.fill(0xff);
  EXPECT_EQ(DkgConfig::Create(session, 3, bad_signing).status().field(), "roster[0].signing");
  // The context id binds the session, the threshold and the roster.
  const auto a = DkgConfig::Create(session, 3, roster)->context_id();
  EXPECT_NE(a, DkgConfig::Create(testing::SessionId("t"), 3, roster)->context_id());
  EXPECT_NE(a, DkgConfig::Create(session, 2, roster)->context_id());
  auto swapped = roster;
  std::swap(swapped[0], swapped[1]);
  EXPECT_NE(a, DkgConfig::Create(session, 3, swapped)->context_id());
}

TEST(DkgParticipantTest, StartChecksIndexAndKey) {
  const auto roster = testing::MakeRoster(3, 5, 2);
  DeterministicRng rng(3);
  EXPECT_EQ(DkgParticipant::Start(roster.config, 0, roster.key(1), rng).status().field(), "index");
  EXPECT_EQ(DkgParticipant::Start(roster.config, 6, roster.key(1), rng).status().field(), "index");
  EXPECT_EQ(DkgParticipant::Start(roster.config, 2, roster.key(1), rng).status().field(), "key");
}

void ExpectAgreedAndUsable(const DkgHarness& h, const std::vector<uint32_t>& participants) {
  const PublicKeySet& keys = h.result(participants[0]).public_keys();
  std::vector<const KeyShare*> shares;
  for (uint32_t i : participants) {
    ASSERT_TRUE(h.final(i)) << "participant " << i << ": " << h.failures[i - 1].ToString();
    EXPECT_EQ(h.result(i).public_keys(), keys) << i;
    EXPECT_EQ(h.result(i).key_share().index(), i);
    EXPECT_TRUE(h.result(i).key_share().CheckAgainst(keys).ok()) << i;
    EXPECT_TRUE(VerifyDkgConfirmations(h.config(), keys, h.result(i).confirmations()).ok());
    shares.push_back(&h.result(i).key_share());
  }
  // Any t of the shares give the same secret, and it is the secret of PK.
  const uint32_t t = keys.threshold();
  for (const auto& subset : testing::Subsets(static_cast<uint32_t>(shares.size()), t)) {
    std::vector<const KeyShare*> pick;
    for (uint32_t pos : subset) pick.push_back(shares[pos - 1]);
    EXPECT_TRUE(Point::MulBase(testing::ReconstructSecretForTesting(pick)) == keys.public_key());
  }
}

TEST(DkgTest, HonestThreeOfFive) {
  DkgHarness h(3, 5, 100);
  h.RunHonest();
  EXPECT_TRUE(h.complaints.empty());
  EXPECT_TRUE(h.answers.empty());
  ExpectAgreedAndUsable(h, {1, 2, 3, 4, 5});
  const auto& r = h.result(1);
  EXPECT_EQ(r.public_keys().qualified_mask(), 0b11111u);
  EXPECT_EQ(r.confirmations().size(), 5u);
  EXPECT_TRUE(r.disqualified().empty());
  // A perfect relay echoes each participant's own messages back: not a rejection.
  EXPECT_TRUE(r.rejected().empty());
  // Anyone can recompute the key set from the public dealings.
  auto recomputed = PublicKeysFromDealings(h.config(), h.dealings);
  ASSERT_TRUE(recomputed.ok()) << recomputed.status().ToString();
  EXPECT_EQ(*recomputed, r.public_keys());
  // Two of the shares determine nothing: with the third replaced, the "secret" is another.
  std::vector<const KeyShare*> two = {&h.result(1).key_share(), &h.result(2).key_share()};
  EXPECT_FALSE(Point::MulBase(testing::ReconstructSecretForTesting(two)) ==
               r.public_keys().public_key());
}

TEST(DkgTest, EverySize) {
  const std::pair<uint32_t, uint32_t> sizes[] = {{1, 1}, {1, 2}, {2, 2}, {2, 3},
                                                 {3, 3}, {3, 4}, {4, 7}, {5, 5}};
  uint64_t seed = 200;
  for (const auto& [t, n] : sizes) {
    SCOPED_TRACE(std::to_string(t) + " of " + std::to_string(n));
    DkgHarness h(t, n, seed++);
    h.RunHonest();
    std::vector<uint32_t> all;
    for (uint32_t i = 1; i <= n; ++i) all.push_back(i);
    ExpectAgreedAndUsable(h, all);
  }
}

TEST(DkgTest, LostDealingLeavesItsDealerOut) {
  // The relay loses participant 4's dealing on the way to everyone else. The other four
  // agree without it; participant 4, which counts its own dealing, holds another view and
  // does not finish (it learns that it was left out).
  DkgHarness h(3, 5, 104);
  h.Start();
  h.ReceiveDealings([](uint32_t me, const std::vector<DealingMessage>& all) {
    std::vector<DealingMessage> out;
    for (const auto& d : all) {
      if (d.dealer() != 4 || me == 4) out.push_back(d);
    }
    return out;
  });
  h.Finish();
  ExpectAgreedAndUsable(h, {1, 2, 3, 5});
  EXPECT_FALSE(h.final(4));
  EXPECT_EQ(h.failures[3].field(), "confirmations");
}

TEST(DkgTest, RelayNeedNotEchoOwnMessages) {
  DkgHarness h(3, 5, 101);
  h.Start();
  h.ReceiveDealings([](uint32_t me, const std::vector<DealingMessage>& all) {
    std::vector<DealingMessage> out;
    for (const auto& d : all) {
      if (d.dealer() != me) out.push_back(d);
    }
    return out;
  });
  h.ReceiveComplaints();
  h.ReceiveAnswers();
  h.ReceiveConfirmations([](uint32_t me, const std::vector<ConfirmationMessage>& all) {
    std::vector<ConfirmationMessage> out;
    for (const auto& c : all) {
      if (c.signer() != me) out.push_back(c);
    }
    return out;
  });
  ExpectAgreedAndUsable(h, {1, 2, 3, 4, 5});
}

TEST(DkgTest, OneCrashedParticipantStillFinishes) {
  // Participant 4 crashes before dealing: QUAL = {1, 2, 3, 5}, which is the quorum of 4.
  DkgHarness h(3, 5, 102);
  h.Start({4});
  h.ReceiveDealings();
  h.Finish();
  ExpectAgreedAndUsable(h, {1, 2, 3, 5});
  EXPECT_EQ(h.result(1).public_keys().qualified_mask(), 0b10111u);
  ASSERT_EQ(h.result(1).disqualified().size(), 1u);
  EXPECT_EQ(h.result(1).disqualified()[0].dealer, 4u);
}

TEST(DkgTest, TwoCrashedParticipantsMeanNoKey) {
  // Three qualified dealers are fewer than the quorum of four: no final key, ever.
  DkgHarness h(3, 5, 103);
  h.Start({2, 4});
  h.ReceiveDealings();
  for (uint32_t i : {1u, 3u, 5u}) {
    EXPECT_FALSE(h.r2[i - 1].has_value());
    EXPECT_EQ(h.failures[i - 1].code(), StatusCode::kFailedPrecondition);
    EXPECT_EQ(h.failures[i - 1].field(), "dealings");
  }
}

}  // namespace
}  // namespace phantompool::crypto::threshold
