// Attack 10: a running session holding up intake. Not a way to take money, but a way for
// one large batch to stall every trader of its pair: while another transaction freezes a
// batch or writes a settlement's outcome, an order of the pair and a transfer of one of the
// session's traders must go through at once.
#include <future>

#include "attack_fixture.h"

namespace phantompool::store::testing {
namespace {

using namespace std::chrono_literals;

// Runs `step` as the service login in a transaction left open, then `intake` from another
// connection; true when `intake` finished within 20 s, so did not wait for that transaction
// (a lock held would keep it waiting until the abort below; unhindered it takes well under a
// second, a few under the sanitizers on a loaded machine).
template <typename Intake>
bool RunsBeside(const std::string& url, const std::vector<std::string>& step, Intake intake,
                Status* out) {
  pqxx::connection c(url);
  pqxx::work tx(c);
  for (const std::string& s : step) tx.exec(s);
  std::future<Status> f = std::async(std::launch::async, intake);
  const bool prompt = f.wait_for(20s) == std::future_status::ready;
  tx.abort();  // releases whatever it held, so a waiting `intake` ends either way
  *out = f.get();
  return prompt;
}

// 10. A freeze locked its pair FOR UPDATE, which also blocks the foreign-key check of every
// new order of the pair; a settlement locked its traders' balances before writing its
// outcome. Both held the lock until commit (migration 011 shortened both).
TEST_P(AttackTest, Hole10_IntakeDoesNotWaitForAFreezeOrASettlementsOutcome) {
  const std::string app = db_->service_url();
  ASSERT_TRUE(Submit(alice_, orders_.Make(alice_, {Side::kBuy, OrderType::kLimit, 100})).ok());
  const order::EncryptedOrder late = orders_.Make(bob_, {Side::kSell, OrderType::kLimit, 100});
  const std::string freeze =
      "SELECT create_matching_session(1, decode(repeat('07', 32), 'hex'), '[" +
      std::to_string(e1_) + "]'::jsonb, 1)";
  Status submitted;
  EXPECT_TRUE(RunsBeside(
      app, As("pp_service", {freeze}), [&] { return Submit(bob_, late).status(); }, &submitted))
      << "an order of the pair waited for the freeze";
  EXPECT_TRUE(submitted.ok()) << submitted.ToString();

  // The frozen session's outcome, nothing traded: every order stays on the book.
  auto fill = [](int64_t id, int size, const Commitment& obligation) {
    return "{\"order_id\":" + std::to_string(id) + ",\"size\":" + std::to_string(size) +
           ",\"limit_price\":" + std::to_string(kTemplatePrice) +
           ",\"min_fill\":0,\"filled_amount\":0,\"new_obligation\":\"" + ToHex(obligation) + "\"}";
  };
  const std::string outcome =
      "SELECT settle_matching_session(" + std::to_string(session_) + ", " +
      std::to_string(kTemplatePrice) + ", 'none', '\\x01'::bytea, '\\x02'::bytea, " +
      std::to_string(fees_) + ", '[]'::json, '[" +
      fill(buy_, 600, OrderFactory::Obligation(*buy_order_)) + "," +
      fill(sell_, 1'000, OrderFactory::Obligation(*sell_order_)) + "]'::json, 1)";
  Status deposited;
  EXPECT_TRUE(RunsBeside(
      app, As("pp_service", {outcome}), [&] { return Deposit(alice_, kUsdc, 1).status(); },
      &deposited))
      << "a transfer of the session's trader waited for the settlement's outcome";
  EXPECT_TRUE(deposited.ok()) << deposited.ToString();
  EXPECT_EQ(store_->GetSession(Principal::Service(), session_)->status, SessionStatus::kFrozen);
}

}  // namespace
}  // namespace phantompool::store::testing
