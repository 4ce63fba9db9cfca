// The coordinator's records (migration 005) on both back ends: the pair lease, a session's
// draw, quorum attempts, openings and exclusions, key sets.
#include <gtest/gtest.h>

#include "store_fixture.h"

namespace phantompool::store::testing {
namespace {

using order::OrderType;
using order::Side;

class CoordinationTest : public StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    buyer_ = MakeUser(1);
    seller_ = MakeUser(2);
    ASSERT_TRUE(Deposit(buyer_, kUsdc, 1'000'000'000).ok());
    ASSERT_TRUE(Deposit(seller_, kSol, 10'000'000'000).ok());
    buy_ = *Submit(buyer_, orders_.Make(buyer_, {Side::kBuy, OrderType::kLimit, 600}));
    sell_ = *Submit(seller_, orders_.Make(seller_, {Side::kSell, OrderType::kLimit, 1'000}));
    ASSERT_TRUE(store_->RecordKeySet(Principal::Service(), KeySet(1), Nodes(1)).ok());
    auto nodes = store_->ListExecutors(Principal::Service());
    ASSERT_TRUE(nodes.ok()) << nodes.status().ToString();
    ASSERT_EQ(nodes->size(), 3u);
    std::vector<int64_t> ids;
    for (const auto& n : *nodes) ids.push_back(n.id);
    auto s = store_->CreateMatchingSession(Principal::Service(), 1, Bytes(32, 0), ids);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    session_ = s->session_id;
  }

  static KeySetRecord KeySet(uint32_t epoch) {
    KeySetRecord k;
    k.key_epoch = epoch;
    k.threshold = 2;
    k.participants = 3;
    k.joint_public_key = Bytes(32, static_cast<uint8_t>(40 + epoch));
    k.public_key_set = Bytes(200, static_cast<uint8_t>(epoch));
    return k;
  }

  static std::vector<NewExecutorNode> Nodes(uint8_t salt) {
    std::vector<NewExecutorNode> out;
    for (int32_t i = 1; i <= 3; ++i) {
      out.push_back(NewExecutorNode{i, Bytes(32, static_cast<uint8_t>(salt * 16 + i)),
                                    Bytes(32, static_cast<uint8_t>(salt * 16 + 8 + i)),
                                    "http://127.0.0.1:" + std::to_string(7100 + i)});
    }
    return out;
  }

  SessionDraw Draw() const {
    return SessionDraw{session_, 1, Bytes(32, 1), Bytes(32, 2), Bytes(32, 0)};
  }

  int64_t buyer_ = 0, seller_ = 0, buy_ = 0, sell_ = 0, session_ = 0;
};

TEST_P(CoordinationTest, ASecondLeaseOnAPairIsRefusedWhileTheFirstLives) {
  auto first = store_->TryLeasePair(1);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE((*first)->Check().ok());
  EXPECT_EQ((*first)->pair_id(), 1);
  // Another Store on the same database (another server, on PostgreSQL).
  auto other = OpenWithClock(db_->service_url());
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->TryLeasePair(1).status().code(), StatusCode::kConflict);
  EXPECT_EQ(store_->TryLeasePair(1).status().code(), StatusCode::kConflict);
  auto second_pair = other->TryLeasePair(2);
  EXPECT_TRUE(second_pair.ok()) << second_pair.status().ToString();
  first->reset();
  auto again = other->TryLeasePair(1);
  EXPECT_TRUE(again.ok()) << again.status().ToString();
}

TEST_P(CoordinationTest, TheDrawIsRecordedOnceAndReadBack) {
  const Principal svc = Principal::Service();
  auto latest = store_->LatestSession(svc, 1, SessionStatus::kFrozen);
  ASSERT_TRUE(latest.ok()) << latest.status().ToString();
  ASSERT_TRUE(latest->has_value());
  EXPECT_EQ((*latest)->id, session_);
  EXPECT_TRUE((*latest)->batch_digest.empty());
  EXPECT_FALSE(store_->LatestSession(svc, 1, SessionStatus::kSettled)->has_value());
  ASSERT_TRUE(store_->RecordSessionDraw(svc, Draw()).ok());
  ASSERT_TRUE(store_->RecordSessionDraw(svc, Draw()).ok());  // the same again: fine
  SessionDraw other = Draw();
  other.vrf_seed = Bytes(32, 3);
  EXPECT_EQ(store_->RecordSessionDraw(svc, other).code(), StatusCode::kConflict);
  other = Draw();
  other.batch_digest = Bytes(31, 1);
  EXPECT_EQ(store_->RecordSessionDraw(svc, other).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->RecordSessionDraw(Principal::Trader(buyer_), Draw()).code(),
            StatusCode::kPermissionDenied);
  auto s = store_->GetSession(svc, session_);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->batch_digest, Bytes(32, 1));
  EXPECT_EQ(s->vrf_seed, Bytes(32, 2));
  EXPECT_EQ(s->previous_vrf_output, Bytes(32, 0));
  EXPECT_EQ(s->key_epoch, 1u);
}

TEST_P(CoordinationTest, QuorumAttemptsAreNumberedAndCountTowardsTheExecutors) {
  const Principal svc = Principal::Service();
  std::vector<QuorumResponseRecord> first = {
      {1, true, true, true, "", 12, Bytes(100, 1)},
      {2, true, false, false, "decryption shares do not verify", 30, Bytes(100, 2)},
      {3, true, false, false, "unavailable: down", 5, std::nullopt},
  };
  auto a1 = store_->RecordQuorumAttempt(svc, session_, first);
  ASSERT_TRUE(a1.ok()) << a1.status().ToString();
  EXPECT_EQ(*a1, 1);
  // The second attempt reuses executor 1's response (not asked again) and asks 3.
  std::vector<QuorumResponseRecord> second = {
      {1, false, true, true, "", 12, Bytes(100, 1)},
      {3, true, true, true, "", 7, Bytes(100, 3)},
  };
  auto a2 = store_->RecordQuorumAttempt(svc, session_, second);
  ASSERT_TRUE(a2.ok()) << a2.status().ToString();
  EXPECT_EQ(*a2, 2);
  auto stored = store_->ListQuorumResponses(Principal::Auditor(), session_);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  ASSERT_EQ(stored->size(), 5u);
  EXPECT_EQ(stored->at(1).record.reason, "decryption shares do not verify");
  EXPECT_FALSE(stored->at(2).record.response.has_value());
  EXPECT_EQ(stored->at(4).attempt, 2);
  auto nodes = store_->ListExecutors(svc).value();
  EXPECT_EQ(nodes[0].valid_responses, 1);  // the reuse is not a second answer
  EXPECT_EQ(nodes[1].invalid_responses, 1);
  EXPECT_EQ(nodes[2].invalid_responses, 0);  // it was down: missed, not a bad answer
  EXPECT_EQ(nodes[2].missed_responses, 1);
  EXPECT_EQ(nodes[2].valid_responses, 1);
  // The latest answers that came back and did not verify: executor 2's, not 3's miss.
  auto invalid = store_->ListRecentInvalidAnswers(Principal::Auditor(), 10);
  ASSERT_TRUE(invalid.ok()) << invalid.status().ToString();
  ASSERT_EQ(invalid->size(), 1u);
  EXPECT_EQ(invalid->at(0).record.node_index, 2);
  EXPECT_EQ(invalid->at(0).record.reason, "decryption shares do not verify");
  EXPECT_EQ(invalid->at(0).session_id, session_);
  EXPECT_EQ(store_->ListRecentInvalidAnswers(svc, 0).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->ListRecentInvalidAnswers(Principal::Trader(buyer_), 10).status().code(),
            StatusCode::kPermissionDenied);
  // The reputation follows from the same counts, whichever call reads the node; a lie costs
  // more than an absence (1 valid: 666; 1 lie: 250; 1 valid and 1 missed: 500).
  EXPECT_EQ(nodes[0].reputation, 666);
  EXPECT_EQ(nodes[1].reputation, 250);
  EXPECT_EQ(nodes[2].reputation, 500);
  for (const ExecutorNode& n : nodes) {
    auto one = store_->GetExecutor(Principal::Auditor(), n.id);
    ASSERT_TRUE(one.ok()) << one.status().ToString();
    EXPECT_EQ(one->valid_responses, n.valid_responses);
    EXPECT_EQ(one->invalid_responses, n.invalid_responses);
    EXPECT_EQ(one->missed_responses, n.missed_responses);
    EXPECT_EQ(one->reputation, n.reputation);
    EXPECT_EQ(one->key_epoch, n.key_epoch);
  }
  // An executor reads a node's public record only, never the coordinator's verdicts.
  auto as_executor = store_->GetExecutor(Principal::Executor(nodes[1].id), nodes[1].id);
  ASSERT_TRUE(as_executor.ok()) << as_executor.status().ToString();
  EXPECT_EQ(as_executor->invalid_responses, 0);
  EXPECT_EQ(as_executor->reputation, 500);
  // Malformed records are refused whole.
  std::vector<QuorumResponseRecord> bad = {{1, true, true, false, "", 1, std::nullopt}};
  EXPECT_EQ(store_->RecordQuorumAttempt(svc, session_, bad).status().code(),
            StatusCode::kInvalidArgument);
  bad = {{1, true, false, false, "", 1, Bytes(1, 1)}};  // invalid without a reason
  EXPECT_EQ(store_->RecordQuorumAttempt(svc, session_, bad).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->ListQuorumResponses(Principal::Trader(buyer_), session_).status().code(),
            StatusCode::kPermissionDenied);
}

// Whole-batch checks (PostgreSQL runs them as set operations): an order that is not in the
// frozen session, or one named twice in one call, refuses the call and writes nothing.
TEST_P(CoordinationTest, OpeningsOfOrdersOutsideTheSessionOrRepeatedAreRefusedWhole) {
  const Principal svc = Principal::Service();
  const OrderOpening buy{buy_, 0, 600, kTemplatePrice, 0, Bytes(109, 7)};
  const int64_t stranger = buy_ + sell_ + 1000;  // no such order
  std::vector<OrderOpening> opened = {buy, {stranger, 0, 600, kTemplatePrice, 0, Bytes(109, 7)}};
  EXPECT_EQ(store_->RecordSessionOpenings(svc, session_, opened, {}).code(),
            StatusCode::kFailedPrecondition);
  opened = {buy, buy};
  EXPECT_FALSE(store_->RecordSessionOpenings(svc, session_, opened, {}).ok());
  std::vector<ExcludedOrder> excluded = {{sell_, 0, "does not open", Bytes(32, 5)},
                                         {sell_, 0, "does not open", Bytes(32, 5)}};
  EXPECT_FALSE(store_->RecordSessionOpenings(svc, session_, {buy}, excluded).ok());
  excluded = {{stranger, 0, "does not open", Bytes(32, 5)}};
  EXPECT_FALSE(store_->RecordSessionOpenings(svc, session_, {buy}, excluded).ok());
  EXPECT_TRUE(store_->ListSessionOpenings(svc, session_)->empty());
  EXPECT_TRUE(store_->ListExcludedOrders(svc, session_)->empty());
  EXPECT_EQ(store_->GetOrder(svc, sell_)->status, OrderStatus::kMatching);
  EXPECT_EQ(BalanceOf(seller_, kSol).open_obligations, 1);
  // And the honest call still goes through afterwards.
  EXPECT_TRUE(
      store_
          ->RecordSessionOpenings(svc, session_, {buy}, {{sell_, 0, "does not open", Bytes(32, 5)}})
          .ok());
}

TEST_P(CoordinationTest, AnExcludedOrderIsCancelledAloneAndItsLockReleased) {
  const Principal svc = Principal::Service();
  const Balance seller_before = BalanceOf(seller_, kSol);
  const Balance buyer_before = BalanceOf(buyer_, kUsdc);
  ASSERT_EQ(seller_before.open_obligations, 1);
  std::vector<OrderOpening> opened = {{buy_, 0, 600, kTemplatePrice, 0, Bytes(109, 7)}};
  std::vector<ExcludedOrder> excluded = {
      {sell_, 0, "does not open: opening.version", Bytes(32, 5)}};
  Status s = store_->RecordSessionOpenings(svc, session_, opened, excluded);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(store_->GetOrder(svc, sell_)->status, OrderStatus::kCancelled);
  EXPECT_EQ(store_->GetOrder(svc, buy_)->status, OrderStatus::kMatching);
  const Balance seller_after = BalanceOf(seller_, kSol);
  EXPECT_EQ(seller_after.open_obligations, 0);
  EXPECT_EQ(seller_after.available_commitment, BalanceC(10'000'000'000));
  EXPECT_EQ(BalanceOf(buyer_, kUsdc).available_commitment, buyer_before.available_commitment);
  auto ex = store_->ListExcludedOrders(Principal::Auditor(), session_);
  ASSERT_TRUE(ex.ok()) << ex.status().ToString();
  ASSERT_EQ(ex->size(), 1u);
  EXPECT_EQ(ex->at(0).reason, "does not open: opening.version");
  EXPECT_EQ(ex->at(0).shared_point, Bytes(32, 5));
  auto op = store_->ListSessionOpenings(svc, session_);
  ASSERT_TRUE(op.ok()) << op.status().ToString();
  ASSERT_EQ(op->size(), 1u);
  EXPECT_EQ(op->at(0).size, 600u);
  EXPECT_EQ(op->at(0).limit_price, kTemplatePrice);
  EXPECT_EQ(op->at(0).session_id, session_);
  // The excluded order stays listed in its session (its batch is what was drawn on), and
  // the settlement covers the others alone.
  EXPECT_EQ(store_->ListSessionOrders(svc, session_)->size(), 2u);
  // An order opened or excluded twice, or not in the session, is refused whole.
  EXPECT_FALSE(store_->RecordSessionOpenings(svc, session_, opened, {}).ok());
  EXPECT_EQ(store_->RecordSessionOpenings(svc, session_, {}, excluded).code(),
            StatusCode::kFailedPrecondition);
  Settlement st;
  st.session_id = session_;
  st.clearing_price = kTemplatePrice;
  st.vrf_output = Bytes(32, 1);
  st.vrf_proof = Bytes(10, 1);
  st.fee_user_id = buyer_;
  st.fills = {{buy_, 600, kTemplatePrice, 0, 0}};
  st.price_rule = auction::PriceRule::kNone;  // nothing left to cross
  Status settled = store_->SettleSession(svc, st);
  ASSERT_TRUE(settled.ok()) << settled.ToString();
  EXPECT_EQ(store_->GetSession(svc, session_)->price_rule, auction::PriceRule::kNone);
  EXPECT_EQ(store_->GetOrder(svc, buy_)->status, OrderStatus::kActive);
  EXPECT_EQ(store_->GetOrder(svc, sell_)->status, OrderStatus::kCancelled);
}

TEST_P(CoordinationTest, AKeySetIsRecordedOncePerEpochAndReplacesTheExecutorsKeys) {
  const Principal svc = Principal::Service();
  auto current = store_->CurrentKeySet(svc);
  ASSERT_TRUE(current.ok()) << current.status().ToString();
  ASSERT_TRUE(current->has_value());
  EXPECT_EQ((*current)->key_epoch, 1u);
  EXPECT_EQ(store_->RecordKeySet(svc, KeySet(1), Nodes(1)).code(), StatusCode::kAlreadyExists);
  ASSERT_TRUE(store_->RecordKeySet(svc, KeySet(2), Nodes(2)).ok());
  EXPECT_EQ((*store_->CurrentKeySet(svc))->key_epoch, 2u);
  auto nodes = store_->ListExecutors(svc).value();
  ASSERT_EQ(nodes.size(), 3u);  // replaced in place, by index
  EXPECT_EQ(nodes[0].key_epoch, 2u);
  EXPECT_EQ(nodes[0].share_public_key, Bytes(32, 2 * 16 + 1));
  auto short_list = Nodes(3);
  short_list.pop_back();
  EXPECT_EQ(store_->RecordKeySet(svc, KeySet(3), short_list).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->RecordKeySet(Principal::Auditor(), KeySet(3), Nodes(3)).code(),
            StatusCode::kPermissionDenied);
}

INSTANTIATE_TEST_SUITE_P(Backends, CoordinationTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace phantompool::store::testing
