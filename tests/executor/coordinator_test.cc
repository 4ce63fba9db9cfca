// The coordinator against an in-process 3-of-5 quorum and a real store (SQLite and
// PostgreSQL): sessions that settle, executors that lie, are down or sign for others, an
// order whose opening contradicts its commitments, and an order carried into a later session.
#include "phantompool/executor/coordinator.h"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <set>

#include "executor_fixture.h"
#include "order_forger.h"
#include "phantompool/auction/session_draw.h"
#include "phantompool/common/file_io.h"
#include "phantompool/crypto/threshold/decryption_share.h"
#include "store_test_env.h"

namespace phantompool::executor {
namespace {

namespace th = crypto::threshold;
using store::Backend;
using store::Principal;
using testing::Quorum;

constexpr uint64_t kDeposit = 1'000'000'000'000'000;  // ledger units of each token
constexpr uint64_t kPrice = 15'000;                   // ticks

// Forwards to the in-process quorum; executors can be taken down, made to lie (shares from
// a key share of their own invention, validly signed), or have their response signed by
// another executor's identity.
class TestTransport final : public Transport {
 public:
  explicit TestTransport(Quorum& q) : q_(q), inner_(q.InProcess()) {}

  void SetDown(std::set<uint32_t> down) {
    std::lock_guard<std::mutex> lock(mu_);
    down_ = std::move(down);
  }
  void SetLiars(std::set<uint32_t> liars) {
    std::lock_guard<std::mutex> lock(mu_);
    liars_ = std::move(liars);
  }
  // Executor `index`'s response re-signed with executor `signer`'s identity key.
  void SetForger(uint32_t index, uint32_t signer) {
    std::lock_guard<std::mutex> lock(mu_);
    forged_[index] = signer;
  }

  Result<std::vector<uint8_t>> Decrypt(uint32_t index, std::span<const uint8_t> request,
                                       std::chrono::milliseconds d) override {
    bool down, liar;
    std::optional<uint32_t> signer;
    {
      std::lock_guard<std::mutex> lock(mu_);
      down = down_.count(index) > 0;
      liar = liars_.count(index) > 0;
      if (forged_.count(index)) signer = forged_[index];
    }
    if (down) return Status::Unavailable("executor", "down");
    PP_ASSIGN_OR_RETURN(auto bytes, inner_->Decrypt(index, request, d));
    if (!liar && !signer) return bytes;
    PP_ASSIGN_OR_RETURN(DecryptRequest req,
                        DecryptRequest::Parse(request, *q_.roster.coordinator()));
    PP_ASSIGN_OR_RETURN(DecryptResponse resp,
                        DecryptResponse::Parse(bytes, q_.roster.executor(index).public_key));
    if (liar) {
      std::vector<crypto::Point> R;
      for (const auto& item : req.batch) {
        if (item.kem) R.push_back(item.kem->R());
      }
      std::lock_guard<std::mutex> lock(mu_);
      auto params = th::ThresholdParams::Create(3, 5).value();
      auto fake = th::KeyShare::Create(params, index, th::TranscriptHash{},
                                       crypto::SecretScalar::Random(q_.rng))
                      .value();
      resp.shares = th::ProveDecryptionShares(Bytes32{}, fake, R, q_.rng).value();
    }
    return resp.Serialize(q_.identities[(signer ? *signer : index) - 1]);
  }
  Result<std::vector<uint8_t>> DkgStep(uint32_t i, std::string_view s, std::span<const uint8_t> r,
                                       std::chrono::milliseconds d) override {
    return inner_->DkgStep(i, s, r, d);
  }
  Result<ExecutorHealth> Health(uint32_t i, std::chrono::milliseconds d) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (down_.count(i)) return Status::Unavailable("executor", "down");
    }
    return inner_->Health(i, d);
  }

 private:
  Quorum& q_;
  std::unique_ptr<Transport> inner_;
  std::mutex mu_;
  std::set<uint32_t> down_, liars_;
  std::map<uint32_t, uint32_t> forged_;
};

class CoordinatorTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<store::testing::TestDatabase>(GetParam());
    ASSERT_TRUE(db_->ok());
    store::StoreOptions so;
    so.clock = [this] { return now_us_.load(); };
    store_ = store::testing::Open(db_->service_url(), so);
    ASSERT_NE(store_, nullptr);
    auto dkg = quorum_.RunDkg();
    ASSERT_TRUE(dkg.ok()) << dkg.status().ToString();
    keys_.emplace(dkg->keys);
    ASSERT_TRUE(RecordKeySetInStore(*store_, 1, *keys_, quorum_.roster).ok());
    auto pairs = store_->ListPairs(Principal::Service());
    ASSERT_TRUE(pairs.ok());
    for (const auto& p : *pairs) {
      if (p.spec.symbol() == "SOL/USDC") {
        pair_id_ = p.id;
        pair_.emplace(p.spec);
      }
    }
    ASSERT_NE(pair_id_, 0);
    fee_user_ = MakeUser();
    transport_ = std::make_unique<TestTransport>(quorum_);
    auto key = th::ParticipantKey::FromSeed(quorum_.coordinator->ExposeSeed(), "key").value();
    coordinator_ = std::make_unique<Coordinator>(
        *store_, *transport_,
        CoordinatorConfig(quorum_.roster, 1, *keys_, std::move(key), fee_user_));
  }

  int64_t MakeUser() {
    store::NewUser u;
    static constexpr char kB58[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    const int n = ++users_;
    std::string w = "Coord";
    for (int i = 0, m = n; i < 6; ++i, m /= 58) w += kB58[m % 58];
    w.append(40 - w.size(), 'x');
    u.wallet_address = w;
    u.public_key.assign(32, static_cast<uint8_t>(n));
    auto id = store_->CreateUser(Principal::Service(), u);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    EXPECT_TRUE(store_->SetKycStatus(Principal::Service(), *id, store::KycStatus::kVerified).ok());
    for (const auto* token : {pair_->base_token().c_str(), pair_->quote_token().c_str()}) {
      EXPECT_TRUE(store_
                      ->Deposit(Principal::Service(), *id, token, kDeposit,
                                "dep-" + std::to_string(*id) + "-" + token)
                      .ok());
    }
    return *id;
  }

  store::Balance BalanceOf(int64_t user, const std::string& token) {
    auto all = store_->GetBalances(Principal::Service(), user);
    EXPECT_TRUE(all.ok());
    for (const auto& b : *all) {
      if (b.token == token) return b;
    }
    return {};
  }

  order::Order Plain(int64_t user, order::Side side, uint64_t size) {
    order::Order o;
    o.pair = "SOL/USDC";
    o.user_id = std::to_string(user);
    o.side = side;
    o.size = size;
    o.limit_price = kPrice;
    const uint64_t n = ++nonces_;
    for (int i = 0; i < 8; ++i) o.nonce[i] = static_cast<uint8_t>(n >> (8 * i));
    return o;
  }

  // A fresh trader with one limit order at kPrice; returns (user, order id).
  std::pair<int64_t, int64_t> Place(order::Side side, uint64_t size,
                                    order::Validity validity = order::Validity::kGtc,
                                    uint64_t expiry = 0) {
    const int64_t user = MakeUser();
    const auto key = order::TraderKey::Generate(rng_);
    order::Order o = Plain(user, side, size);
    o.validity = validity;
    o.expiry = expiry;
    auto enc = order::EncryptOrder(o, *pair_, keys_->public_key(), 1,
                                   {kDeposit, crypto::Scalar::Zero()}, key, rng_);
    EXPECT_TRUE(enc.ok()) << enc.status().ToString();
    return {user, Submit(user, *enc)};
  }

  int64_t Submit(int64_t user, const order::EncryptedOrder& o) {
    const std::string& token =
        o.side() == order::Side::kBuy ? pair_->quote_token() : pair_->base_token();
    auto rec = store_->SubmitOrder(Principal::Service(), user, o,
                                   BalanceOf(user, token).available_commitment);
    EXPECT_TRUE(rec.ok()) << rec.status().ToString();
    return rec.ok() ? rec->id : 0;
  }

  // The batch period passes on every clock.
  Result<std::optional<SessionReport>> Run() {
    quorum_.now_ms += 10'000;
    now_us_ += 10'000'000;
    return coordinator_->RunSession(pair_id_);
  }

  // Σ balances of each token over every user: settlement moves value, never makes it.
  std::map<std::string, uint64_t> Totals() {
    std::map<std::string, uint64_t> out;
    for (int64_t u = 1; u <= 64; ++u) {
      auto all = store_->GetBalances(Principal::Service(), u);
      if (!all.ok()) continue;
      for (const auto& b : *all) out[b.token] += b.balance;
    }
    return out;
  }

  store::OrderStatus StatusOf(int64_t order_id) {
    return store_->GetOrder(Principal::Service(), order_id)->status;
  }

  // The stored draw re-checked as an auditor would: seed from the stored inputs, output
  // from the stored shares.
  void ExpectVerifiableDraw(int64_t session_id) {
    auto s = store_->GetSession(Principal::Service(), session_id);
    ASSERT_TRUE(s.ok());
    ASSERT_EQ(s->batch_digest.size(), 32u);
    auction::Digest32 prev{}, digest{};
    std::copy(s->previous_vrf_output.begin(), s->previous_vrf_output.end(), prev.begin());
    std::copy(s->batch_digest.begin(), s->batch_digest.end(), digest.begin());
    const auto seed = auction::VrfSeed("SOL/USDC", s->session_number, prev, digest);
    EXPECT_TRUE(std::equal(seed.begin(), seed.end(), s->vrf_seed.begin(), s->vrf_seed.end()));
    std::vector<th::VrfShare> shares;
    ASSERT_EQ(s->vrf_proof.size() % th::VrfShare::kSize, 0u);
    for (size_t at = 0; at < s->vrf_proof.size(); at += th::VrfShare::kSize) {
      shares.push_back(
          th::VrfShare::Parse(std::span(s->vrf_proof).subspan(at, th::VrfShare::kSize)).value());
    }
    auto out = th::VerifyVrf(*keys_, seed, shares);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_TRUE(std::equal(out->value.begin(), out->value.end(), s->vrf_output.begin(),
                           s->vrf_output.end()));
  }

  std::unique_ptr<store::testing::TestDatabase> db_;
  std::unique_ptr<store::Store> store_;
  std::atomic<int64_t> now_us_{store::SystemClockMicros()};
  Quorum quorum_;
  std::optional<th::PublicKeySet> keys_;
  std::optional<order::PairSpec> pair_;
  int64_t pair_id_ = 0, fee_user_ = 0;
  int users_ = 0;
  uint64_t nonces_ = 0;
  crypto::DeterministicRng rng_{99};
  std::unique_ptr<TestTransport> transport_;
  std::unique_ptr<Coordinator> coordinator_;
};

TEST_P(CoordinatorTest, SettlesBuysAndSellsWithAVerifiableDraw) {
  const auto before = Totals();
  auto nothing = Run();
  ASSERT_TRUE(nothing.ok()) << nothing.status().ToString();
  EXPECT_FALSE(nothing->has_value());  // no order waits

  const auto [b1, buy1] = Place(order::Side::kBuy, 30);
  const auto [b2, buy2] = Place(order::Side::kBuy, 20);
  const auto [s1, sell1] = Place(order::Side::kSell, 25);
  const auto [s2, sell2] = Place(order::Side::kSell, 25);
  const auto after_deposits = Totals();
  auto r = Run();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->has_value());
  const SessionReport& rep = **r;
  EXPECT_TRUE(rep.settled) << rep.failure_reason;
  EXPECT_EQ(rep.orders, 4u);
  EXPECT_EQ(rep.excluded, 0u);
  EXPECT_EQ(rep.volume, 50u);
  EXPECT_EQ(rep.clearing_price, kPrice);
  EXPECT_GT(rep.trades, 0u);
  for (int64_t id : {buy1, buy2, sell1, sell2})
    EXPECT_EQ(StatusOf(id), store::OrderStatus::kFilled);
  EXPECT_EQ(Totals(), after_deposits);  // conserved, fees included
  (void)before;
  ExpectVerifiableDraw(rep.session_id);
  auto responses = store_->ListQuorumResponses(Principal::Service(), rep.session_id);
  ASSERT_TRUE(responses.ok());
  int valid = 0;
  for (const auto& q : *responses) valid += q.record.valid && q.record.combined;
  EXPECT_EQ(valid, 3);

  // The next session chains to this one's draw.
  Place(order::Side::kBuy, 5);
  Place(order::Side::kSell, 5);
  auto r2 = Run();
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  ASSERT_TRUE(r2->has_value() && (*r2)->settled) << (*r2)->failure_reason;
  ExpectVerifiableDraw((*r2)->session_id);
  auto s2row = store_->GetSession(Principal::Service(), (*r2)->session_id).value();
  auto s1row = store_->GetSession(Principal::Service(), rep.session_id).value();
  EXPECT_EQ(s2row.previous_vrf_output, s1row.vrf_output);
  // One price level: the maximum volume alone sets the price, and the store keeps the rule.
  EXPECT_EQ(s1row.price_rule, auction::PriceRule::kMaxVolume);

  // A batch that does not cross still settles, at the reference price (the last one), and
  // says so: rule "none", nothing traded, the order back on the book.
  const auto [lone_buyer, lone] = Place(order::Side::kBuy, 5);
  auto r3 = Run();
  ASSERT_TRUE(r3.ok()) << r3.status().ToString();
  ASSERT_TRUE(r3->has_value() && (*r3)->settled) << (*r3)->failure_reason;
  auto s3row = store_->GetSession(Principal::Service(), (*r3)->session_id).value();
  EXPECT_EQ(s3row.price_rule, auction::PriceRule::kNone);
  EXPECT_EQ(s3row.clearing_price, kPrice);
  EXPECT_EQ(s3row.total_volume, 0u);
  EXPECT_EQ(StatusOf(lone), store::OrderStatus::kActive);
}

TEST_P(CoordinatorTest, ALyingExecutorIsRecordedInvalidAndTheSessionSettles) {
  transport_->SetLiars({1});
  Place(order::Side::kBuy, 10);
  Place(order::Side::kSell, 10);
  auto r = Run();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->has_value());
  EXPECT_TRUE((*r)->settled) << (*r)->failure_reason;
  EXPECT_EQ((*r)->volume, 10u);
  bool flagged = false;
  for (const auto& e : (*r)->executors) {
    if (e.index == 1) {
      flagged = e.asked && !e.valid &&
                e.reason.find("decryption shares do not verify") != std::string::npos;
    }
  }
  EXPECT_TRUE(flagged);
  auto responses = store_->ListQuorumResponses(Principal::Service(), (*r)->session_id).value();
  bool stored = false;
  for (const auto& q : responses) {
    if (q.record.node_index == 1) {
      stored = !q.record.valid && q.record.response.has_value() &&
               q.record.reason.find("decryption shares") != std::string::npos;
    }
  }
  EXPECT_TRUE(stored);
  auto nodes = store_->ListExecutors(Principal::Service()).value();
  EXPECT_EQ(nodes[0].invalid_responses, 1);
  EXPECT_EQ(nodes[1].valid_responses, 1);
  ExpectVerifiableDraw((*r)->session_id);
}

TEST_P(CoordinatorTest, WithoutAQuorumTheSessionWaitsAndSettlesWhenExecutorsReturn) {
  transport_->SetDown({4, 5});
  transport_->SetLiars({1});
  const auto [buyer, buy] = Place(order::Side::kBuy, 10);
  const auto [seller, sell] = Place(order::Side::kSell, 10);
  const auto locked_buyer = BalanceOf(buyer, pair_->quote_token());
  const auto totals = Totals();
  auto r = Run();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->has_value());
  EXPECT_FALSE((*r)->settled);
  EXPECT_NE((*r)->failure_reason.find("2 of the 3 valid responses"), std::string::npos)
      << (*r)->failure_reason;
  // Nothing written half-way: the orders wait in their session, locks intact.
  EXPECT_EQ(StatusOf(buy), store::OrderStatus::kMatching);
  EXPECT_EQ(StatusOf(sell), store::OrderStatus::kMatching);
  const auto still = BalanceOf(buyer, pair_->quote_token());
  EXPECT_EQ(still.available_commitment, locked_buyer.available_commitment);
  EXPECT_EQ(still.balance, locked_buyer.balance);
  auto session = store_->GetSession(Principal::Service(), (*r)->session_id).value();
  EXPECT_EQ(session.status, store::SessionStatus::kFrozen);
  EXPECT_EQ(Totals(), totals);

  // They return: the session resumes with the two valid answers it has, and one more.
  transport_->SetDown({});
  auto again = Run();
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  ASSERT_TRUE(again->has_value());
  EXPECT_EQ((*again)->session_id, (*r)->session_id);
  for (const auto& e : (*again)->executors) {
    // The liar, now the least trusted, is not asked again; 2 and 3 answered already.
    if (e.index <= 3) {
      EXPECT_FALSE(e.asked) << e.index;
    }
  }
  EXPECT_TRUE((*again)->settled) << (*again)->failure_reason;
  EXPECT_EQ((*again)->volume, 10u);
  EXPECT_EQ(StatusOf(buy), store::OrderStatus::kFilled);
  EXPECT_EQ(Totals(), totals);
  ExpectVerifiableDraw((*r)->session_id);
}

TEST_P(CoordinatorTest, AnOrderThatDoesNotOpenIsExcludedAlone) {
  // A forged order: a valid proof of knowledge of r (the executors answer for it), but the
  // ciphertext holds garbage instead of the opening of its commitments.
  const int64_t forger = MakeUser();
  order::testing::Trader trader(77, kDeposit);
  trader.pk = keys_->public_key();
  order::testing::Forgery f;
  f.order = Plain(forger, order::Side::kBuy, 10);
  f.available = trader.balance.available;
  f.blinding = trader.balance.blinding;
  f.opening = std::vector<uint8_t>(order::kOpeningBytes, 0xab);
  const order::EncryptedOrder forged = order::testing::Forge(f, trader);
  const auto free_before = BalanceOf(forger, pair_->quote_token());
  const int64_t bad = Submit(forger, forged);
  const auto [buyer, buy] = Place(order::Side::kBuy, 10);
  const auto [seller, sell] = Place(order::Side::kSell, 10);
  const auto totals = Totals();
  auto r = Run();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->has_value());
  EXPECT_TRUE((*r)->settled) << (*r)->failure_reason;
  EXPECT_EQ((*r)->excluded, 1u);
  EXPECT_EQ((*r)->volume, 10u);
  EXPECT_EQ(StatusOf(bad), store::OrderStatus::kCancelled);
  EXPECT_EQ(StatusOf(buy), store::OrderStatus::kFilled);
  EXPECT_EQ(StatusOf(sell), store::OrderStatus::kFilled);
  auto excluded = store_->ListExcludedOrders(Principal::Service(), (*r)->session_id).value();
  ASSERT_EQ(excluded.size(), 1u);
  EXPECT_EQ(excluded[0].order_id, bad);
  EXPECT_NE(excluded[0].reason.find("does not open"), std::string::npos) << excluded[0].reason;
  ASSERT_TRUE(excluded[0].shared_point.has_value());
  // The stored K lets anyone re-run the check and see the exclusion was honest.
  auto K = crypto::Point::Decode(*excluded[0].shared_point, "K").value();
  EXPECT_FALSE(order::OpenEncryptedOrder(forged, *pair_, K, keys_->public_key()).ok());
  // Its lock is released: the forger's available balance is what it was.
  const auto free_after = BalanceOf(forger, pair_->quote_token());
  EXPECT_EQ(free_after.available_commitment, free_before.available_commitment);
  EXPECT_EQ(free_after.open_obligations, 0);
  EXPECT_EQ(Totals(), totals);
}

TEST_P(CoordinatorTest, APartlyFilledOrderIsCarriedOverWithoutBeingDecryptedAgain) {
  const auto [buyer, buy] = Place(order::Side::kBuy, 10);
  Place(order::Side::kSell, 4);
  auto r1 = Run();
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();
  ASSERT_TRUE(r1->has_value() && (*r1)->settled);
  EXPECT_EQ(StatusOf(buy), store::OrderStatus::kPartiallyFilled);
  size_t answered_before = 0;
  for (const auto& n : quorum_.nodes) answered_before += n->Health().answered;

  const auto [seller, sell] = Place(order::Side::kSell, 6);
  auto r2 = Run();
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  ASSERT_TRUE(r2->has_value());
  EXPECT_TRUE((*r2)->settled) << (*r2)->failure_reason;
  EXPECT_EQ((*r2)->orders, 2u);
  EXPECT_EQ((*r2)->volume, 6u);
  EXPECT_EQ(StatusOf(buy), store::OrderStatus::kFilled);
  EXPECT_EQ(StatusOf(sell), store::OrderStatus::kFilled);
  size_t answered_after = 0;
  for (const auto& n : quorum_.nodes) answered_after += n->Health().answered;
  EXPECT_EQ(answered_after - answered_before, 3u);  // the new order's R, by three executors
  auto openings = store_->ListSessionOpenings(Principal::Service(), (*r1)->session_id);
  ASSERT_TRUE(openings.ok());
}

TEST_P(CoordinatorTest, AnIocRemainderIsCancelledAndAnExpiredGttNeverEntersTheBatch) {
  const auto [ioc_user, ioc] = Place(order::Side::kBuy, 10, order::Validity::kIoc);
  const uint64_t soon = static_cast<uint64_t>(now_us_.load() / 1'000'000) + 5;
  const auto [gtt_user, gtt] = Place(order::Side::kBuy, 10, order::Validity::kGtt, soon);
  Place(order::Side::kSell, 4);
  auto r = Run();  // ten seconds later: the GTT order has expired
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->has_value() && (*r)->settled) << (*r)->failure_reason;
  EXPECT_EQ((*r)->orders, 2u);
  EXPECT_EQ((*r)->volume, 4u);
  EXPECT_EQ(StatusOf(gtt), store::OrderStatus::kExpired);
  EXPECT_EQ(StatusOf(ioc), store::OrderStatus::kCancelled);
  EXPECT_EQ(store_->GetOrder(Principal::Service(), ioc)->filled_amount, 4u);
  EXPECT_EQ(BalanceOf(ioc_user, pair_->quote_token()).open_obligations, 0);
  EXPECT_EQ(BalanceOf(gtt_user, pair_->quote_token()).open_obligations, 0);
}

TEST_P(CoordinatorTest, AResponseSignedWithAnotherExecutorsKeyIsRejected) {
  transport_->SetForger(2, 3);
  Place(order::Side::kBuy, 10);
  Place(order::Side::kSell, 10);
  auto r = Run();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->has_value());
  EXPECT_TRUE((*r)->settled) << (*r)->failure_reason;
  bool rejected = false;
  for (const auto& e : (*r)->executors) {
    if (e.index == 2) {
      rejected = !e.valid && e.reason.find("unsigned") != std::string::npos;
    }
  }
  EXPECT_TRUE(rejected);
}

TEST_P(CoordinatorTest, CheckExecutorsRecordsHeartbeatsAndHealth) {
  transport_->SetDown({5});
  ASSERT_TRUE(coordinator_->CheckExecutors().ok());
  auto nodes = store_->ListExecutors(Principal::Service()).value();
  ASSERT_EQ(nodes.size(), 5u);
  EXPECT_EQ(nodes[0].status, store::ExecutorStatus::kOnline);
  EXPECT_TRUE(nodes[0].last_heartbeat.has_value());
  EXPECT_FALSE(nodes[4].last_heartbeat.has_value());
  auto health = store_->SystemHealthOverview(Principal::Service()).value();
  std::map<std::string, store::HealthStatus> by;
  for (const auto& h : health) by[h.component] = h.status;
  EXPECT_EQ(by["executor-5"], store::HealthStatus::kOffline);
  EXPECT_EQ(by["executor-1"], store::HealthStatus::kHealthy);
  EXPECT_EQ(by["executor_quorum"], store::HealthStatus::kDegraded);
}

// A node seen once and then gone reads offline, with the last time it was seen kept; back,
// it is online again.
TEST_P(CoordinatorTest, AnExecutorThatStopsAnsweringIsShownOffline) {
  ASSERT_TRUE(coordinator_->CheckExecutors().ok());
  const auto seen = store_->ListExecutors(Principal::Service()).value();
  ASSERT_EQ(seen[1].status, store::ExecutorStatus::kOnline);
  ASSERT_TRUE(seen[1].last_heartbeat.has_value());
  transport_->SetDown({2});
  ASSERT_TRUE(coordinator_->CheckExecutors().ok());
  auto nodes = store_->ListExecutors(Principal::Service()).value();
  EXPECT_EQ(nodes[1].status, store::ExecutorStatus::kOffline);
  EXPECT_EQ(nodes[1].last_heartbeat, seen[1].last_heartbeat);
  EXPECT_EQ(nodes[0].status, store::ExecutorStatus::kOnline);
  // Only the service marks a node unreachable; an executor cannot mark another one.
  EXPECT_EQ(store_->MarkExecutorUnreachable(Principal::Executor(nodes[1].id), nodes[0].id).code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->MarkExecutorUnreachable(Principal::Service(), 987654).code(),
            StatusCode::kNotFound);
  transport_->SetDown({});
  ASSERT_TRUE(coordinator_->CheckExecutors().ok());
  nodes = store_->ListExecutors(Principal::Service()).value();
  EXPECT_EQ(nodes[1].status, store::ExecutorStatus::kOnline);
}

TEST(CoordinatorConfigTest, LoadsWhatInitAndTheDkgWrite) {
  Quorum q;
  auto dkg = q.RunDkg();
  ASSERT_TRUE(dkg.ok()) << dkg.status().ToString();
  const std::string dir = (q.root / "coordinator").string();
  std::filesystem::create_directories(dir);
  const CoordinatorPaths paths{dir};
  const std::string pass = "coordinator passphrase";
  const crypto::SecretBytes secret(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(pass.data()), pass.size()));
  ASSERT_TRUE(WriteSealedFile(paths.identity(), "coordinator-identity", q.coordinator->ExposeSeed(),
                              secret, q.rng)
                  .ok());
  ASSERT_TRUE(q.roster.Save(paths.roster()).ok());
  ASSERT_TRUE(SaveCoordinatorKeySet(dir, 1, dkg->keys).ok());
  // Without coordinator.json: the fee account is missing, and said so.
  EXPECT_EQ(LoadCoordinatorConfig(dir, secret).status().field(), "coordinator_config");
  ASSERT_TRUE(
      WriteFileAtomically(paths.config(), "{\"fee_user_id\": 7, \"deadline_ms\": 2000}", 0644)
          .ok());
  auto config = LoadCoordinatorConfig(dir, secret);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->key_epoch, 1u);
  EXPECT_EQ(config->fee_user_id, 7);
  EXPECT_EQ(config->round.deadline, std::chrono::milliseconds(2000));
  EXPECT_TRUE(config->keys == dkg->keys);
  EXPECT_TRUE(config->key.public_key() == q.coordinator->public_key());
  const std::string wrong = "wrong passphrase";
  EXPECT_FALSE(
      LoadCoordinatorConfig(dir, crypto::SecretBytes(std::span<const uint8_t>(
                                     reinterpret_cast<const uint8_t*>(wrong.data()), wrong.size())))
          .ok());
  ASSERT_TRUE(WriteFileAtomically(paths.config(), "{\"fee_user_id\": 7, \"extra\": 1}", 0644).ok());
  EXPECT_EQ(LoadCoordinatorConfig(dir, secret).status().field(), "coordinator_config.extra");
}

INSTANTIATE_TEST_SUITE_P(Backends, CoordinatorTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         store::testing::BackendName);

}  // namespace
}  // namespace phantompool::executor
