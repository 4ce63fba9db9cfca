#include "phantompool/common/checked_math.h"

#include <gtest/gtest.h>

namespace phantompool {
namespace {

TEST(CheckedMathTest, DetectsOverflow) {
  EXPECT_EQ(CheckedAdd(UINT64_MAX - 1, 1), UINT64_MAX);
  EXPECT_FALSE(CheckedAdd(UINT64_MAX, 1).has_value());
  EXPECT_FALSE(CheckedSub(1, 2).has_value());
  EXPECT_EQ(CheckedMul(uint64_t{1} << 32, (uint64_t{1} << 32) - 1),
            (uint64_t{1} << 32) * ((uint64_t{1} << 32) - 1));
  EXPECT_FALSE(CheckedMul(uint64_t{1} << 32, uint64_t{1} << 32).has_value());
}

TEST(CheckedMathTest, MulDivRoundsAsAsked) {
  EXPECT_EQ(MulDiv(10, 10, 3, Rounding::kDown), 33u);
  EXPECT_EQ(MulDiv(10, 10, 3, Rounding::kUp), 34u);
  EXPECT_EQ(MulDiv(9, 10, 3, Rounding::kUp), 30u);
  // Exact in 128 bits even when a*b overflows 64.
  EXPECT_EQ(MulDiv(UINT64_MAX, UINT64_MAX, UINT64_MAX, Rounding::kDown), UINT64_MAX);
  EXPECT_FALSE(MulDiv(UINT64_MAX, 2, 1, Rounding::kDown).has_value());
  EXPECT_FALSE(MulDiv(1, 1, 0, Rounding::kDown).has_value());
}

}  // namespace
}  // namespace phantompool
