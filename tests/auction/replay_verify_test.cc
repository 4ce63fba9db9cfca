// The checks of a replay's draw (VerifyReplayInputs, docs/auction.md section 11.3): the
// batch digest, the seed and the threshold-VRF output from the executors' shares.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "phantompool/auction/replay_json.h"
#include "replay_doc.h"

namespace phantompool::auction {
namespace {

using testing::LimitOrder;
using testing::ReplayDoc;
using testing::TwoOrders;

// The draw's inputs: a batch digest or seed that does not match is a verification failure
// naming the field; the session fields that chain sessions are checked too.
TEST(AuctionReplayVerify, VerifiesTheDigestAndTheSeed) {
  ReplayDoc d = TwoOrders();
  auto input = ParseReplayInput(d.Text());
  ASSERT_TRUE(input.ok());
  ASSERT_TRUE(VerifyReplayInputs(*input).ok());
  ReplayInput changed = *input;
  changed.ciphertext_hashes[1][0] ^= 1;  // another ciphertext
  EXPECT_EQ(VerifyReplayInputs(changed).status().field(), "vrf.batch_digest");
  EXPECT_EQ(VerifyReplayInputs(changed).status().code(), StatusCode::kVerificationFailed);
  changed = *input;
  std::swap(changed.orders[0], changed.orders[1]);  // the batch in another order
  std::swap(changed.ciphertext_hashes[0], changed.ciphertext_hashes[1]);
  EXPECT_EQ(VerifyReplayInputs(changed).status().field(), "vrf.batch_digest");
  changed = *input;
  changed.session_number = 8;  // a re-draw under another session number
  EXPECT_EQ(VerifyReplayInputs(changed).status().field(), "vrf.seed");
  changed = *input;
  changed.vrf.previous_output[5] ^= 1;
  EXPECT_EQ(VerifyReplayInputs(changed).status().field(), "vrf.seed");
  changed = *input;
  changed.reference_from_session = 7;
  EXPECT_EQ(VerifyReplayInputs(changed).status().field(), "session.reference_from_session");
  changed = *input;
  changed.session_number = 0;
  EXPECT_EQ(VerifyReplayInputs(changed).status().field(), "session.number");
  ReplayDoc first = TwoOrders();
  first.session = 1;
  first.reference = "\"reference_price\": 10000, \"reference_from_session\": null";
  first.previous[0] = 1;
  auto r = ParseReplayInput(first.Text());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(VerifyReplayInputs(*r).status().field(), "vrf.previous_output");
}

// The draw itself: every share is checked against the key set on this seed and combined.
// Another output, a share with a bad proof, a share of another seed, too few shares, a key
// set of other executors, or bytes that are no key set or share are all refused, naming the
// field; a malformed one is invalid input, one that does not verify a verification failure.
TEST(AuctionReplayVerify, VerifiesTheVrfOutputFromTheShares) {
  auto check = [](const ReplayDoc& d) -> Status {
    auto input = ParseReplayInput(d.Text());
    if (!input.ok()) return input.status();
    auto checks = VerifyReplayInputs(*input);
    return checks.ok() ? Status::Ok() : checks.status();
  };
  ReplayDoc d = TwoOrders();
  ASSERT_TRUE(check(d).ok()) << check(d).ToString();
  const auto& executors = testing::VrfExecutors::Shared();
  auto input = ParseReplayInput(d.Text());
  ASSERT_TRUE(input.ok());
  const auto material = executors.Draw(input->vrf.seed);
  auto shares_json = [](const std::vector<std::vector<uint8_t>>& shares) {
    std::string out;
    for (const auto& s : shares) out += (out.empty() ? "\"" : ", \"") + ToHex(s) + "\"";
    return out;
  };
  // Any three valid shares give the one output; all five do too.
  ReplayDoc other = d;
  other.shares = shares_json(executors.Draw(input->vrf.seed, {2, 4, 5}).shares);
  EXPECT_TRUE(check(other).ok());
  other.shares = shares_json(executors.Draw(input->vrf.seed, {1, 2, 3, 4, 5}).shares);
  EXPECT_TRUE(check(other).ok());
  // Another output.
  Digest32 wrong = material.output;
  wrong[0] ^= 1;
  other = d;
  other.output = ToHex(wrong);
  Status s = check(other);
  EXPECT_EQ(s.code(), StatusCode::kVerificationFailed);
  EXPECT_EQ(s.field(), "vrf.output");
  // A share whose proof does not verify (its last byte changed), among four: the other three
  // would be enough, but a recorded share must verify.
  auto bad = executors.Draw(input->vrf.seed, {1, 2, 3, 4}).shares;
  bad[1].back() ^= 1;
  other = d;
  other.shares = shares_json(bad);
  s = check(other);
  EXPECT_TRUE(s.code() == StatusCode::kVerificationFailed ||
              s.code() == StatusCode::kInvalidArgument)
      << s.ToString();
  EXPECT_EQ(s.field(), "vrf.shares[1]");
  // Shares of another seed: none verifies on this one, so fewer than three are valid.
  Digest32 another_seed = input->vrf.seed;
  another_seed[0] ^= 1;
  other = d;
  other.shares = shares_json(executors.Draw(another_seed).shares);
  s = check(other);
  EXPECT_EQ(s.code(), StatusCode::kVerificationFailed);
  EXPECT_EQ(s.field(), "vrf.shares");
  // Two shares are fewer than the threshold.
  other = d;
  other.shares = shares_json({material.shares[0], material.shares[1]});
  s = check(other);
  EXPECT_EQ(s.code(), StatusCode::kVerificationFailed);
  EXPECT_EQ(s.field(), "vrf.shares");
  // Bytes that are not a key set or a share.
  other = d;
  other.key_set = "0011";
  EXPECT_EQ(check(other).field(), "vrf.public_key_set");
  EXPECT_EQ(check(other).code(), StatusCode::kInvalidArgument);
  other = d;
  other.shares = "\"aa\", \"bb\", \"cc\"";
  EXPECT_EQ(check(other).field(), "vrf.shares[0]");
  EXPECT_EQ(check(other).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace phantompool::auction
