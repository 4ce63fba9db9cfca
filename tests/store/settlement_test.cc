// Sessions and settlement on both back ends: value is conserved, checks refuse bad input and
// a refused settlement changes nothing.
#include "store_fixture.h"

namespace phantompool::store::testing {
namespace {

class SettlementTest : public StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    buyer_ = MakeUser(1);
    seller_ = MakeUser(2);
    fees_ = MakeUser(3);
    other_ = MakeUser(4);
    ASSERT_TRUE(store_->Deposit(Principal::Service(), buyer_, kUsdc, 1'000'000'000).ok());
    ASSERT_TRUE(store_->Deposit(Principal::Service(), seller_, kSol, 10'000'000'000).ok());
    buy_ = *store_->SubmitOrder(Principal::Service(),
                                Order(buyer_, Side::kBuy, RandomCommitment(rng_)));
    sell_ = *store_->SubmitOrder(Principal::Service(),
                                 Order(seller_, Side::kSell, RandomCommitment(rng_)));
    NewExecutorNode n{1, Bytes(32, 1), Bytes(32, 2), "https://executor1.example"};
    executor_ = *store_->RegisterExecutor(Principal::Service(), n);
    auto s = store_->CreateMatchingSession(Principal::Service(), 1, Bytes(32, 9), {executor_});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    session_ = s->session_id;
    ASSERT_EQ(s->order_ids.size(), 2u);
  }

  // 2000 lots (2 SOL) at 15000 ticks (150.00 USDC/SOL): 2000 × 15000 × 10 = 300 USDC.
  Settlement Good() {
    Settlement st;
    st.session_id = session_;
    st.clearing_price = 15'000;
    st.vrf_output = {1, 2};
    st.vrf_proof = {3, 4};
    st.fee_user_id = fees_;
    st.trades.push_back({buy_, sell_, 2'000, 15'000, 300'000'000, 30, 20});
    st.fills.push_back({buy_, 2'000, 0, std::nullopt, std::nullopt});
    st.fills.push_back({sell_, 2'000, 1'000, std::nullopt, RandomCommitment(rng_)});
    return st;
  }

  int64_t buyer_ = 0, seller_ = 0, fees_ = 0, other_ = 0, buy_ = 0, sell_ = 0, executor_ = 0,
          session_ = 0;
};

TEST_P(SettlementTest, SettlesAndConservesValue) {
  Settlement st = Good();
  Status s = store_->SettleSession(Principal::Service(), st);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(BalanceOf(buyer_, kUsdc).balance, 1'000'000'000u - 300'000'030u);
  EXPECT_EQ(BalanceOf(buyer_, kSol).balance, 2'000'000'000u);
  EXPECT_EQ(BalanceOf(seller_, kSol).balance, 8'000'000'000u);
  EXPECT_EQ(BalanceOf(seller_, kUsdc).balance, 299'999'980u);
  EXPECT_EQ(BalanceOf(fees_, kUsdc).balance, 50u);
  // The buyer's obligation left the book; the seller's was replaced by its remainder's.
  EXPECT_EQ(BalanceOf(buyer_, kUsdc).locked_commitment, Commitment{});
  EXPECT_EQ(BalanceOf(seller_, kSol).locked_commitment,
            *st.fills[1].remaining_obligation_commitment);
  EXPECT_EQ(store_->GetOrder(Principal::Service(), buy_)->status, OrderStatus::kFilled);
  auto sell = store_->GetOrder(Principal::Service(), sell_);
  EXPECT_EQ(sell->status, OrderStatus::kPartiallyFilled);
  EXPECT_EQ(sell->remaining_amount, 1'000u);
  EXPECT_FALSE(sell->matching_session_id.has_value());
  auto session = store_->GetSession(Principal::Auditor(), session_);
  EXPECT_EQ(session->status, "settled");
  EXPECT_EQ(session->clearing_price, 15'000u);
  EXPECT_EQ(session->executor_node_ids, std::vector<int64_t>{executor_});
  EXPECT_EQ(store_->ListTrades(Principal::Trader(buyer_), buyer_)->size(), 1u);
  EXPECT_EQ(store_->ListTrades(Principal::Trader(other_), other_)->size(), 0u);
  EXPECT_EQ(store_->ListTrades(Principal::Trader(other_), buyer_).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->MarketOverview(Principal::Trader(other_))->at(0).last_price, 15'000u);
  EXPECT_EQ(store_->GetUserTradingStats(Principal::Trader(buyer_), buyer_)->total_volume,
            300'000'000u);
  EXPECT_EQ(store_->SettleSession(Principal::Service(), st).code(),
            StatusCode::kFailedPrecondition);
}

TEST_P(SettlementTest, RefusesInconsistentSettlementsAndChangesNothing) {
  const Balance before = BalanceOf(buyer_, kUsdc);
  Settlement st = Good();
  st.trades[0].total_value += 1;
  EXPECT_EQ(store_->SettleSession(Principal::Service(), st).field(), "trades[0].total_value");
  st = Good();
  st.fills.pop_back();
  EXPECT_EQ(store_->SettleSession(Principal::Service(), st).field(), "settlement.fills");
  st = Good();
  st.fills[0].filled_amount = 1;
  EXPECT_EQ(store_->SettleSession(Principal::Service(), st).field(),
            "encrypted_orders.filled_amount");
  st = Good();
  st.trades[0].price = 14'999;
  EXPECT_EQ(store_->SettleSession(Principal::Service(), st).code(), StatusCode::kInvalidArgument);
  st = Good();
  st.trades[0].amount = 20'000;  // more than the buyer can pay
  st.trades[0].total_value = 3'000'000'000;
  st.fills[0].filled_amount = st.fills[1].filled_amount = 20'000;
  EXPECT_EQ(store_->SettleSession(Principal::Service(), st).code(), StatusCode::kInsufficientFunds);
  EXPECT_EQ(store_->SettleSession(Principal::Executor(executor_), Good()).code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(BalanceOf(buyer_, kUsdc).balance, before.balance);
  EXPECT_EQ(BalanceOf(buyer_, kUsdc).locked_commitment, before.locked_commitment);
  EXPECT_EQ(store_->GetSession(Principal::Service(), session_)->status, "frozen");
}

TEST_P(SettlementTest, ExecutorsSeeFrozenBatchesAndOwnResponsesOnly) {
  EXPECT_TRUE(store_->GetOrder(Principal::Executor(executor_), buy_).ok());
  auto op =
      store_->CreateThresholdOperation(Principal::Service(), session_, "partial_decrypt", 1, 1);
  ASSERT_TRUE(op.ok()) << op.status().ToString();
  auto r =
      store_->SubmitExecutorResponse(Principal::Executor(executor_), *op, {1}, {2}, Bytes(64, 3));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(
      store_->SubmitExecutorResponse(Principal::Executor(executor_), *op, {1}, {2}, Bytes(64, 3))
          .status()
          .code(),
      StatusCode::kAlreadyExists);
  EXPECT_TRUE(store_->Heartbeat(Principal::Executor(executor_), "online").ok());
  EXPECT_EQ(store_->GetExecutor(Principal::Auditor(), executor_)->status, "online");
  ASSERT_TRUE(store_->RecordResponseValidity(Principal::Service(), *r, false, "bad dleq").ok());
  auto list = store_->ListResponses(Principal::Auditor(), *op);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->at(0).is_valid, false);
  EXPECT_EQ(store_->Heartbeat(Principal::Trader(buyer_), "online").code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->Withdraw(Principal::Executor(executor_), buyer_, kUsdc, 1).status().code(),
            StatusCode::kPermissionDenied);
}

INSTANTIATE_TEST_SUITE_P(Backends, SettlementTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace phantompool::store::testing
