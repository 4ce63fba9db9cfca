// Pippenger's bucket method with signed digits, for large variable-time MSMs (batch
// verification). With radix 2^c and digits in [-2^(c-1), 2^(c-1)), each window costs one
// addition per point plus ~2^c additions to sum the 2^(c-1) buckets, instead of Straus's
// per-point tables: it wins once there are a few hundred points.
#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "edwards.h"
#include "edwards_ifma.h"
#include "phantompool/common/check.h"
#include "phantompool/crypto/msm.h"

namespace phantompool::crypto {
namespace {

constexpr size_t kScalarBits = 253;  // every canonical scalar is below 2^253

size_t WindowCount(int c) {
  return (kScalarBits + c - 1) / c + 1;
}

// The window width with the fewest additions: windows × (points + 2^c).
int ChooseWidth(size_t n) {
  int best = 4;
  uint64_t best_cost = UINT64_MAX;
  for (int c = 4; c <= 15; ++c) {
    const uint64_t cost = WindowCount(c) * (n + (uint64_t{1} << c));
    if (cost < best_cost) {
      best_cost = cost;
      best = c;
    }
  }
  return best;
}

// Signed radix-2^c digits of s, least significant first, into out[0..WindowCount(c)).
void SignedDigits(const Scalar& s, int c, int16_t* out) {
  const auto bytes = s.ToBytes();
  std::array<uint64_t, 5> limbs{};
  for (int i = 0; i < 32; ++i) limbs[i / 8] |= static_cast<uint64_t>(bytes[i]) << (8 * (i % 8));
  const int64_t radix = int64_t{1} << c;
  const uint64_t mask = static_cast<uint64_t>(radix) - 1;
  int64_t carry = 0;
  const size_t windows = WindowCount(c);
  for (size_t w = 0; w < windows; ++w) {
    const size_t pos = w * static_cast<size_t>(c);
    uint64_t bits = 0;
    if (pos < 256) {
      const size_t idx = pos / 64;
      const size_t bit = pos % 64;
      bits = limbs[idx] >> bit;
      if (bit != 0) bits |= limbs[idx + 1] << (64 - bit);
    }
    int64_t d = static_cast<int64_t>(bits & mask) + carry;
    carry = d >= radix / 2 ? 1 : 0;
    d -= carry * radix;
    out[w] = static_cast<int16_t>(d);
  }
  PP_CHECK(carry == 0);
}

}  // namespace

Point PippengerMultiScalarMulVartime(std::span<const Scalar> scalars,
                                     std::span<const Point> points) {
  PP_CHECK(scalars.size() == points.size());
  const size_t n = scalars.size();
  if (n == 0) return Point();
  // With IFMA each of eight lanes sums an eighth of the points into buckets of its own.
  const bool lanes = edwards::UseIfma();
  const int c = ChooseWidth(lanes ? (n + 7) / 8 : n);
  const size_t windows = WindowCount(c);
  std::vector<int16_t> digits(n * windows);
  for (size_t i = 0; i < n; ++i) SignedDigits(scalars[i], c, &digits[i * windows]);

  // Every point is added once per window: in affine Niels form that addition takes 7
  // multiplications instead of 9, for one inversion (and ~6 multiplications a point) here.
  std::vector<edwards::Niels> niels(n);
  edwards::ToNiels(points, niels);
  if (lanes) return edwards::ToPoint(edwards::PippengerLanes8(niels, digits, windows, c));

  const size_t bucket_count = size_t{1} << (c - 1);
  std::vector<edwards::Extended> buckets(bucket_count);
  std::vector<uint8_t> filled(bucket_count);
  edwards::Extended acc = edwards::Identity();
  for (size_t w = windows; w-- > 0;) {
    if (w + 1 != windows) acc = edwards::DoubleTimes(acc, c);
    std::fill(filled.begin(), filled.end(), 0);
    for (size_t i = 0; i < n; ++i) {
      const int d = digits[i * windows + w];
      if (d == 0) continue;
      const size_t b = static_cast<size_t>(d > 0 ? d : -d) - 1;
      if (!filled[b]) {
        buckets[b] = edwards::FromNiels(d > 0 ? niels[i] : edwards::Negate(niels[i]));
        filled[b] = 1;
      } else {
        buckets[b] =
            d > 0 ? edwards::Add(buckets[b], niels[i]) : edwards::Sub(buckets[b], niels[i]);
      }
    }
    // Σ (b+1)·bucket[b] as a running sum from the top bucket down.
    edwards::Extended running = edwards::Identity();
    edwards::Extended total = edwards::Identity();
    bool running_started = false;
    for (size_t b = bucket_count; b-- > 0;) {
      if (filled[b]) {
        running = running_started ? edwards::Add(running, buckets[b]) : buckets[b];
        running_started = true;
      }
      if (running_started) total = edwards::Add(total, running);
    }
    acc = edwards::Add(acc, total);
  }
  return edwards::ToPoint(acc);
}

}  // namespace phantompool::crypto
