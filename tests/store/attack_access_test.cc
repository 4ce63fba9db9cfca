// Attacks 1, 2, 3 and 7: who a login is, what it may read, and the audit chain.
#include "attack_fixture.h"

namespace phantompool::store::testing {
namespace {

// 1. A login in pp_trader used to choose whom it was by SET phantompool.user_id.
TEST_P(AttackTest, Hole1_ADirectLoginCannotChooseWhoItIs) {
  const std::string alice = Login(Role::kTrader, alice_, "alice");
  const std::string b = std::to_string(bob_);
  for (const char* table : {"users", "user_balances", "balance_transfers", "encrypted_orders"}) {
    const std::string count = std::string("SELECT count(*) FROM ") + table;
    const std::string others = count + " WHERE " +
                               (std::string(table) == "users" ? "id" : "user_id") + " <> " +
                               std::to_string(alice_);
    EXPECT_NE(Exec(alice, count).value, "0") << table;
    for (const std::string& set :
         {"SET phantompool.user_id = '" + b + "'",
          "SELECT set_config('phantompool.user_id', '" + b + "', false)"}) {
      const Outcome o = Exec(alice, {set, others});
      EXPECT_TRUE(o.ok) << o.error;
      EXPECT_EQ(o.value, "0") << table << " after " << set;
    }
  }
  EXPECT_FALSE(Exec(alice, "SET ROLE pp_service").ok);
  EXPECT_FALSE(Exec(alice, "SET ROLE pp_auditor").ok);
  // The old attack exactly: a login that is a member of pp_trader, unknown to db_logins.
  const std::string rogue = "rogue_" + std::to_string(getpid());
  ASSERT_TRUE(Exec(db_->owner_url(),
                   "CREATE ROLE " + rogue + " LOGIN PASSWORD 'rogue-password-1' IN ROLE pp_trader")
                  .ok);
  ASSERT_TRUE(
      Exec(db_->owner_url(), "GRANT CONNECT ON DATABASE " + db_->name() + " TO " + rogue).ok);
  const std::string rogue_url = PgUrl(db_->name(), rogue, "rogue-password-1");
  const Outcome stolen = Exec(rogue_url, {"SET phantompool.user_id = '" + b + "'",
                                          "SELECT count(*) FROM encrypted_orders"});
  EXPECT_TRUE(stolen.ok) << stolen.error;
  EXPECT_EQ(stolen.value, "0");
  Exec(db_->owner_url(), "DROP OWNED BY " + rogue);
  Exec(PgAdminUrl(), "DROP ROLE " + rogue);
  // Credentials are real: a wrong password gets nowhere.
  std::string wrong = alice;
  wrong.replace(wrong.find("-secret@"), 7, "-wrong!");
  EXPECT_NE(Exec(wrong, "SELECT 1").error.find("password authentication failed"),
            std::string::npos);
  // An auditor's direct login reads everything and writes nothing.
  const std::string auditor = Login(Role::kAuditor, 0, "auditor");
  EXPECT_EQ(Exec(auditor, "SELECT count(*) FROM encrypted_orders").value, "2");
  EXPECT_FALSE(Exec(auditor, "UPDATE users SET kyc_status = 'rejected'").ok);
  EXPECT_FALSE(Exec(auditor, "SELECT count(*) FROM db_logins").ok);
}

// 2. The server's request connection used to be the owner: RESET ROLE undid every rule.
TEST_P(AttackTest, Hole2_TheRequestLoginOwnsNothing) {
  const std::string app = db_->service_url();
  const Outcome reset =
      Exec(app, {"SET ROLE pp_service", "RESET ROLE", "SELECT count(*) FROM users"});
  EXPECT_FALSE(reset.ok);
  EXPECT_NE(reset.error.find("permission denied"), std::string::npos) << reset.error;
  EXPECT_EQ(Exec(app,
                 "SELECT rolinherit::text || rolsuper::text || rolcreaterole::text || "
                 "rolbypassrls::text FROM pg_roles WHERE rolname = session_user")
                .value,
            "falsefalsefalsefalse");
  EXPECT_FALSE(
      Exec(app, As("pp_service", {"ALTER TABLE user_balances DISABLE ROW LEVEL SECURITY"})).ok);
  EXPECT_FALSE(Exec(app, As("pp_service", {"UPDATE user_balances SET balance = 0"})).ok);
  EXPECT_FALSE(Exec(app, As("pp_service", {"DELETE FROM encrypted_orders"})).ok);
  // Row-level security is forced on every table with per-user rows: even the owner's own
  // code passes through a policy.
  EXPECT_EQ(
      Exec(db_->owner_url(),
           "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relname IN "
           "('users','user_balances','balance_transfers','encrypted_orders','trades',"
           "'event_outbox','cryptographic_proofs','audit_log','executor_responses',"
           "'threshold_operations','db_logins') AND NOT (relrowsecurity AND relforcerowsecurity)")
          .value,
      "");
  // The owner's login refuses to serve requests at all.
  EXPECT_EQ(owner_->Deposit(Principal::Service(), alice_, kUsdc, 1, "r").status().field(), "db");
  EXPECT_EQ(owner_->GetBalances(Principal::Trader(alice_), alice_).status().field(), "db");
}

// 3. Roles that could write audit_log / event_outbox / chain_head could forge the chain.
TEST_P(AttackTest, Hole3_TheChainIsAppendedThroughOneFunctionOnly) {
  const std::string app = db_->service_url();
  const std::string row =
      "INSERT INTO audit_log (id, event_type, event_category, event_data, risk_level, created_at,"
      " prev_hash, entry_hash) VALUES (1000, 'deposit', 'balance', '{}', 'low', 0, "
      "decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex'))";
  const std::string event =
      "INSERT INTO event_outbox (id, topic, event_type, user_id, payload, created_at) VALUES "
      "(1000, 'balance', 'deposit', 1, '{}', 0)";
  for (const char* role : {"pp_service", "pp_executor", "pp_auditor", "pp_trader"}) {
    for (const std::string& sql :
         {row, event, std::string("UPDATE chain_head SET audit_seq = 0"),
          std::string("DELETE FROM audit_log"), std::string("TRUNCATE audit_log"),
          std::string("DELETE FROM event_outbox")}) {
      EXPECT_FALSE(Exec(app, As(role, {sql})).ok) << role << ": " << sql;
    }
  }
  const std::string append =
      "SELECT pp_journal_append('[{\"event_type\":\"deposit\",\"event_category\":\"balance\","
      "\"risk_level\":\"low\",\"user_id\":1,\"event_data\":\"{}\"}]', "
      "'[{\"topic\":\"balance\",\"event_type\":\"deposit\",\"user_id\":1,\"payload\":\"{}\"}]', 1)";
  EXPECT_FALSE(Exec(app, As("pp_executor", {append})).ok);
  EXPECT_FALSE(Exec(app, As("pp_trader", {append})).ok);
  // A grant added by mistake later is still no way in: the trigger refuses all but the owner.
  ASSERT_TRUE(Exec(db_->owner_url(), "GRANT INSERT ON audit_log, event_outbox TO pp_service").ok);
  const Outcome granted = Exec(app, As("pp_service", {row}));
  EXPECT_FALSE(granted.ok);
  EXPECT_NE(granted.error.find("append-only"), std::string::npos) << granted.error;
  // The function gives the next ids and hashes: what it appends verifies, nothing jumps.
  const int64_t before = store_->ReadEvents(Principal::Service(), 0, 10000)->back().id;
  const Outcome appended = Exec(app, As("pp_service", {append}));
  ASSERT_TRUE(appended.ok) << appended.error;
  EXPECT_EQ(appended.value, std::to_string(before + 1));
  auto chain = store_->VerifyAudit(Principal::Auditor(), std::nullopt);
  EXPECT_TRUE(chain->ok) << chain->problem;
}

// Migration 010 dropped session_orders' foreign keys: only create_matching_session (the
// owner's SECURITY DEFINER code) writes the record of which orders a session froze. A real
// request login, acting as any role, can neither add an order to a published batch nor take
// one out of it.
TEST_P(AttackTest, NoLoginWritesTheRecordOfAFrozenBatch) {
  const std::string app = db_->service_url();
  for (const char* role : {"pp_service", "pp_executor", "pp_auditor", "pp_trader"}) {
    for (const std::string& sql :
         {std::string("INSERT INTO session_orders (matching_session_id, order_id) VALUES (1, 1)"),
          std::string("UPDATE session_orders SET order_id = order_id + 1"),
          std::string("DELETE FROM session_orders"), std::string("TRUNCATE session_orders")}) {
      const Outcome o = Exec(app, As(role, {sql}));
      EXPECT_FALSE(o.ok) << role << ": " << sql;
      EXPECT_NE(o.error.find("permission denied"), std::string::npos) << role << ": " << o.error;
    }
  }
}

// 7. Executors saw every frozen order ever, with owners and amounts.
TEST_P(AttackTest, Hole7_ExecutorsSeeTheirSessionsOnlyWithoutOwnersOrAmounts) {
  const std::string mine = Login(Role::kExecutor, e1_, "exec_one");
  const std::string other = Login(Role::kExecutor, e2_, "exec_two");
  EXPECT_EQ(Exec(mine, "SELECT count(*) FROM encrypted_orders").value, "2");
  EXPECT_EQ(Exec(mine, "SELECT count(encrypted_order) FROM encrypted_orders").value, "2");
  EXPECT_EQ(Exec(other, "SELECT count(*) FROM encrypted_orders").value, "0");
  EXPECT_EQ(Exec(other, "SELECT count(*) FROM threshold_operations").value, "0");
  EXPECT_EQ(Exec(mine, "SELECT count(*) FROM threshold_operations").value, "1");
  for (const char* column : {"user_id", "filled_amount", "remaining_amount", "min_fill_amount",
                             "obligation_commitment", "*"}) {
    const Outcome o = Exec(mine, std::string("SELECT ") + column + " FROM encrypted_orders");
    EXPECT_FALSE(o.ok) << column;
    EXPECT_NE(o.error.find("permission denied"), std::string::npos) << o.error;
  }
  for (const char* table : {"users", "user_balances", "trades", "audit_log", "event_outbox"}) {
    EXPECT_FALSE(Exec(mine, std::string("SELECT count(*) FROM ") + table).ok) << table;
  }
  // A direct executor login writes nothing, not even through the executors' functions; the
  // server acting for an executor writes that executor's own responses only, to the
  // operations of sessions it is assigned to.
  const std::string respond = "SELECT executor_submit_response(%ID%, " + std::to_string(op_) +
                              ", '\\x01', '\\x02', decode(repeat('03', 64), 'hex'), 1)";
  auto with = [&](int64_t id) {
    std::string s = respond;
    s.replace(s.find("%ID%"), 4, std::to_string(id));
    return s;
  };
  EXPECT_NE(Exec(mine, with(e1_)).error.find("read-only"), std::string::npos);
  EXPECT_FALSE(
      Exec(mine, "SELECT executor_heartbeat(" + std::to_string(e1_) + ", 'online', 1)").ok);
  // Marking a node unreachable is the service's: an executor can take no other node offline.
  const std::string unreachable =
      "SELECT executor_mark_unreachable(" + std::to_string(e2_) + ", 1)";
  EXPECT_NE(Exec(mine, unreachable).error.find("permission denied"), std::string::npos);
  EXPECT_FALSE(Exec(mine,
                    "INSERT INTO executor_responses (threshold_operation_id, "
                    "executor_node_id, share, proof, signature, created_at) VALUES (" +
                        std::to_string(op_) + ", " + std::to_string(e1_) +
                        ", '\\x01', '\\x02', decode(repeat('03', 64), 'hex'), 1)")
                   .ok);
  auto acting = [&](int64_t as, int64_t id) {
    return Exec(
        db_->service_url(),
        {"SET LOCAL ROLE pp_executor",
         "SELECT set_config('phantompool.user_id', '" + std::to_string(as) + "', true)", with(id)});
  };
  EXPECT_NE(acting(e1_, e2_).error.find("not the calling executor"), std::string::npos);
  EXPECT_NE(acting(e2_, e2_).error.find("not assigned"), std::string::npos);
  const Outcome own = acting(e1_, e1_);
  EXPECT_TRUE(own.ok) << own.error;
  EXPECT_EQ(Exec(other, "SELECT count(*) FROM executor_responses").value, "0");
  EXPECT_TRUE(store_->VerifyAudit(Principal::Auditor(), std::nullopt)->ok);
}

// The outbox listener keeps one connection between waits (docs/store.md, "Outbox"). Killed
// from outside — an operator's pg_terminate_backend, a restarted pooler — the next waits
// open a new one: the stream loses no event and never stops for good.
TEST_P(AttackTest, TheOutboxListenerReconnectsAfterItsConnectionIsKilled) {
  const int64_t newest = store_->ReadEvents(Principal::Service(), 0, 10000)->back().id;
  ASSERT_FALSE(*store_->WaitForEvents(newest, std::chrono::milliseconds(20)));
  const std::string login = "svc_" + db_->name();  // the request login (store_test_env.h)
  ASSERT_TRUE(Exec(db_->owner_url(), "GRANT " + login + " TO CURRENT_USER").ok);
  const Outcome killed = Exec(db_->owner_url(),
                              "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                              "WHERE usename = '" +
                                  login + "' AND query LIKE '%outbox_seq%'");
  ASSERT_TRUE(killed.ok) << killed.error;
  ASSERT_EQ(killed.value, "1");
  // The wait on the dead connection fails (or sees the loss as no event); within two more
  // waits a deposit made meanwhile is heard.
  (void)store_->WaitForEvents(newest, std::chrono::milliseconds(20));
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_TRUE(Deposit(alice_, kUsdc, 1).ok());
  });
  bool heard = false;
  for (int attempt = 0; attempt < 3 && !heard; ++attempt) {
    auto r = store_->WaitForEvents(newest, std::chrono::seconds(5));
    heard = r.ok() && *r;
  }
  writer.join();
  EXPECT_TRUE(heard);
}

INSTANTIATE_TEST_SUITE_P(Postgres, AttackTest, ::testing::Values(Backend::kPostgres), BackendName);

}  // namespace
}  // namespace phantompool::store::testing
