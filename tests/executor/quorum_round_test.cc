// The coordinator's quorum round against executors that are down or lie.
#include "phantompool/executor/quorum_round.h"

#include <gtest/gtest.h>

#include <set>

#include "executor_fixture.h"
#include "phantompool/auction/session_draw.h"
#include "phantompool/crypto/threshold/decryption_share.h"

namespace phantompool::executor {
namespace {

using testing::Quorum;
namespace th = crypto::threshold;

// Executors in `liars` answer with decryption shares made with a key share of their own
// invention, validly signed with their identity key: only the DLEQ proofs can tell.
class LyingTransport final : public Transport {
 public:
  LyingTransport(Transport& inner, Quorum& q, std::set<uint32_t> liars)
      : inner_(inner), q_(q), liars_(std::move(liars)) {}
  Result<std::vector<uint8_t>> Decrypt(uint32_t index, std::span<const uint8_t> request,
                                       std::chrono::milliseconds d) override {
    PP_ASSIGN_OR_RETURN(auto bytes, inner_.Decrypt(index, request, d));
    if (!liars_.count(index)) return bytes;
    PP_ASSIGN_OR_RETURN(DecryptRequest req,
                        DecryptRequest::Parse(request, *q_.roster.coordinator()));
    PP_ASSIGN_OR_RETURN(DecryptResponse resp,
                        DecryptResponse::Parse(bytes, q_.roster.executor(index).public_key));
    std::vector<crypto::Point> R;
    for (const auto& item : req.batch) R.push_back(item.kem->R());
    auto params = th::ThresholdParams::Create(3, 5).value();
    auto fake = th::KeyShare::Create(params, index, th::TranscriptHash{},
                                     crypto::SecretScalar::Random(q_.rng))
                    .value();
    Bytes32 seed = auction::VrfSeed(req.pair, req.session_number, {}, req.BatchDigest());
    resp.shares = th::ProveDecryptionShares(seed, fake, R, q_.rng).value();
    return resp.Serialize(q_.identities[index - 1]);
  }
  Result<std::vector<uint8_t>> DkgStep(uint32_t i, std::string_view s, std::span<const uint8_t> r,
                                       std::chrono::milliseconds d) override {
    return inner_.DkgStep(i, s, r, d);
  }
  Result<ExecutorHealth> Health(uint32_t i, std::chrono::milliseconds d) override {
    return inner_.Health(i, d);
  }

 private:
  Transport& inner_;
  Quorum& q_;
  std::set<uint32_t> liars_;
};

class QuorumRoundTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dkg = quorum.RunDkg();
    ASSERT_TRUE(dkg.ok()) << dkg.status().ToString();
    keys.emplace(dkg->keys);
    quorum.now_ms += 5'000;
    crypto::DeterministicRng rng(11);
    const auto trader = order::TraderKey::Generate(rng);
    for (uint8_t i = 0; i < 5; ++i) {
      order::Order o;
      o.pair = "SOL/USDC";
      o.user_id = "9";
      o.size = 50 + i;
      o.limit_price = 9'000 + i;
      o.nonce.fill(i + 1);
      orders.push_back(order::EncryptOrder(o, pair, keys->public_key(), 1,
                                           {1'000'000'000'000, crypto::Scalar::FromU64(1)}, trader,
                                           rng)
                           .value());
    }
    request.pair = "SOL/USDC";
    request.session_id = 77;
    request.session_number = 1;
    request.key_epoch = 1;
    for (size_t i = 0; i < orders.size(); ++i) {
      BatchItem item;
      item.order_id = std::to_string(10 + i);
      item.kem = order::KemStatement::From(orders[i]);
      item.ciphertext_hash = item.kem->CiphertextHash();
      request.batch.push_back(std::move(item));
    }
    for (const auto& o : orders) pointers.push_back(&o);
  }

  Result<QuorumRound> Run(Transport& transport, std::vector<uint32_t> preference) {
    QuorumRoundOptions options;
    options.preference = std::move(preference);
    return RunQuorumRound(transport, quorum.roster, *keys, *quorum.coordinator, request, {},
                          pointers, pair, options);
  }

  void ExpectOpened(const QuorumRound& r) {
    ASSERT_EQ(r.opened.size(), orders.size());
    for (size_t i = 0; i < orders.size(); ++i) {
      ASSERT_TRUE(r.opened[i].ok()) << r.opened[i].status().ToString();
      EXPECT_EQ(r.opened[i]->size, 50 + i);
    }
  }

  Quorum quorum;
  std::optional<th::PublicKeySet> keys;
  order::PairSpec pair = order::FindBuiltinPair("SOL/USDC", "p").value();
  std::vector<order::EncryptedOrder> orders;
  std::vector<const order::EncryptedOrder*> pointers;
  DecryptRequest request;
};

TEST_F(QuorumRoundTest, AsksThreeAndOpensTheBatch) {
  auto transport = quorum.InProcess();
  auto r = Run(*transport, {1, 2, 3});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectOpened(*r);
  EXPECT_EQ(r->quorum.size(), 3u);
  int asked = 0;
  for (const auto& v : r->verdicts) asked += v.asked;
  EXPECT_EQ(asked, 3);  // nobody else did the work
}

TEST_F(QuorumRoundTest, TwoDownExecutorsAreReplaced) {
  quorum.nodes[0].reset();
  quorum.nodes[1].reset();
  auto transport = quorum.InProcess();
  auto r = Run(*transport, {1, 2, 3});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectOpened(*r);
  EXPECT_FALSE(r->verdicts[0].valid);
  EXPECT_EQ(r->verdicts[0].reason.rfind("unavailable", 0), 0u) << r->verdicts[0].reason;
  EXPECT_EQ(std::set<uint32_t>(r->quorum.begin(), r->quorum.end()), (std::set<uint32_t>{3, 4, 5}));
}

TEST_F(QuorumRoundTest, TwoLyingExecutorsAreFlaggedAndTheRestDecrypt) {
  auto inner = quorum.InProcess();
  LyingTransport liars(*inner, quorum, {2, 4});
  auto r = Run(liars, {2, 4, 1});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectOpened(*r);
  for (uint32_t i : {2u, 4u}) {
    EXPECT_TRUE(r->verdicts[i - 1].asked);
    EXPECT_FALSE(r->verdicts[i - 1].valid);
    EXPECT_NE(r->verdicts[i - 1].reason.find("decryption shares do not verify"), std::string::npos)
        << r->verdicts[i - 1].reason;
  }
  EXPECT_EQ(std::set<uint32_t>(r->quorum.begin(), r->quorum.end()), (std::set<uint32_t>{1, 3, 5}));
}

TEST_F(QuorumRoundTest, ThreeDownIsUnavailableAndSaysWhy) {
  quorum.nodes[0].reset();
  quorum.nodes[2].reset();
  quorum.nodes[4].reset();
  auto transport = quorum.InProcess();
  auto r = Run(*transport, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("2 of the 3"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("executor 5"), std::string::npos);
}

}  // namespace
}  // namespace phantompool::executor
