// ConnPool: leases go back exactly once. Regression: a defaulted move constructor copied the
// pool pointer, so a moved-from lease released a second time (the pool's count of live
// connections went negative and it opened more connections than its maximum).
#include "db/conn_pool.h"

#include <gtest/gtest.h>

#include <optional>

namespace phantompool::store::internal {
namespace {

struct FakeConn {
  int id = 0;
};

ConnPool<FakeConn> MakePool(int max, int* made) {
  return ConnPool<FakeConn>(max, [made]() -> Result<std::unique_ptr<FakeConn>> {
    auto c = std::make_unique<FakeConn>();
    c->id = ++*made;
    return c;
  });
}

TEST(ConnPoolTest, MovedLeaseIsReleasedOnce) {
  int made = 0;
  auto pool = MakePool(2, &made);
  {
    auto a = pool.Acquire();
    ASSERT_TRUE(a.ok());
    ConnPool<FakeConn>::Lease moved(std::move(a).value());  // the moved-from lease dies here too
    EXPECT_EQ(pool.live(), 1);
  }
  EXPECT_EQ(pool.live(), 1);  // one connection, back in the pool once
  EXPECT_EQ(pool.idle(), 1);
  {
    auto a = pool.Acquire();
    auto b = pool.Acquire();
    EXPECT_EQ(made, 2);  // the idle one was reused: no third connection
    EXPECT_EQ(pool.live(), 2);
  }
  EXPECT_EQ(pool.idle(), 2);
}

TEST(ConnPoolTest, MoveAssignmentReturnsTheHeldConnectionFirst) {
  int made = 0;
  auto pool = MakePool(2, &made);
  auto a = pool.Acquire();
  auto b = pool.Acquire();
  ASSERT_TRUE(a.ok() && b.ok());
  ConnPool<FakeConn>::Lease la = std::move(a).value();
  ConnPool<FakeConn>::Lease lb = std::move(b).value();
  la = std::move(lb);  // la's own connection goes back now
  EXPECT_EQ(pool.idle(), 1);
  EXPECT_EQ(la->id, 2);
}

TEST(ConnPoolTest, BrokenLeasesAreClosedAndAFailingFactoryFreesItsSlot) {
  int made = 0;
  bool fail = false;
  ConnPool<FakeConn> pool(1, [&]() -> Result<std::unique_ptr<FakeConn>> {
    if (fail) return Status::Unavailable("db", "down");
    auto c = std::make_unique<FakeConn>();
    c->id = ++made;
    return c;
  });
  {
    auto a = pool.Acquire();
    a->MarkBroken();
  }
  EXPECT_EQ(pool.live(), 0);
  fail = true;
  EXPECT_EQ(pool.Acquire().status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(pool.live(), 0);  // a max-1 pool would otherwise block forever here
  fail = false;
  EXPECT_TRUE(pool.Acquire().ok());
}

}  // namespace
}  // namespace phantompool::store::internal
