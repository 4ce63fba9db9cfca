// The quorum without a network: a DKG among five executors, a batch decrypted by three,
// and every refusal an executor owes a coordinator it does not trust.
#include <gtest/gtest.h>

#include <algorithm>

#include "executor_fixture.h"
#include "phantompool/auction/session_draw.h"
#include "phantompool/crypto/pedersen.h"
#include "phantompool/executor/decrypt_messages.h"
#include "phantompool/order/order_open.h"

namespace phantompool::executor {
namespace {

using testing::Quorum;
namespace th = crypto::threshold;

constexpr int64_t kPeriod = 5'000;  // SOL/USDC's batch period

struct Trader {
  explicit Trader(uint64_t seed) : rng(seed), key(order::TraderKey::Generate(rng)) {}
  order::EncryptedOrder Order(const crypto::Point& pk, uint64_t size, uint64_t price, uint8_t tag,
                              const std::string& user = "7", uint32_t epoch = 1) {
    order::Order o;
    o.pair = "SOL/USDC";
    o.user_id = user;
    o.size = size;
    o.limit_price = price;
    o.nonce.fill(tag);
    const order::BalanceOpening balance{1'000'000'000'000, crypto::Scalar::FromU64(3)};
    return order::EncryptOrder(o, order::FindBuiltinPair("SOL/USDC", "p").value(), pk, epoch,
                               balance, key, rng)
        .value();
  }
  crypto::DeterministicRng rng;
  order::TraderKey key;
};

DecryptRequest Request(uint64_t session, const std::vector<order::EncryptedOrder>& orders,
                       uint64_t first_id = 100, uint32_t epoch = 1) {
  DecryptRequest q;
  q.pair = "SOL/USDC";
  q.session_id = 1000 + session;
  q.session_number = session;
  q.key_epoch = epoch;
  for (size_t i = 0; i < orders.size(); ++i) {
    BatchItem item;
    item.order_id = std::to_string(first_id + i);
    item.kem = order::KemStatement::From(orders[i]);
    item.ciphertext_hash = item.kem->CiphertextHash();
    q.batch.push_back(std::move(item));
  }
  return q;
}

class ExecutorNodeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dkg = quorum.RunDkg();
    ASSERT_TRUE(dkg.ok()) << dkg.status().ToString();
    EXPECT_EQ(dkg->finished.size(), 5u);
    keys.emplace(dkg->keys);
    quorum.now_ms += kPeriod;  // the first period after the key was installed
  }
  const crypto::Point& pk() const { return keys->public_key(); }

  // Asks executor `index`; on success parses the response as the coordinator does.
  Result<DecryptResponse> Ask(uint32_t index, const DecryptRequest& req) {
    const auto bytes = req.Serialize(*quorum.coordinator);
    PP_ASSIGN_OR_RETURN(auto answer, quorum.nodes[index - 1]->Decrypt(bytes));
    return DecryptResponse::Parse(answer, quorum.roster.executor(index).public_key);
  }

  Quorum quorum;
  std::optional<th::PublicKeySet> keys;
};

TEST_F(ExecutorNodeTest, ThreeExecutorsOpenABatchAndAgreeOnTheDraw) {
  Trader trader(1);
  std::vector<order::EncryptedOrder> orders;
  for (uint8_t i = 0; i < 6; ++i) orders.push_back(trader.Order(pk(), 100 + i, 10'000 + i, i + 1));
  const DecryptRequest req = Request(1, orders);
  const auto seed = auction::VrfSeed("SOL/USDC", 1, {}, req.BatchDigest());
  std::vector<th::DecryptionShares> responses;
  std::vector<th::VrfShare> vrf;
  std::vector<crypto::Point> R;
  for (const auto& o : orders) R.push_back(o.kem().R);
  for (uint32_t i : {2u, 4u, 5u}) {
    auto r = Ask(i, req);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->batch_digest, req.BatchDigest());
    ASSERT_TRUE(th::VerifyDecryptionShares(seed, *keys, i, R, *r->shares).ok());
    responses.push_back(*r->shares);
    vrf.push_back(*r->vrf_share);
  }
  auto K = th::CombineShares(*keys, responses);
  ASSERT_TRUE(K.ok()) << K.status().ToString();
  const auto pair = order::FindBuiltinPair("SOL/USDC", "p").value();
  for (size_t j = 0; j < orders.size(); ++j) {
    auto opened = order::OpenEncryptedOrder(orders[j], pair, (*K)[j], pk());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    EXPECT_EQ(opened->size, 100 + j);
    EXPECT_EQ(opened->price, 10'000 + j);
  }
  auto draw = th::VerifyVrf(*keys, seed, vrf);
  ASSERT_TRUE(draw.ok());
  // The two other executors answer too (a fresh R each time is not needed: they never
  // answered), and any three give the same output.
  auto r1 = Ask(1, req);
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();
  auto other =
      th::VerifyVrf(*keys, seed, std::vector<th::VrfShare>{*r1->vrf_share, vrf[0], vrf[2]});
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->value, draw->value);
}

TEST_F(ExecutorNodeTest, AnOpenSessionIsRefused) {
  Trader trader(2);
  const auto req = Request(1, {trader.Order(pk(), 10, 10'000, 1)});
  quorum.now_ms -= kPeriod / 2;  // only half the period has passed since the key was installed
  for (uint32_t i = 1; i <= 5; ++i) {
    auto r = Ask(i, req);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
    EXPECT_NE(r.status().message().find("still open"), std::string::npos) << r.status().message();
  }
}

TEST_F(ExecutorNodeTest, ARepeatedROrSessionIsRefusedEvenAfterARestart) {
  Trader trader(3);
  std::vector<order::EncryptedOrder> orders = {trader.Order(pk(), 10, 10'000, 1)};
  ASSERT_TRUE(Ask(1, Request(1, orders)).ok());
  // The same session number with another batch (a fresh order beside the first).
  std::vector<order::EncryptedOrder> more = orders;
  more.push_back(trader.Order(pk(), 20, 10'000, 9));
  auto other_batch = Ask(1, Request(1, more));
  ASSERT_FALSE(other_batch.ok());
  EXPECT_EQ(other_batch.status().field(), "request.session_number");
  EXPECT_NE(other_batch.status().message().find("another draw"), std::string::npos)
      << other_batch.status().message();
  quorum.now_ms += kPeriod;
  DecryptRequest second = Request(2, orders, 500);
  // (the previous session's draw, as the coordinator would pass it)
  const DecryptRequest first = Request(1, orders);
  const auto seed1 = auction::VrfSeed("SOL/USDC", 1, {}, first.BatchDigest());
  PreviousSession prev{1, {}, first.BatchDigest(), seed1, {}};
  for (uint32_t i : {2u, 3u, 4u}) prev.vrf_shares.push_back(*Ask(i, first).value().vrf_share);
  second.previous = prev;
  // Executor 1 restarts: its record of R survives on disk.
  quorum.nodes[0].reset();
  quorum.nodes[0] = quorum.Open(1).value();
  auto again = Ask(1, second);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.status().message().find("already released"), std::string::npos);
  // A fresh order in session 2 is answered, with the previous draw checked.
  DecryptRequest fresh = Request(2, {trader.Order(pk(), 11, 10'000, 2)}, 600);
  fresh.previous = prev;
  EXPECT_TRUE(Ask(1, fresh).ok());
  // A previous session whose shares do not verify is refused.
  fresh = Request(3, {trader.Order(pk(), 12, 10'000, 3)}, 700);
  quorum.now_ms += kPeriod;
  // Session 1's seed and shares passed off as session 2's (executor 5 answered neither).
  fresh.previous = PreviousSession{2, {}, first.BatchDigest(), seed1, prev.vrf_shares};
  EXPECT_EQ(Ask(5, fresh).status().field(), "request.previous.seed");
  // Shares that do not verify for the seed are refused too.
  const auto seed2 = auction::VrfSeed("SOL/USDC", 2, {}, second.BatchDigest());
  fresh.previous = PreviousSession{2, {}, second.BatchDigest(), seed2, prev.vrf_shares};
  EXPECT_FALSE(Ask(5, fresh).ok());
}

// A coordinator that crashed after the answers left and before it recorded them asks the
// same draw again, after the executor restarted too: it gets the same shares (nothing new
// is released), and only for that draw — not with an order marked for decryption that the
// first answer did not open, and not once a later session was answered.
TEST_F(ExecutorNodeTest, TheLastSessionIsReansweredForTheSameDrawOnly) {
  Trader trader(4);
  std::vector<order::EncryptedOrder> orders = {trader.Order(pk(), 10, 10'000, 1),
                                               trader.Order(pk(), 11, 10'000, 2)};
  const DecryptRequest first = Request(1, orders);
  auto answer = Ask(3, first);
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  quorum.nodes[2].reset();
  quorum.nodes[2] = quorum.Open(3).value();
  auto again = Ask(3, first);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  ASSERT_EQ(again->shares->shares().size(), answer->shares->shares().size());
  for (size_t j = 0; j < answer->shares->shares().size(); ++j) {
    EXPECT_TRUE(again->shares->shares()[j] == answer->shares->shares()[j]) << j;
  }
  EXPECT_EQ(again->batch_digest, answer->batch_digest);
  const auto seed = auction::VrfSeed("SOL/USDC", 1, {}, first.BatchDigest());
  std::vector<crypto::Point> R;
  for (const auto& o : orders) R.push_back(o.kem().R);
  EXPECT_TRUE(th::VerifyDecryptionShares(seed, *keys, 3, R, *again->shares).ok());

  // A session whose second order was carried over (not decrypted) when first answered,
  // then re-asked with that order marked for decryption: same digest, refused.
  DecryptRequest carried = Request(1, orders, 900);
  carried.batch[1].kem.reset();
  ASSERT_TRUE(Ask(4, carried).ok());
  auto widened = Ask(4, Request(1, orders, 900));
  ASSERT_FALSE(widened.ok());
  EXPECT_EQ(widened.status().field(), "request.batch[1]");

  // Once session 2 is answered, session 1 is not asked again.
  quorum.now_ms += kPeriod;
  PreviousSession prev{1, {}, first.BatchDigest(), seed, {}};
  for (uint32_t i : {1u, 2u, 3u}) prev.vrf_shares.push_back(*Ask(i, first).value().vrf_share);
  DecryptRequest second = Request(2, {trader.Order(pk(), 12, 10'000, 3)}, 300);
  second.previous = prev;
  ASSERT_TRUE(Ask(3, second).ok());
  auto late = Ask(3, first);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.status().field(), "request.session_number");
}

TEST_F(ExecutorNodeTest, AForgedOrderCarryingAVictimsRIsRefusedByEveryExecutor) {
  // The coordinator (played by the test) builds an order of its own around a victim's KEM:
  // R, AEAD nonce, ciphertext, wrap and proof of knowledge copied, the rest its own.
  Trader victim(4);
  const auto victims = victim.Order(pk(), 777, 12'345, 1, "7");
  Trader attacker(5);
  auto forged_source = attacker.Order(pk(), 1, 10'000, 9, "8");
  std::vector<uint8_t> bytes = order::KemStatement::From(forged_source).Serialize();
  const auto victim_kem = order::KemStatement::From(victims).Serialize();
  // Splice the victim's R ‖ nonce ‖ ciphertext ‖ wrap ‖ proof over the attacker's.
  const size_t tail = 32 + 24 + order::kKemCiphertextBytes + 32 + 65;
  std::copy(victim_kem.end() - static_cast<std::ptrdiff_t>(tail), victim_kem.end(),
            bytes.end() - static_cast<std::ptrdiff_t>(tail));
  auto forged = order::KemStatement::Parse(bytes);
  ASSERT_TRUE(forged.ok()) << forged.status().ToString();
  EXPECT_EQ(forged->REncoding(), victims.kem().R.Encode());
  DecryptRequest req = Request(1, {forged_source});
  req.batch[0].kem = *forged;
  req.batch[0].ciphertext_hash = forged->CiphertextHash();
  for (uint32_t i = 1; i <= 5; ++i) {
    auto r = Ask(i, req);
    ASSERT_FALSE(r.ok()) << "executor " << i;
    EXPECT_EQ(r.status().code(), StatusCode::kVerificationFailed);
    EXPECT_NE(r.status().field().find("kem.proof"), std::string::npos) << r.status().ToString();
  }
}

// An executor decodes a request's R eight at a time (AVX-512 IFMA, where the CPU has it):
// a bad R in any lane must be refused and named exactly as one by one. The coordinator
// (played by the test) splices a non-canonical R into the sixth of nine orders and signs the
// request again, as a compromised coordinator could: p + 3, the same field element as 3
// and so an alias of the valid encoding p − 3 (s and −s name one point), even as a
// canonical s must be. Only the canonicity check refuses it.
TEST_F(ExecutorNodeTest, ANonCanonicalRInTheBatchIsRefusedAndNamed) {
  Trader trader(7);
  std::vector<order::EncryptedOrder> orders;
  for (uint8_t i = 0; i < 9; ++i) orders.push_back(trader.Order(pk(), 100 + i, 10'000 + i, i + 1));
  const DecryptRequest req = Request(1, orders);
  std::vector<uint8_t> bytes = req.Serialize(*quorum.coordinator);
  bytes.resize(bytes.size() - th::kSignatureBytes);
  const auto r5 = orders[5].kem().R.Encode();
  const auto at = std::search(bytes.begin(), bytes.end(), r5.begin(), r5.end());
  ASSERT_NE(at, bytes.end());
  std::array<uint8_t, 32> alias;
  alias.fill(0xff);
  alias[31] = 0x7f;
  alias[0] = 0xea;  // p − 3 = 2^255 − 22
  ASSERT_TRUE(crypto::Point::Decode(alias, "p - 3").ok());
  alias[0] = 0xf0;  // p + 3
  std::copy(alias.begin(), alias.end(), at);
  const auto sig = quorum.coordinator->Sign(kDecryptRequestDomain, bytes);
  bytes.insert(bytes.end(), sig.begin(), sig.end());
  for (uint32_t i : {1u, 4u}) {
    auto r = quorum.nodes[i - 1]->Decrypt(bytes);
    ASSERT_FALSE(r.ok()) << "executor " << i;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().field(), "request.batch[5].kem.R") << r.status().ToString();
  }
  // Nothing was answered or recorded: the honest request is answered afterwards.
  EXPECT_TRUE(Ask(1, req).ok());
}

TEST_F(ExecutorNodeTest, RequestsNotSignedByTheCoordinatorAreRefused) {
  Trader trader(6);
  const auto req = Request(1, {trader.Order(pk(), 10, 10'000, 1)});
  const auto impostor = th::ParticipantKey::Generate(quorum.rng);
  auto bytes = req.Serialize(impostor);
  auto r = quorum.nodes[0]->Decrypt(bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
  // Every flipped byte of a signed request is refused (the signature covers all of it).
  bytes = req.Serialize(*quorum.coordinator);
  for (size_t i = 0; i < bytes.size(); i += 7) {
    auto b = bytes;
    b[i] ^= 1;
    EXPECT_FALSE(quorum.nodes[0]->Decrypt(b).ok()) << i;
  }
  EXPECT_TRUE(quorum.nodes[0]->Decrypt(bytes).ok());
}

TEST_F(ExecutorNodeTest, KeySharesAreSealedAndTheDkgIsNotRerunUnlessForced) {
  // Reopening needs the right passphrase.
  quorum.nodes[1].reset();
  ExecutorNodeOptions o;
  o.index = 2;
  o.roster = quorum.roster;
  o.paths = ExecutorPaths{quorum.dirs[1]};
  auto wrong = ExecutorNode::Open(o, testing::Passphrase(3));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().field(), "passphrase");
  quorum.nodes[1] = quorum.Open(2).value();
  EXPECT_TRUE(quorum.nodes[1]->Health().has_key);
  EXPECT_EQ(quorum.nodes[1]->Health().key_epoch, 1u);
  // A second DKG on the live pool is refused by every executor, unless forced.
  auto again = quorum.RunDkg(2);
  ASSERT_FALSE(again.ok());
  auto forced = quorum.RunDkg(2, /*force=*/true);
  ASSERT_TRUE(forced.ok()) << forced.status().ToString();
  EXPECT_FALSE(forced->keys.public_key() == pk());
  EXPECT_EQ(quorum.nodes[0]->Health().key_epoch, 2u);
}

// A forced DKG between two sessions: the executors keep the retired key's public set (on
// disk, across a restart) and check the previous session's VRF shares against it, so the
// draw chains across the new key; the last session of the old key is not answered again
// under the new one (that would give its seed a second output to choose from).
TEST_F(ExecutorNodeTest, TheDrawChainsAcrossAForcedNewKey) {
  Trader trader(6);
  const DecryptRequest first = Request(1, {trader.Order(pk(), 10, 10'000, 1)});
  PreviousSession prev{
      1, {}, first.BatchDigest(), auction::VrfSeed("SOL/USDC", 1, {}, first.BatchDigest()), {}};
  for (uint32_t i : {1u, 2u, 3u}) {
    auto a = Ask(i, first);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    prev.vrf_shares.push_back(*a->vrf_share);
  }
  const auto first_output = th::VerifyVrf(*keys, prev.seed, prev.vrf_shares).value().value;

  quorum.now_ms += kPeriod;
  auto rekey = quorum.RunDkg(2, /*force=*/true);
  ASSERT_TRUE(rekey.ok()) << rekey.status().ToString();
  const th::PublicKeySet keys2 = rekey->keys;
  quorum.now_ms += kPeriod;
  quorum.nodes[2].reset();
  quorum.nodes[2] = quorum.Open(3).value();  // the retired set comes back from disk

  DecryptRequest again = first;
  again.key_epoch = 2;
  auto reasked = Ask(3, again);
  ASSERT_FALSE(reasked.ok());
  EXPECT_EQ(reasked.status().field(), "request.session_number");

  DecryptRequest second =
      Request(2, {trader.Order(keys2.public_key(), 11, 10'000, 2, "7", 2)}, 200, 2);
  second.previous = prev;
  const auto seed2 = auction::VrfSeed("SOL/USDC", 2, first_output, second.BatchDigest());
  std::vector<th::VrfShare> shares;
  for (uint32_t i : {3u, 4u, 5u}) {
    auto a = Ask(i, second);
    ASSERT_TRUE(a.ok()) << i << ": " << a.status().ToString();
    shares.push_back(*a->vrf_share);
  }
  EXPECT_TRUE(th::VerifyVrf(keys2, seed2, shares).ok());

  // Shares that verify under no key this executor ever held are still refused.
  PreviousSession forged = prev;
  forged.vrf_shares.pop_back();
  forged.vrf_shares.push_back(shares[0]);
  second.previous = forged;
  auto refused = Ask(1, second);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().field().rfind("request.previous", 0), 0u)
      << refused.status().ToString();
}

TEST_F(ExecutorNodeTest, TwoDownExecutorsStillDecrypt) {
  // The DKG already ran with five; two are down now, three answer.
  quorum.nodes[0].reset();
  quorum.nodes[3].reset();
  auto transport = quorum.InProcess();
  Trader trader(7);
  const auto req = Request(1, {trader.Order(pk(), 10, 10'000, 1)});
  const auto bytes = req.Serialize(*quorum.coordinator);
  int answered = 0;
  for (uint32_t i = 1; i <= 5; ++i) {
    auto r = transport->Decrypt(i, bytes, std::chrono::seconds(1));
    if (r.ok()) {
      ++answered;
    } else {
      EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
    }
  }
  EXPECT_EQ(answered, 3);
}

}  // namespace
}  // namespace phantompool::executor
