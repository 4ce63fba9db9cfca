// The attacks of docs/store.md ("Threats"), each performed as an outsider would: a real
// PostgreSQL login with its own credentials (libpq through libpqxx, no store code in front),
// sending whatever SQL it likes. Each is refused or sees nothing. The store's C++ only sets
// the scene (users, balances, orders, a frozen session), as the server would have.
#pragma once

#include <thread>

#include "phantompool/common/hex.h"
#include "store_fixture.h"

namespace phantompool::store::testing {

using order::OrderType;
using order::Side;

// What one statement did: its first cell, or the server's error message.
struct Outcome {
  bool ok = false;
  std::string value;
  std::string error;
};

inline Outcome Exec(const std::string& url, const std::vector<std::string>& statements) {
  Outcome out;
  try {
    pqxx::connection c(url);
    pqxx::work tx(c);
    pqxx::result r;
    for (const std::string& s : statements) r = tx.exec(s);
    tx.commit();
    out.ok = true;
    if (!r.empty() && r.columns() > 0 && !r[0][0].is_null()) out.value = r[0][0].c_str();
  } catch (const std::exception& e) {
    out.error = e.what();
  }
  return out;
}
inline Outcome Exec(const std::string& url, const std::string& sql) {
  return Exec(url, std::vector<std::string>{sql});
}

inline std::string Hex(const Commitment& c) {
  return "'\\x" + ToHex(c) + "'::bytea";
}
inline crypto::Point G(uint64_t v) {
  return crypto::Point::MulBase(crypto::Scalar::FromU64(v));
}

class AttackTest : public StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    alice_ = MakeUser(1);
    bob_ = MakeUser(2);
    fees_ = MakeUser(3);
    ASSERT_TRUE(Deposit(alice_, kUsdc, 200'000'000).ok());
    ASSERT_TRUE(Deposit(bob_, kSol, 10'000'000'000).ok());
    ASSERT_TRUE(Deposit(bob_, kUsdc, 1'000).ok());
    buy_order_ = orders_.Make(alice_, {Side::kBuy, OrderType::kLimit, 600});
    sell_order_ = orders_.Make(bob_, {Side::kSell, OrderType::kLimit, 1'000});
    buy_ = *Submit(alice_, *buy_order_);
    sell_ = *Submit(bob_, *sell_order_);
    e1_ = *store_->RegisterExecutor(Principal::Service(),
                                    {1, Bytes(32, 1), Bytes(32, 2), "https://e1.example"});
    e2_ = *store_->RegisterExecutor(Principal::Service(),
                                    {2, Bytes(32, 3), Bytes(32, 4), "https://e2.example"});
    auto s = store_->CreateMatchingSession(Principal::Service(), 1, Bytes(32, 9), {e1_});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    session_ = s->session_id;
    op_ = *store_->CreateThresholdOperation(Principal::Service(), session_,
                                            OperationType::kPartialDecrypt, 1, 1);
  }

  std::string Login(Role role, int64_t id, const std::string& name) {
    return db_->GrantLogin(role, id,
                           name + "_" + std::to_string(getpid()) + "_" + std::to_string(++logins_));
  }
  // The request login's statements run as one of the four roles, as the server's would.
  std::vector<std::string> As(const char* role, std::vector<std::string> sql) {
    sql.insert(sql.begin(), std::string("SET LOCAL ROLE ") + role);
    return sql;
  }

  int64_t alice_ = 0, bob_ = 0, fees_ = 0, buy_ = 0, sell_ = 0, e1_ = 0, e2_ = 0, session_ = 0,
          op_ = 0;
  int logins_ = 0;
  std::optional<order::EncryptedOrder> buy_order_, sell_order_;
};

}  // namespace phantompool::store::testing
