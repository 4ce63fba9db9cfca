// Row-level security alone, with no C++ check in front: what a request transaction of each
// role can do with raw SQL on PostgreSQL. This is the line that holds if the server (or the
// store's own checks) had a bug.
#include "postgres/pg_store.h"
#include "store_fixture.h"

namespace phantompool::store::testing {
namespace {

class RlsTest : public StoreFixture {
 protected:
  internal::PgStore& pg() { return static_cast<internal::PgStore&>(*store_); }
};

TEST_P(RlsTest, EachRoleSeesAndWritesOnlyWhatItMay) {
  const int64_t a = MakeUser(1), b = MakeUser(2);
  ASSERT_TRUE(store_->Deposit(Principal::Service(), a, kUsdc, 100).ok());
  ASSERT_TRUE(store_->Deposit(Principal::Service(), b, kUsdc, 100).ok());
  ASSERT_TRUE(
      store_->SubmitOrder(Principal::Service(), Order(a, Side::kBuy, RandomCommitment(rng_))).ok());
  ASSERT_TRUE(
      store_->SubmitOrder(Principal::Service(), Order(b, Side::kBuy, RandomCommitment(rng_))).ok());

  EXPECT_EQ(*pg().RawCountAs(Principal::Trader(a), "SELECT count(*) FROM encrypted_orders"), 1);
  EXPECT_EQ(*pg().RawCountAs(Principal::Trader(a), "SELECT count(*) FROM user_balances"), 1);
  EXPECT_EQ(*pg().RawCountAs(Principal::Trader(a), "SELECT count(*) FROM users"), 1);
  EXPECT_EQ(*pg().RawCountAs(
                Principal::Trader(a),
                "SELECT count(*) FROM encrypted_orders WHERE user_id = " + std::to_string(b)),
            0);
  EXPECT_EQ(pg().RawCountAs(Principal::Trader(a), "SELECT count(*) FROM audit_log").status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(
      pg().RawCountAs(Principal::Trader(a), "UPDATE user_balances SET balance = 0").status().code(),
      StatusCode::kPermissionDenied);
  EXPECT_EQ(*pg().RawCountAs(Principal::Auditor(), "SELECT count(*) FROM encrypted_orders"), 2);
  EXPECT_EQ(pg().RawCountAs(Principal::Auditor(), "DELETE FROM audit_log").status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(*pg().RawCountAs(Principal::Executor(1), "SELECT count(*) FROM encrypted_orders"),
            0);  // none frozen
  EXPECT_EQ(
      pg().RawCountAs(Principal::Executor(1), "SELECT count(*) FROM user_balances").status().code(),
      StatusCode::kPermissionDenied);
  // The service itself moves money only through the functions.
  EXPECT_EQ(pg().RawCountAs(Principal::Service(), "UPDATE user_balances SET balance = balance + 1")
                .status()
                .code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(pg().RawCountAs(Principal::Service(), "DELETE FROM encrypted_orders").status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(pg().RawCountAs(Principal::Trader(a),
                            "SELECT change_balance(1, 'x', 1, NULL, '\\x00', '\\x00', 0)")
                .status()
                .code(),
            StatusCode::kPermissionDenied);
}

INSTANTIATE_TEST_SUITE_P(Postgres, RlsTest, ::testing::Values(Backend::kPostgres), BackendName);

}  // namespace
}  // namespace phantompool::store::testing
