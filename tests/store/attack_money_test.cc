// Attacks 4, 5, 6, 8 and 9: locks, withdrawals, transfers, shadowed tables, settlement checks.
#include "attack_fixture.h"

namespace phantompool::store::testing {
namespace {

// 4. Two orders proven against the same available commitment A could both lock.
TEST_P(AttackTest, Hole4_OneAvailableCommitmentLocksOneOrder) {
  const std::string app = db_->service_url();
  const Balance alice = BalanceOf(alice_, kUsdc);
  const Commitment o = OrderFactory::Obligation(*buy_order_);
  const Commitment next = Encode(Decode(alice.available_commitment) - Decode(o));
  auto submit = [&](uint8_t nonce) {
    return "SELECT submit_encrypted_order(" + std::to_string(alice_) +
           ", 1, 'buy', 'limit', 'gtc', NULL, decode(repeat('" +
           ToHex(std::vector<uint8_t>{nonce}) + "', 32), 'hex'), '\\x01'::bytea, " + Hex(o) + ", " +
           Hex(alice.available_commitment) + ", " + Hex(next) + ", 1)";
  };
  ASSERT_TRUE(Exec(app, As("pp_service", {submit(0xa1)})).ok);
  const Outcome second = Exec(app, As("pp_service", {submit(0xa2)}));
  EXPECT_FALSE(second.ok);
  EXPECT_NE(second.error.find("user_balances.available_commitment"), std::string::npos)
      << second.error;
  // Concurrently: the second waits for the first's row lock, then finds A gone.
  const Balance now = BalanceOf(alice_, kUsdc);
  const Commitment after = Encode(Decode(now.available_commitment) - Decode(o));
  auto racer = [&](uint8_t nonce) {
    return "SELECT submit_encrypted_order(" + std::to_string(alice_) +
           ", 1, 'buy', 'limit', 'gtc', NULL, decode(repeat('" +
           ToHex(std::vector<uint8_t>{nonce}) + "', 32), 'hex'), '\\x01'::bytea, " + Hex(o) + ", " +
           Hex(now.available_commitment) + ", " + Hex(after) + ", 1)";
  };
  pqxx::connection first(app);
  pqxx::work tx(first);
  tx.exec("SET LOCAL ROLE pp_service");
  tx.exec(racer(0xb1));
  Outcome late;
  std::thread other([&] { late = Exec(app, As("pp_service", {racer(0xb2)})); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  tx.commit();
  other.join();
  EXPECT_FALSE(late.ok);
  EXPECT_NE(late.error.find("user_balances.available_commitment"), std::string::npos) << late.error;
}

// 5. A withdrawal could take the balance that backs orders frozen in a closing session.
TEST_P(AttackTest, Hole5_AWithdrawalCannotTakeWhatFrozenOrdersLocked) {
  const std::string app = db_->service_url();
  const Balance now = BalanceOf(alice_, kUsdc);
  const uint64_t all = now.balance;
  auto withdraw = [&](const Commitment& expected, uint64_t amount, const char* ref) {
    return "SELECT replayed FROM change_balance(" + std::to_string(alice_) + ", '" + kUsdc +
           "', 'withdrawal', " + std::to_string(amount) + ", '" + ref + "', " + Hex(expected) +
           ", " + Hex(BalanceC(now.balance - std::min(amount, now.balance))) + ", " +
           Hex(Encode(Decode(expected) - G(amount))) + ", 1)";
  };
  // Proven against A before the order locked its 90 USDC: refused.
  const Outcome stale = Exec(app, As("pp_service", {withdraw(BalanceC(all), all, "drain")}));
  EXPECT_FALSE(stale.ok);
  EXPECT_NE(stale.error.find("user_balances.available_commitment"), std::string::npos)
      << stale.error;
  const Outcome too_much =
      Exec(app, As("pp_service", {withdraw(now.available_commitment, all + 1, "more")}));
  EXPECT_NE(too_much.error.find("withdrawal exceeds the balance"), std::string::npos)
      << too_much.error;
  EXPECT_EQ(BalanceOf(alice_, kUsdc).balance, all);
  EXPECT_FALSE(Exec(Login(Role::kTrader, alice_, "alice"),
                    {"SELECT fail_matching_session(" + std::to_string(session_) + ", 'x', 1)"})
                   .ok);
  // Failing the session cleanly: orders back on the book, locks intact.
  ASSERT_TRUE(Exec(app, As("pp_service", {"SELECT fail_matching_session(" +
                                          std::to_string(session_) + ", 'drill', 1)"}))
                  .ok);
  EXPECT_EQ(store_->GetOrder(Principal::Service(), buy_)->status, OrderStatus::kActive);
  EXPECT_EQ(BalanceOf(alice_, kUsdc).available_commitment, now.available_commitment);
}

// 6. Deposits without an idempotency key: a retry credited twice; concurrent first deposits
// into a new row failed one.
TEST_P(AttackTest, Hole6_TransfersAreIdempotentAndFirstDepositsDoNotCollide) {
  const std::string app = db_->service_url();
  const std::string user = std::to_string(fees_);
  auto deposit = [&](const std::string& ref, const Commitment& expected, uint64_t before) {
    return "SELECT replayed FROM change_balance(" + user + ", '" + kSol + "', 'deposit', 5, '" +
           ref + "', " + Hex(expected) + ", " + Hex(BalanceC(before + 5)) + ", " +
           Hex(Encode(Decode(expected) + G(5))) + ", 1)";
  };
  EXPECT_EQ(Exec(app, As("pp_service", {deposit("same", Commitment{}, 0)})).value, "f");
  EXPECT_EQ(Exec(app, As("pp_service", {deposit("same", Commitment{}, 0)})).value, "t");
  EXPECT_EQ(BalanceOf(fees_, kSol).balance, 5u);
  // Two first deposits into a row that does not exist yet, on two connections at once. Each
  // locks (creating) the row first, then reads it: the second waits and sees the first.
  const std::string token = kUsdc;
  auto first_deposit = [&](const std::string& ref) -> Outcome {
    try {
      pqxx::connection c(app);
      pqxx::work tx(c);
      tx.exec("SET LOCAL ROLE pp_service");
      const pqxx::result row = tx.exec(
          "SELECT balance, encode(available_commitment, 'hex') FROM "
          "pp_lock_balances('[{\"user_id\":" +
          user + ",\"token\":\"" + token + "\"}]', true, 1)");
      const uint64_t before = row[0][0].as<uint64_t>();
      Commitment expected;
      const Bytes raw = ParseHex(row[0][1].c_str(), "x").value();
      std::copy(raw.begin(), raw.end(), expected.begin());
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      tx.exec("SELECT change_balance(" + user + ", '" + token + "', 'deposit', 7, '" + ref + "', " +
              Hex(expected) + ", " + Hex(BalanceC(before + 7)) + ", " +
              Hex(Encode(Decode(expected) + G(7))) + ", 1)");
      tx.commit();
      return {true, "", ""};
    } catch (const std::exception& e) {
      return {false, "", e.what()};
    }
  };
  Outcome a, b;
  std::thread ta([&] { a = first_deposit("first-a"); });
  std::thread tb([&] { b = first_deposit("first-b"); });
  ta.join();
  tb.join();
  EXPECT_TRUE(a.ok) << a.error;
  EXPECT_TRUE(b.ok) << b.error;
  EXPECT_EQ(BalanceOf(fees_, kUsdc).balance, 14u);
}

// 8. Settlement's temporary tables could be shadowed by tables in schema public.
TEST_P(AttackTest, Hole8_NothingInPublicCanStandInForSettlementsTables) {
  const std::string app = db_->service_url();
  for (const char* role : {"pp_service", "pp_trader", "pp_executor", "pp_auditor"}) {
    EXPECT_FALSE(Exec(app, As(role, {"CREATE TABLE public.pp_settle_trades (x int)"})).ok) << role;
    EXPECT_FALSE(
        Exec(app, As(role, {"CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS 'SELECT 1'"}))
            .ok);
  }
  EXPECT_EQ(Exec(db_->owner_url(),
                 "SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace AND "
                 "has_function_privilege('public', oid, 'EXECUTE')")
                .value,
            "0");
  // Even the owner's own table of that name changes nothing: the function reads pg_temp's.
  ASSERT_TRUE(
      Exec(db_->owner_url(),
           "CREATE TABLE public.pp_settle_trades (buy_order_id BIGINT, sell_order_id BIGINT, "
           "amount BIGINT); INSERT INTO public.pp_settle_trades VALUES (" +
               std::to_string(buy_) + ", " + std::to_string(sell_) + ", 1)")
          .ok);
  Settlement st;
  st.session_id = session_;
  st.clearing_price = kTemplatePrice;
  st.price_rule = auction::PriceRule::kMaxVolume;
  st.vrf_output = {1};
  st.vrf_proof = {2};
  st.fee_user_id = fees_;
  st.trades.push_back({buy_, sell_, 600});
  st.fills.push_back({buy_, 600, kTemplatePrice, 0, 600});
  st.fills.push_back({sell_, 1'000, kTemplatePrice, 0, 600});
  const Status s = store_->SettleSession(Principal::Service(), st);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(store_->ListTrades(Principal::Service(), alice_)->at(0).amount, 600u);
}

// 9. The SQL-side settlement checks, called directly by the service login with NULLs and
// inconsistencies where the store would never put them; and conservation checked against the
// stored balances (a fault that alters a balance under the update is caught).
TEST_P(AttackTest, Hole9_SettlementsOwnChecksRefuseWhatTheStoreWouldNeverSend) {
  const std::string app = db_->service_url();
  const uint64_t base = 600'000'000, quote = 600 * kTemplatePrice * 10;
  const uint64_t buyer_fee = base / 1000, seller_fee = quote / 1000;
  const Balance a_usdc = BalanceOf(alice_, kUsdc), b_sol = BalanceOf(bob_, kSol),
                b_usdc = BalanceOf(bob_, kUsdc);
  const Commitment o_buy = OrderFactory::Obligation(*buy_order_);
  const Commitment o_sell = OrderFactory::Obligation(*sell_order_);
  const std::string remainder = ToHex(Encode(Decode(o_sell) - G(base)));
  auto row = [](int64_t user, const char* token, int64_t delta, const Commitment& expected,
                const crypto::Point& available, uint64_t balance, int obligations) {
    return "{\"user_id\":" + std::to_string(user) + ",\"token\":\"" + token +
           "\",\"delta\":" + std::to_string(delta) + ",\"expected_available\":\"" +
           ToHex(expected) + "\",\"new_available\":\"" + ToHex(Encode(available)) +
           "\",\"new_balance_commitment\":\"" + ToHex(BalanceC(balance)) +
           "\",\"obligations_delta\":" + std::to_string(obligations) + "}";
  };
  const std::vector<std::string> good_rows = {
      row(alice_, kUsdc, -static_cast<int64_t>(quote), a_usdc.available_commitment,
          Decode(a_usdc.available_commitment) - G(quote) + Decode(o_buy), a_usdc.balance - quote,
          -1),
      row(alice_, kSol, base - buyer_fee, Commitment{}, G(base - buyer_fee), base - buyer_fee, 0),
      row(bob_, kSol, -static_cast<int64_t>(base), b_sol.available_commitment,
          Decode(b_sol.available_commitment), b_sol.balance - base, 0),
      row(bob_, kUsdc, quote - seller_fee, b_usdc.available_commitment,
          Decode(b_usdc.available_commitment) + G(quote - seller_fee),
          b_usdc.balance + quote - seller_fee, 0),
      row(fees_, kSol, buyer_fee, Commitment{}, G(buyer_fee), buyer_fee, 0),
      row(fees_, kUsdc, seller_fee, Commitment{}, G(seller_fee), seller_fee, 0)};
  auto join = [](const std::vector<std::string>& parts) {
    std::string out = "[";
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? "," : "") + parts[i];
    return out + "]";
  };
  struct Call {
    std::string price = std::to_string(kTemplatePrice), rule = "'max_volume'", fee_user,
                vrf = "'\\x01'::bytea";
    std::string trades, fills, balances;
  };
  Call good;
  good.fee_user = std::to_string(fees_);
  good.trades = "[{\"buy_order_id\":" + std::to_string(buy_) +
                ",\"sell_order_id\":" + std::to_string(sell_) + ",\"amount\":600}]";
  const std::string buy_fill = "{\"order_id\":" + std::to_string(buy_) +
                               ",\"size\":600,\"limit_price\":15000,\"min_fill\":0,"
                               "\"filled_amount\":600,\"new_obligation\":null}";
  const std::string sell_fill = "{\"order_id\":" + std::to_string(sell_) +
                                ",\"size\":1000,\"limit_price\":15000,\"min_fill\":0,"
                                "\"filled_amount\":600,\"new_obligation\":\"" +
                                remainder + "\"}";
  good.fills = "[" + buy_fill + "," + sell_fill + "]";
  good.balances = join(good_rows);
  // The two steps of a settlement (migration 011), in one transaction as the store runs them.
  auto lit = [](const std::string& j) { return j == "NULL" ? j : "'" + j + "'::json"; };
  auto outcome = [&](const Call& c) {
    return "SELECT settle_matching_session(" + std::to_string(session_) + ", " + c.price + ", " +
           c.rule + ", " + c.vrf + ", '\\x02'::bytea, " + c.fee_user + ", " + lit(c.trades) + ", " +
           lit(c.fills) + ", 1)";
  };
  auto balances = [&](const Call& c) {
    return "SELECT settle_session_balances(" + std::to_string(session_) + ", " + lit(c.balances) +
           ", 1)";
  };
  auto settle = [&](const Call& c) {
    return Exec(app, As("pp_service", {outcome(c), balances(c)}));
  };
  auto refused = [&](Call c, const std::string& field) {
    const Outcome o = settle(c);
    EXPECT_FALSE(o.ok) << field;
    EXPECT_NE(o.error.find(field), std::string::npos) << "wanted " << field << ", got " << o.error;
  };
  auto replace = [](std::string s, const std::string& from, const std::string& to) {
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  Call c = good;
  c.price = "NULL";
  refused(c, "matching_sessions.clearing_price");
  c = good;
  c.rule = "NULL";
  refused(c, "matching_sessions.price_rule");
  c = good;
  c.rule = "'median'";
  refused(c, "matching_sessions.price_rule");
  c = good;
  c.rule = "'none'";  // "nothing crossed", with a trade
  refused(c, "settlement.price_rule");
  c = good;
  c.vrf = "NULL";
  refused(c, "matching_sessions.vrf_output");
  c = good;
  c.trades = "NULL";
  refused(c, "settlement: every argument");
  c = good;
  c.fee_user = "NULL";
  refused(c, "settlement.fee_user_id");
  c = good;
  c.fills = "[" + buy_fill + "]";
  refused(c, "settlement.fills");
  c = good;
  c.fills = replace(good.fills, "\"order_id\":" + std::to_string(buy_), "\"order_id\":null");
  refused(c, "settlement.fills");
  c = good;
  c.fills = replace(good.fills, "\"size\":600", "\"size\":null");
  refused(c, "settlement.fills.size");
  c = good;
  c.fills = replace(good.fills, "\"min_fill\":0", "\"min_fill\":null");
  refused(c, "settlement.fills.min_fill");
  c = good;
  c.fills = replace(good.fills, "\"filled_amount\":600", "\"filled_amount\":null");
  refused(c, "settlement.fills.filled_amount");
  c = good;
  c.fills = replace(good.fills, "\"limit_price\":15000", "\"limit_price\":null");
  refused(c, "settlement.fills.limit_price");
  c = good;
  c.trades = replace(good.trades, "\"amount\":600", "\"amount\":null");
  refused(c, "trades.amount");
  c = good;
  c.trades =
      replace(good.trades, "\"buy_order_id\":" + std::to_string(buy_), "\"buy_order_id\":null");
  refused(c, "trades.buy_order_id");
  c = good;
  c.price = "15001";
  refused(c, "trades.price");
  c = good;
  c.fills = replace(good.fills, "\"filled_amount\":600,\"new_obligation\":null",
                    "\"filled_amount\":500,\"new_obligation\":null");
  refused(c, "encrypted_orders.filled_amount");
  c = good;
  c.fills = replace(good.fills, "\"" + remainder + "\"", "null");
  refused(c, "settlement.fills.new_obligation");
  c = good;
  c.balances = replace(good.balances, "\"delta\":" + std::to_string(-static_cast<int64_t>(quote)),
                       "\"delta\":null");
  refused(c, "settlement.balances");
  c = good;
  c.balances = replace(good.balances, "\"delta\":" + std::to_string(seller_fee),
                       "\"delta\":" + std::to_string(seller_fee + 1));
  refused(c, "settlement.balances");
  c = good;
  c.balances = join({good_rows[0], good_rows[0], good_rows[1], good_rows[2], good_rows[3],
                     good_rows[4], good_rows[5]});
  refused(c, "settlement.balances");
  c = good;
  c.balances = join({good_rows[1], good_rows[2], good_rows[3], good_rows[4], good_rows[5]});
  refused(c, "settlement.balances");
  c = good;
  c.balances = replace(good.balances, ToHex(a_usdc.available_commitment), ToHex(BalanceC(1)));
  refused(c, "user_balances.available_commitment");
  // A fault under the update (here a trigger that adds one unit to the fee account): every
  // input check passes, and the comparison of stored sums before and after catches it.
  ASSERT_TRUE(Exec(db_->owner_url(),
                   "CREATE FUNCTION pp_test_fault() RETURNS trigger LANGUAGE plpgsql AS "
                   "$$ BEGIN NEW.balance := NEW.balance + 1; RETURN NEW; END $$; "
                   "CREATE TRIGGER pp_test_fault BEFORE UPDATE ON user_balances FOR EACH ROW WHEN "
                   "(NEW.user_id = " +
                       std::to_string(fees_) +
                       " AND NEW.balance > 0) "
                       "EXECUTE FUNCTION pp_test_fault()")
                  .ok);
  refused(good, "value is not conserved");
  ASSERT_TRUE(Exec(db_->owner_url(), "DROP TRIGGER pp_test_fault ON user_balances").ok);
  EXPECT_EQ(store_->GetSession(Principal::Service(), session_)->status, SessionStatus::kFrozen);
  EXPECT_EQ(BalanceOf(alice_, kUsdc).balance, a_usdc.balance);
  // The two steps cannot be separated. The outcome alone, committed: the COMMIT is refused,
  // so no session is ever settled without moving its money.
  const Outcome alone = Exec(app, As("pp_service", {outcome(good)}));
  EXPECT_FALSE(alone.ok);
  EXPECT_NE(alone.error.find("settled without its balance changes"), std::string::npos)
      << alone.error;
  // Nor with the deferred check made immediate (it then refuses the outcome itself), nor
  // with triggers switched off, which takes a superuser.
  EXPECT_FALSE(Exec(app, As("pp_service", {"SET CONSTRAINTS ALL IMMEDIATE", outcome(good)})).ok);
  const Outcome replica =
      Exec(app, As("pp_service", {"SET LOCAL session_replication_role = replica", outcome(good)}));
  EXPECT_FALSE(replica.ok);
  EXPECT_NE(replica.error.find("permission denied"), std::string::npos) << replica.error;
  // The balances alone: nothing derived in this transaction, nothing to apply.
  const Outcome only = Exec(app, As("pp_service", {balances(good)}));
  EXPECT_FALSE(only.ok);
  EXPECT_NE(only.error.find("no settlement of this session"), std::string::npos) << only.error;
  // The record between the steps is the functions' alone: the service login can neither read
  // it nor put its own changes there, and it cannot turn the trigger off.
  const std::string pending = "INSERT INTO settlement_pending_balances VALUES (" +
                              std::to_string(session_) + ", " + std::to_string(alice_) + ", '" +
                              kUsdc + "', 1000, 0)";
  for (const std::string& sql :
       {pending, std::string("SELECT count(*) FROM settlement_pending_balances"),
        std::string("DELETE FROM settlement_pending_balances"),
        std::string("ALTER TABLE settlement_pending_balances DISABLE TRIGGER ALL")}) {
    const Outcome o = Exec(app, As("pp_service", {sql}));
    EXPECT_FALSE(o.ok) << sql;
    EXPECT_NE(o.error.find("settlement_pending_balances"), std::string::npos) << o.error;
  }
  // The outcome of this session with the balances of another: refused.
  EXPECT_FALSE(Exec(app, As("pp_service", {outcome(good), "SELECT settle_session_balances(" +
                                                              std::to_string(session_ + 1) + ", " +
                                                              lit(good.balances) + ", 1)"}))
                   .ok);
  EXPECT_EQ(store_->GetSession(Principal::Service(), session_)->status, SessionStatus::kFrozen);
  EXPECT_TRUE(store_->ListTrades(Principal::Service(), alice_)->empty());
  EXPECT_EQ(BalanceOf(alice_, kUsdc).balance, a_usdc.balance);
  // The same call, unaltered, settles: the checks refuse only what is wrong.
  const Outcome ok = settle(good);
  ASSERT_TRUE(ok.ok) << ok.error;
  EXPECT_EQ(Exec(db_->owner_url(), "SELECT count(*) FROM settlement_pending_balances").value, "0");
  EXPECT_EQ(store_->GetSession(Principal::Auditor(), session_)->price_rule,
            auction::PriceRule::kMaxVolume);
  // The rule is written by the settlement alone: the service login cannot rewrite it.
  EXPECT_FALSE(Exec(app, As("pp_service",
                            {"UPDATE matching_sessions SET price_rule = 'reference' WHERE id = " +
                             std::to_string(session_)}))
                   .ok);
  EXPECT_EQ(BalanceOf(fees_, kUsdc).balance, seller_fee);
  EXPECT_EQ(BalanceOf(bob_, kSol).locked_commitment, Encode(Decode(o_sell) - G(base)));
}

// Instantiated (for PostgreSQL only) in attack_access_test.cc.

}  // namespace
}  // namespace phantompool::store::testing
