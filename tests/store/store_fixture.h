// A migrated store of either back end — the request store the server would hold (its login
// owns nothing) and the owner's store for maintenance — with a movable clock and helpers
// that build users, balances and orders the way the server will.
#pragma once

#include <sqlite3.h>

#include <atomic>

#include "order_factory.h"
#include "phantompool/crypto/point.h"
#include "store_test_env.h"

namespace phantompool::store::testing {

inline Commitment Encode(const crypto::Point& p) {
  const auto e = p.Encode();
  Commitment c;
  std::copy(e.begin(), e.end(), c.begin());
  return c;
}

inline crypto::Point Decode(const Commitment& c) {
  return crypto::Point::Decode(c, "c", crypto::IdentityPolicy::kAllow).value();
}

inline Commitment BalanceC(uint64_t v) {
  return Encode(crypto::Point::MulBase(crypto::Scalar::FromU64(v)));
}

class StoreFixture : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    ASSERT_TRUE(db_->ok());
    store_ = OpenWithClock(db_->service_url());
    owner_ = OpenWithClock(db_->owner_url());
    ASSERT_NE(store_, nullptr);
    ASSERT_NE(owner_, nullptr);
  }

  void TearDown() override {
    store_.reset();
    owner_.reset();
    extra_.clear();
    db_.reset();
  }

  std::unique_ptr<Store> OpenWithClock(const std::string& url, int pool = 8) {
    StoreOptions o;
    o.clock = [this] { return now_.load(); };
    o.pool_size = pool;
    return Open(url, o);
  }

  // Another fresh database, dropped with this test's.
  TestDatabase& ExtraDatabase(Backend backend) {
    extra_.push_back(std::make_unique<TestDatabase>(backend));
    return *extra_.back();
  }

  // Writes straight into the database with the owner's rights, as an attacker holding the
  // file or the owner's password would (or a bug would): what the store reads back must
  // show it.
  void OwnerSql(const std::string& sql) {
    if (GetParam() == Backend::kSqlite) {
      sqlite3* db = nullptr;
      ASSERT_EQ(sqlite3_open(db_->owner_url().substr(7).c_str(), &db), SQLITE_OK);
      char* err = nullptr;
      EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK)
          << (err ? err : "");
      sqlite3_free(err);
      sqlite3_close(db);
    } else {
      pqxx::connection c(db_->owner_url());
      pqxx::work tx(c);
      tx.exec(sql);
      tx.commit();
    }
  }

  // A verified user with a wallet derived from `n`.
  int64_t MakeUser(int n, bool verify = true) {
    NewUser u;
    static constexpr char kB58[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    std::string w = "User";
    for (int i = 0, m = n; i < 6; ++i, m /= 58) w += kB58[m % 58];
    w.append(40 - w.size(), 'x');
    u.wallet_address = w;
    u.public_key.assign(32, static_cast<uint8_t>(n));
    u.public_key[31] = static_cast<uint8_t>(n >> 8);
    auto id = store_->CreateUser(Principal::Service(), u);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    if (verify) {
      EXPECT_TRUE(store_->SetKycStatus(Principal::Service(), *id, KycStatus::kVerified).ok());
    }
    return *id;
  }

  Result<Transfer> Deposit(int64_t user, const std::string& token, uint64_t amount) {
    return store_->Deposit(Principal::Service(), user, token, amount,
                           "dep-" + std::to_string(next_ref_++));
  }

  Balance BalanceOf(int64_t user, const std::string& token) {
    auto all = store_->GetBalances(Principal::Service(), user);
    EXPECT_TRUE(all.ok()) << all.status().ToString();
    for (const Balance& b : *all) {
      if (b.token == token) return b;
    }
    return Balance{};
  }

  // Submits as the server does: against the user's current available commitment A.
  Result<int64_t> Submit(int64_t user, const order::EncryptedOrder& o) {
    const std::string token = o.side() == order::Side::kBuy ? kUsdc : kSol;
    auto rec = store_->SubmitOrder(Principal::Service(), user, o,
                                   BalanceOf(user, token).available_commitment);
    if (!rec.ok()) return rec.status();
    return rec->id;
  }

  std::unique_ptr<TestDatabase> db_;
  std::vector<std::unique_ptr<TestDatabase>> extra_;
  std::unique_ptr<Store> store_;  // the request login's
  std::unique_ptr<Store> owner_;  // the owner's: maintenance only
  // Real time, so that the 24-hour market figures (the database's clock) see what is settled.
  std::atomic<int64_t> now_{SystemClockMicros()};
  std::atomic<uint64_t> next_ref_{1};
  OrderFactory orders_;
};

}  // namespace phantompool::store::testing
