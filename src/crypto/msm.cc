#include "phantompool/crypto/msm.h"

#include <array>
#include <cstdint>
#include <vector>

#include "phantompool/common/check.h"

namespace phantompool::crypto {
namespace {

// Width-w non-adjacent form: 256 signed digits, each zero or odd with |d| < 2^(w-1), and
// any w consecutive digits hold at most one non-zero.
std::array<int8_t, 257> ComputeWnaf(const Scalar& s, int w) {
  const auto bytes = s.ToBytes();
  std::array<uint64_t, 5> limbs{};
  for (int i = 0; i < 32; ++i) limbs[i / 8] |= static_cast<uint64_t>(bytes[i]) << (8 * (i % 8));
  std::array<int8_t, 257> naf{};
  const uint64_t width = uint64_t{1} << w;
  const uint64_t mask = width - 1;
  uint64_t carry = 0;
  size_t pos = 0;
  while (pos < 256) {
    const size_t idx = pos / 64;
    const size_t bit = pos % 64;
    uint64_t bits;
    if (bit < 64 - static_cast<size_t>(w)) {
      bits = limbs[idx] >> bit;
    } else {
      bits = (limbs[idx] >> bit) | (limbs[idx + 1] << (64 - bit));
    }
    const uint64_t window = carry + (bits & mask);
    if ((window & 1) == 0) {
      ++pos;
      continue;
    }
    if (window < width / 2) {
      carry = 0;
      naf[pos] = static_cast<int8_t>(window);
    } else {
      carry = 1;
      naf[pos] = static_cast<int8_t>(static_cast<int64_t>(window) - static_cast<int64_t>(width));
    }
    pos += w;
  }
  if (carry) naf[256] = 1;
  return naf;
}

Point StrausVartime(std::span<const Scalar> scalars, std::span<const Point> points) {
  constexpr int kWidth = 5;
  constexpr int kTableSize = 1 << (kWidth - 2);  // P, 3P, ..., 15P
  const size_t n = scalars.size();
  std::vector<std::array<int8_t, 257>> nafs(n);
  std::vector<std::array<Point, kTableSize>> tables(n);
  for (size_t i = 0; i < n; ++i) {
    nafs[i] = ComputeWnaf(scalars[i], kWidth);
    const Point twice = points[i].Double();
    tables[i][0] = points[i];
    for (int j = 1; j < kTableSize; ++j) tables[i][j] = tables[i][j - 1] + twice;
  }
  Point acc;
  bool started = false;
  for (int bit = 256; bit >= 0; --bit) {
    if (started) acc = acc.Double();
    for (size_t i = 0; i < n; ++i) {
      const int d = nafs[i][bit];
      if (d > 0) {
        acc += tables[i][d / 2];
        started = true;
      } else if (d < 0) {
        acc -= tables[i][(-d) / 2];
        started = true;
      }
    }
  }
  return acc;
}

}  // namespace

Point NaiveMultiScalarMul(std::span<const Scalar> scalars, std::span<const Point> points) {
  PP_CHECK(scalars.size() == points.size());
  Point acc;
  for (size_t i = 0; i < scalars.size(); ++i) acc += points[i] * scalars[i];
  return acc;
}

Point MultiScalarMulVartime(std::span<const Scalar> scalars, std::span<const Point> points) {
  PP_CHECK(scalars.size() == points.size());
  return StrausVartime(scalars, points);
}

}  // namespace phantompool::crypto
