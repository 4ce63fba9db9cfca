// Sessions and settlement on both back ends: fees come out of proceeds, value is conserved
// against the stored balances, refused settlements change nothing, a failed session puts its
// batch back, and a withdrawal cannot take what a frozen batch needs (attack 5).
#include "store_fixture.h"

namespace phantompool::store::testing {
namespace {

using order::OrderType;
using order::Side;
using order::Validity;

class SettlementTest : public StoreFixture {
 protected:
  static constexpr uint64_t kBuyerUsdc = 1'000'000'000;   // 1,000 USDC
  static constexpr uint64_t kSellerSol = 10'000'000'000;  // 10 SOL

  void SetUp() override {
    StoreFixture::SetUp();
    buyer_ = MakeUser(1);
    seller_ = MakeUser(2);
    fees_ = MakeUser(3);
    other_ = MakeUser(4);
    ASSERT_TRUE(Deposit(buyer_, kUsdc, kBuyerUsdc).ok());
    ASSERT_TRUE(Deposit(seller_, kSol, kSellerSol).ok());
    buy_order_.emplace(orders_.Make(buyer_, {Side::kBuy, OrderType::kLimit, 600}));
    sell_order_.emplace(orders_.Make(seller_, {Side::kSell, OrderType::kLimit, 1'000}));
    buy_ = *Submit(buyer_, *buy_order_);
    sell_ = *Submit(seller_, *sell_order_);
    NewExecutorNode n{1, Bytes(32, 1), Bytes(32, 2), "https://executor1.example"};
    executor_ = *store_->RegisterExecutor(Principal::Service(), n);
    NewExecutorNode n2{2, Bytes(32, 3), Bytes(32, 4), "https://executor2.example"};
    outsider_ = *store_->RegisterExecutor(Principal::Service(), n2);
    auto s = store_->CreateMatchingSession(Principal::Service(), 1, Bytes(32, 9), {executor_});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    session_ = s->session_id;
    ASSERT_EQ(s->order_ids.size(), 2u);
  }

  // The buy (600 lots at most 15,000 ticks) fills against the sell (1,000 lots at least
  // 15,000): 600 lots = 0.6 SOL for 600 × 15,000 × 10 = 90 USDC; 400 lots stay on the book.
  Settlement Good() {
    Settlement st;
    st.session_id = session_;
    st.clearing_price = kTemplatePrice;
    st.price_rule = auction::PriceRule::kMinSurplus;
    st.vrf_output = {1, 2};
    st.vrf_proof = {3, 4};
    st.fee_user_id = fees_;
    st.trades.push_back({buy_, sell_, 600});
    st.fills.push_back({buy_, 600, kTemplatePrice, 0, 600});
    st.fills.push_back({sell_, 1'000, kTemplatePrice, 0, 600});
    return st;
  }

  // Σ balances of `token` over every user: what no settlement may change.
  uint64_t Total(const std::string& token) {
    uint64_t sum = 0;
    for (int64_t u : {buyer_, seller_, fees_, other_}) sum += BalanceOf(u, token).balance;
    return sum;
  }

  int64_t buyer_ = 0, seller_ = 0, fees_ = 0, other_ = 0, buy_ = 0, sell_ = 0, executor_ = 0,
          outsider_ = 0, session_ = 0;
  std::optional<order::EncryptedOrder> buy_order_, sell_order_;
};

TEST_P(SettlementTest, FeesComeOutOfProceedsAndValueIsConserved) {
  const uint64_t usdc_before = Total(kUsdc), sol_before = Total(kSol);
  const Balance seller_sol_before = BalanceOf(seller_, kSol);
  Status s = store_->SettleSession(Principal::Service(), Good());
  ASSERT_TRUE(s.ok()) << s.ToString();
  // SOL/USDC charges 10 bps, rounded down, on what each side receives.
  const uint64_t base = 600 * 1'000'000, quote = 600 * kTemplatePrice * 10;
  const uint64_t buyer_fee = base * 10 / 10'000, seller_fee = quote * 10 / 10'000;
  EXPECT_EQ(BalanceOf(buyer_, kUsdc).balance, kBuyerUsdc - quote);  // pays the notional only
  EXPECT_EQ(BalanceOf(buyer_, kSol).balance, base - buyer_fee);
  EXPECT_EQ(BalanceOf(seller_, kSol).balance, kSellerSol - base);  // gives the base only
  EXPECT_EQ(BalanceOf(seller_, kUsdc).balance, quote - seller_fee);
  EXPECT_EQ(BalanceOf(fees_, kSol).balance, buyer_fee);
  EXPECT_EQ(BalanceOf(fees_, kUsdc).balance, seller_fee);
  EXPECT_EQ(Total(kUsdc), usdc_before);
  EXPECT_EQ(Total(kSol), sol_before);
  // Every row's commitments stay consistent with its plaintext balance and open orders.
  for (int64_t u : {buyer_, seller_, fees_}) {
    for (const char* token : {kUsdc, kSol}) {
      const Balance b = BalanceOf(u, token);
      EXPECT_EQ(b.balance_commitment, BalanceC(b.balance)) << u << token;
    }
  }
  // The buyer's order left the book: nothing locked. The seller's remainder (400 lots) keeps
  // its own blinding: O' = O − 600·base_lot·G, and the seller's A did not move.
  EXPECT_EQ(BalanceOf(buyer_, kUsdc).locked_commitment, Commitment{});
  EXPECT_EQ(BalanceOf(buyer_, kUsdc).available_commitment, BalanceC(kBuyerUsdc - quote));
  const Commitment remainder = Encode(Decode(OrderFactory::Obligation(*sell_order_)) -
                                      crypto::Point::MulBase(crypto::Scalar::FromU64(base)));
  EXPECT_EQ(BalanceOf(seller_, kSol).locked_commitment, remainder);
  EXPECT_EQ(BalanceOf(seller_, kSol).available_commitment, seller_sol_before.available_commitment);
  auto buy = store_->GetOrder(Principal::Service(), buy_);
  EXPECT_EQ(buy->status, OrderStatus::kFilled);
  auto sell = store_->GetOrder(Principal::Service(), sell_);
  EXPECT_EQ(sell->status, OrderStatus::kPartiallyFilled);
  EXPECT_EQ(sell->filled_amount, 600u);
  EXPECT_EQ(sell->remaining_amount, 400u);
  EXPECT_EQ(sell->obligation_commitment, remainder);
  EXPECT_FALSE(sell->matching_session_id.has_value());
  auto session = store_->GetSession(Principal::Auditor(), session_);
  EXPECT_EQ(session->status, SessionStatus::kSettled);
  EXPECT_EQ(session->clearing_price, kTemplatePrice);
  EXPECT_EQ(session->total_volume, 600u);
  EXPECT_EQ(session->total_quote_volume, quote);
  EXPECT_EQ(session->price_rule, auction::PriceRule::kMinSurplus);
  EXPECT_EQ(store_->ListSessions(Principal::Auditor(), 1, 0, 10)->at(0).price_rule,
            auction::PriceRule::kMinSurplus);
  auto trades = store_->ListTrades(Principal::Trader(buyer_), buyer_);
  ASSERT_EQ(trades->size(), 1u);
  EXPECT_EQ(trades->at(0).total_value, quote);
  EXPECT_EQ(trades->at(0).buyer_fee, buyer_fee);
  EXPECT_EQ(trades->at(0).seller_fee, seller_fee);
  EXPECT_EQ(store_->ListTrades(Principal::Trader(other_), other_)->size(), 0u);
  EXPECT_EQ(store_->ListTrades(Principal::Trader(other_), buyer_).status().code(),
            StatusCode::kPermissionDenied);
  auto market = store_->MarketOverview(Principal::Trader(other_));
  ASSERT_TRUE(market.ok()) << market.status().ToString();
  EXPECT_EQ(market->at(0).last_price, kTemplatePrice);
  EXPECT_EQ(market->at(0).volume_24h, 600u);
  EXPECT_EQ(market->at(0).quote_volume_24h, quote);
  EXPECT_EQ(store_->GetUserTradingStats(Principal::Trader(buyer_), buyer_)->total_volume, quote);
  EXPECT_EQ(store_->SettleSession(Principal::Service(), Good()).code(),
            StatusCode::kFailedPrecondition);

  // The remainder trades in a later session: its decrypted size must still be 1,000.
  const auto buy2 = orders_.Make(buyer_, {Side::kBuy, OrderType::kLimit, 400});
  const int64_t b2 = *Submit(buyer_, buy2);
  auto s2 = store_->CreateMatchingSession(Principal::Service(), 1, Bytes(32, 8), {executor_});
  ASSERT_TRUE(s2.ok()) << s2.status().ToString();
  Settlement st2;
  st2.session_id = s2->session_id;
  st2.clearing_price = kTemplatePrice;
  st2.price_rule = auction::PriceRule::kMarketOnlyReference;
  st2.vrf_output = {5};
  st2.vrf_proof = {6};
  st2.fee_user_id = fees_;
  st2.trades.push_back({b2, sell_, 400});
  st2.fills.push_back({b2, 400, kTemplatePrice, 0, 400});
  st2.fills.push_back({sell_, 999, kTemplatePrice, 0, 400});
  EXPECT_EQ(store_->SettleSession(Principal::Service(), st2).field(), "fills[1].size");
  st2.fills[1].size = 1'000;
  ASSERT_TRUE(store_->SettleSession(Principal::Service(), st2).ok());
  EXPECT_EQ(store_->GetSession(Principal::Service(), s2->session_id)->price_rule,
            auction::PriceRule::kMarketOnlyReference);
  EXPECT_EQ(store_->GetOrder(Principal::Service(), sell_)->status, OrderStatus::kFilled);
  EXPECT_EQ(BalanceOf(seller_, kSol).locked_commitment, Commitment{});
  EXPECT_EQ(BalanceOf(seller_, kSol).open_obligations, 0);
  EXPECT_EQ(Total(kUsdc), usdc_before);
  EXPECT_EQ(Total(kSol), sol_before);
}

// What a replay of a session reads beyond its openings: the session's trades, and what
// earlier sessions filled of each of its orders — here the sell's 600 lots, once its
// remaining 400 are frozen into the next session.
TEST_P(SettlementTest, ASessionsTradesAndWhatEarlierSessionsFilledAreListed) {
  ASSERT_TRUE(store_->SettleSession(Principal::Service(), Good()).ok());
  auto first = store_->ListSessionTrades(Principal::Auditor(), session_);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(first->trades.size(), 1u);
  EXPECT_EQ(first->trades[0].buy_order_id, buy_);
  EXPECT_EQ(first->trades[0].sell_order_id, sell_);
  EXPECT_EQ(first->trades[0].amount, 600u);
  EXPECT_TRUE(first->filled_before.empty());

  const auto next_buy = orders_.Make(buyer_, {Side::kBuy, OrderType::kLimit, 100});
  const int64_t next_buy_id = *Submit(buyer_, next_buy);
  auto next = store_->CreateMatchingSession(Principal::Service(), 1, Bytes(32, 8), {executor_});
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  auto second = store_->ListSessionTrades(Principal::Service(), next->session_id);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_TRUE(second->trades.empty());
  ASSERT_EQ(second->filled_before.size(), 1u);
  EXPECT_EQ(second->filled_before.at(sell_), 600u);
  EXPECT_EQ(second->filled_before.count(next_buy_id), 0u);
  EXPECT_EQ(store_->ListSessionTrades(Principal::Trader(buyer_), session_).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_P(SettlementTest, RefusesInconsistentSettlementsAndChangesNothing) {
  const Balance before = BalanceOf(buyer_, kUsdc);
  const size_t audit_before = store_->ReadAudit(Principal::Auditor(), 0, 1000)->size();
  auto refused = [&](Settlement st) { return store_->SettleSession(Principal::Service(), st); };
  Settlement st = Good();
  st.fills.pop_back();
  EXPECT_EQ(refused(st).field(), "settlement.fills");
  st = Good();
  st.fills[0].filled_amount = 500;
  EXPECT_EQ(refused(st).field(), "fills[0].filled_amount");
  st = Good();
  st.clearing_price = kTemplatePrice + 1;  // above the buyer's limit
  EXPECT_EQ(refused(st).field(), "trades[0].buy_order_id");
  st = Good();
  st.clearing_price = 0;
  EXPECT_EQ(refused(st).field(), "settlement.clearing_price");
  st = Good();
  st.fills[0].limit_price.reset();
  EXPECT_EQ(refused(st).field(), "fills[0].limit_price");
  st = Good();
  st.fills[1].min_fill = 700;
  EXPECT_EQ(refused(st).field(), "fills[1].min_fill");
  st = Good();
  st.trades[0].amount = 700;  // more than the buy has
  st.fills[0].filled_amount = st.fills[1].filled_amount = 700;
  EXPECT_EQ(refused(st).field(), "fills[0].filled_amount");
  st = Good();
  st.trades.push_back({sell_, buy_, 1});
  EXPECT_EQ(refused(st).field(), "trades[1].buy_order_id");
  st = Good();
  st.fee_user_id = 999;
  EXPECT_EQ(refused(st).code(), StatusCode::kNotFound);
  st = Good();
  st.vrf_proof.clear();
  EXPECT_EQ(refused(st).field(), "matching_sessions.vrf_proof");
  st = Good();
  st.price_rule = auction::PriceRule::kNone;  // "nothing crossed", yet a trade
  EXPECT_EQ(refused(st).field(), "settlement.price_rule");
  st = Good();
  st.trades.clear();
  st.fills[0].filled_amount = st.fills[1].filled_amount = 0;  // a rule, yet no trade
  EXPECT_EQ(refused(st).field(), "settlement.price_rule");
  EXPECT_EQ(store_->SettleSession(Principal::Executor(executor_), Good()).code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(BalanceOf(buyer_, kUsdc).balance, before.balance);
  EXPECT_EQ(BalanceOf(buyer_, kUsdc).available_commitment, before.available_commitment);
  EXPECT_EQ(store_->GetSession(Principal::Service(), session_)->status, SessionStatus::kFrozen);
  EXPECT_EQ(store_->ReadAudit(Principal::Auditor(), 0, 1000)->size(), audit_before);
}

// The rule of the auction is kept with the settlement: absent while frozen, "none" for a
// session that settles without trades, and a row holding anything else than the auction's
// names (or a rule that contradicts the volume) is refused as corruption when read.
TEST_P(SettlementTest, ThePriceRuleIsStoredWithTheSettlementAndReadStrictly) {
  EXPECT_EQ(store_->GetSession(Principal::Service(), session_)->price_rule, std::nullopt);
  Settlement st = Good();
  st.trades.clear();
  st.fills[0].filled_amount = st.fills[1].filled_amount = 0;
  st.price_rule = auction::PriceRule::kNone;
  ASSERT_TRUE(store_->SettleSession(Principal::Service(), st).ok());
  auto session = store_->GetSession(Principal::Auditor(), session_);
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  EXPECT_EQ(session->price_rule, auction::PriceRule::kNone);
  EXPECT_EQ(session->total_volume, 0u);

  // The constraint refuses an unknown name on both back ends; a file or a database written
  // around it (here: the constraint ignored, or dropped by the owner) is caught on read.
  const std::string id = std::to_string(session_);
  if (GetParam() == Backend::kSqlite) {
    OwnerSql(
        "PRAGMA ignore_check_constraints = ON; UPDATE matching_sessions SET price_rule = "
        "'median' WHERE id = " +
        id);
  } else {
    OwnerSql(
        "ALTER TABLE matching_sessions DROP CONSTRAINT matching_sessions__price_rule__ck; "
        "UPDATE matching_sessions SET price_rule = 'median' WHERE id = " +
        id);
  }
  auto bad = store_->GetSession(Principal::Auditor(), session_);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(bad.status().field(), "matching_sessions.price_rule");
  EXPECT_EQ(store_->ListSessions(Principal::Auditor(), 1, 0, 10).status().field(),
            "matching_sessions.price_rule");
  // A known name that contradicts the session's volume is no better.
  OwnerSql((GetParam() == Backend::kSqlite ? "PRAGMA ignore_check_constraints = ON; " : "") +
           std::string("UPDATE matching_sessions SET price_rule = 'max_volume' WHERE id = ") + id);
  EXPECT_EQ(store_->GetSession(Principal::Auditor(), session_).status().field(),
            "matching_sessions.price_rule");
}

// Attack 5: with the batch frozen, a withdrawal proven against the A from before the orders
// were placed (when it could take everything) is refused; one proven against the current A
// can only take what the frozen orders leave, so settlement still goes through.
TEST_P(SettlementTest, WithdrawalCannotTakeWhatAFrozenBatchNeeds) {
  const Commitment before_order = BalanceC(kBuyerUsdc);  // A before the buy locked its 90 USDC
  const Status stale =
      store_->Withdraw(Principal::Service(), buyer_, kUsdc, kBuyerUsdc, "drain", before_order)
          .status();
  EXPECT_EQ(stale.code(), StatusCode::kConflict);
  EXPECT_EQ(stale.field(), "user_balances.available_commitment");
  const Balance now = BalanceOf(buyer_, kUsdc);
  // The trader's proof (A − amount·G opens to ≥ 0) allows at most balance − 90 USDC.
  const uint64_t allowed = kBuyerUsdc - 600 * kTemplatePrice * 10;
  auto w = store_->Withdraw(Principal::Service(), buyer_, kUsdc, allowed, "withdraw-rest",
                            now.available_commitment);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(BalanceOf(buyer_, kUsdc).available_commitment,
            Encode(Decode(now.available_commitment) -
                   crypto::Point::MulBase(crypto::Scalar::FromU64(allowed))));
  Status s = store_->SettleSession(Principal::Service(), Good());
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(BalanceOf(buyer_, kUsdc).balance, 0u);
}

TEST_P(SettlementTest, FailingASessionPutsItsOrdersBackWithTheirLocks) {
  const Balance buyer_before = BalanceOf(buyer_, kUsdc), seller_before = BalanceOf(seller_, kSol);
  auto op = store_->CreateThresholdOperation(Principal::Service(), session_,
                                             OperationType::kPartialDecrypt, 1, 1);
  ASSERT_TRUE(op.ok());
  EXPECT_EQ(store_->FailSession(Principal::Service(), session_, "").code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->FailSession(Principal::Executor(executor_), session_, "x").code(),
            StatusCode::kPermissionDenied);
  ASSERT_TRUE(store_->FailSession(Principal::Service(), session_, "executor quorum lost").ok());
  auto session = store_->GetSession(Principal::Auditor(), session_);
  EXPECT_EQ(session->status, SessionStatus::kFailed);
  EXPECT_EQ(session->failure_reason, "executor quorum lost");
  EXPECT_EQ(store_->GetThresholdOperation(Principal::Service(), *op)->status,
            OperationStatus::kFailed);
  for (int64_t id : {buy_, sell_}) {
    auto o = store_->GetOrder(Principal::Service(), id);
    EXPECT_EQ(o->status, OrderStatus::kActive);
    EXPECT_FALSE(o->matching_session_id.has_value());
  }
  EXPECT_EQ(BalanceOf(buyer_, kUsdc).available_commitment, buyer_before.available_commitment);
  EXPECT_EQ(BalanceOf(seller_, kSol).available_commitment, seller_before.available_commitment);
  auto audit = store_->ReadAudit(Principal::Auditor(), 0, 1000);
  EXPECT_EQ(audit->back().event_type, "session_failed");
  EXPECT_EQ(audit->back().risk_level, "high");
  auto events = store_->ReadEvents(Principal::Trader(other_), 0, 1000);
  EXPECT_EQ(events->back().event_type, "session_failed");
  EXPECT_EQ(store_->FailSession(Principal::Service(), session_, "again").code(),
            StatusCode::kFailedPrecondition);
  // Nothing is stranded: the same orders freeze into the next session and settle.
  auto next = store_->CreateMatchingSession(Principal::Service(), 1, Bytes(32, 7), {executor_});
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->order_ids, (std::vector<int64_t>{buy_, sell_}));
  Settlement st = Good();
  st.session_id = next->session_id;
  EXPECT_TRUE(store_->SettleSession(Principal::Service(), st).ok());
}

TEST_P(SettlementTest, ExecutorsSeeOnlyTheirSessionsWithoutOwnersOrAmounts) {
  auto mine = store_->ListSessionOrders(Principal::Executor(executor_), session_);
  ASSERT_TRUE(mine.ok()) << mine.status().ToString();
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ(mine->at(0).encrypted_order, buy_order_->Serialize());
  EXPECT_EQ(store_->ListSessionOrders(Principal::Executor(outsider_), session_).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->ListSessionOrders(Principal::Trader(buyer_), session_).status().code(),
            StatusCode::kPermissionDenied);
  auto op = store_->CreateThresholdOperation(Principal::Service(), session_,
                                             OperationType::kPartialDecrypt, 1, 1);
  ASSERT_TRUE(op.ok()) << op.status().ToString();
  EXPECT_EQ(store_->GetThresholdOperation(Principal::Executor(outsider_), *op).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(
      store_->SubmitExecutorResponse(Principal::Executor(outsider_), *op, {1}, {2}, Bytes(64, 3))
          .status()
          .code(),
      StatusCode::kPermissionDenied);
  auto r =
      store_->SubmitExecutorResponse(Principal::Executor(executor_), *op, {1}, {2}, Bytes(64, 3));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(
      store_->SubmitExecutorResponse(Principal::Executor(executor_), *op, {1}, {2}, Bytes(64, 3))
          .status()
          .code(),
      StatusCode::kAlreadyExists);
  EXPECT_TRUE(store_->Heartbeat(Principal::Executor(executor_), ExecutorStatus::kOnline).ok());
  EXPECT_EQ(store_->GetExecutor(Principal::Auditor(), executor_)->status, ExecutorStatus::kOnline);
  ASSERT_TRUE(store_->RecordResponseValidity(Principal::Service(), *r, false, "bad dleq").ok());
  auto node = store_->GetExecutor(Principal::Auditor(), executor_);
  EXPECT_EQ(node->invalid_responses, 1);
  EXPECT_EQ(node->valid_responses, 0);
  auto list = store_->ListResponses(Principal::Auditor(), *op);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->at(0).is_valid, false);
  EXPECT_EQ(store_->ListResponses(Principal::Executor(outsider_), *op)->size(), 0u);
  EXPECT_EQ(store_->Heartbeat(Principal::Trader(buyer_), ExecutorStatus::kOnline).code(),
            StatusCode::kPermissionDenied);
  // Settling completes the session's operations: no more shares are taken.
  ASSERT_TRUE(store_->SettleSession(Principal::Service(), Good()).ok());
  EXPECT_EQ(store_->GetThresholdOperation(Principal::Service(), *op)->status,
            OperationStatus::kCompleted);
}

INSTANTIATE_TEST_SUITE_P(Backends, SettlementTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace phantompool::store::testing
