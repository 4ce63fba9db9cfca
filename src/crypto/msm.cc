// Straus (interleaved wNAF) multi-scalar multiplication, with precomputed tables for fixed
// bases, and the dispatch between Straus and Pippenger.
#include "phantompool/crypto/msm.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "edwards.h"
#include "edwards_ifma.h"
#include "phantompool/common/check.h"

namespace phantompool::crypto {
namespace {

constexpr int kDynamicWidth = 5;
constexpr int kDynamicTableSize = 1 << (kDynamicWidth - 2);  // P, 3P, ..., 15P
constexpr size_t kPositions = 257;

using edwards::StrausOp;

// Width-w non-adjacent form of s: signed digits, each odd with |d| < 2^(w-1), any w
// consecutive positions holding at most one. Appends one op per non-zero digit, reading
// d·P from odd_multiples[|d|/2]. Returns the number of ops appended.
size_t AppendWnafOps(const Scalar& s, int w, const edwards::Niels* odd_multiples,
                     std::vector<StrausOp>& ops) {
  const auto bytes = s.ToBytes();
  std::array<uint64_t, 5> limbs{};
  for (int i = 0; i < 32; ++i) limbs[i / 8] |= static_cast<uint64_t>(bytes[i]) << (8 * (i % 8));
  const uint64_t width = uint64_t{1} << w;
  const uint64_t mask = width - 1;
  const size_t before = ops.size();
  // The next position at or after `pos` whose bit is `one` (256 if none): without a
  // carry, zero bits give zero digits; with one, set bits do (1 + 1 carries on).
  auto next_bit = [&](size_t pos, bool one) -> size_t {
    while (pos < 256) {
      const size_t idx = pos / 64;
      const uint64_t word = (one ? limbs[idx] : ~limbs[idx]) >> (pos % 64);
      if (word != 0) return pos + static_cast<size_t>(__builtin_ctzll(word));
      pos = (idx + 1) * 64;
    }
    return 256;
  };
  uint64_t carry = 0;
  size_t pos = next_bit(0, true);
  while (pos < 256) {
    const size_t idx = pos / 64;
    const size_t bit = pos % 64;
    uint64_t bits;
    if (bit < 64 - static_cast<size_t>(w)) {
      bits = limbs[idx] >> bit;
    } else {
      bits = (limbs[idx] >> bit) | (limbs[idx + 1] << (64 - bit));
    }
    const uint64_t window = carry + (bits & mask);  // odd: next_bit found a digit here
    if (window < width / 2) {
      carry = 0;
      ops.push_back({&odd_multiples[window / 2], static_cast<uint16_t>(pos), false});
    } else {
      carry = 1;
      ops.push_back({&odd_multiples[(width - window) / 2], static_cast<uint16_t>(pos), true});
    }
    pos = next_bit(pos + static_cast<size_t>(w), carry == 0);
  }
  if (carry) ops.push_back({&odd_multiples[0], 256, false});
  return ops.size() - before;
}

void Prefetch(const edwards::Niels* p) {
  const char* bytes = reinterpret_cast<const char*>(p);
  for (size_t off = 0; off < sizeof(edwards::Niels); off += 64) __builtin_prefetch(bytes + off);
}

// Runs the ops from the top position down, doubling between positions. The ops are
// bucketed by position first (a counting sort), so the loop touches only non-zero digits
// and can prefetch the next table entry while the current addition runs: the tables of
// ~130 generators (8 MiB at width 11) do not fit in L2, and an addition's operand otherwise
// arrives from L3 after the addition that needs it has stalled.
Point RunStraus(const std::vector<StrausOp>& ops) {
  if (ops.empty()) return Point();
  std::array<uint32_t, kPositions + 1> start{};
  for (const StrausOp& op : ops) ++start[op.pos + 1];
  for (size_t i = 0; i < kPositions; ++i) start[i + 1] += start[i];
  // Kept per thread, like the ops: a verifier's every call would otherwise map and fault
  // in fresh pages for a few hundred KiB (seen as page faults under the MSM in a profile).
  thread_local std::vector<StrausOp> sorted;
  sorted.resize(ops.size());
  std::array<uint32_t, kPositions> fill;
  std::copy_n(start.begin(), kPositions, fill.begin());
  size_t top = 0;
  for (const StrausOp& op : ops) {
    sorted[fill[op.pos]++] = op;
    top = std::max<size_t>(top, op.pos + 1);
  }
  if (edwards::UseIfma()) {
    return edwards::ToPoint(edwards::StrausLanes8(sorted, start.data(), top));
  }
  edwards::Extended acc = edwards::Identity();
  int doublings = 0;  // owed to acc: positions without an addition run them back to back
  for (size_t pos = top; pos-- > 0;) {
    if (pos + 1 != top) ++doublings;
    const uint32_t end = start[pos + 1];
    if (start[pos] == end) continue;
    if (doublings > 0) acc = edwards::DoubleTimes(acc, doublings);
    doublings = 0;
    for (uint32_t k = start[pos]; k < end; ++k) {
      if (k + 1 < sorted.size()) Prefetch(sorted[k + 1].point);
      const StrausOp& op = sorted[k];
      acc = op.negative ? edwards::Sub(acc, *op.point) : edwards::Add(acc, *op.point);
    }
  }
  if (doublings > 0) acc = edwards::DoubleTimes(acc, doublings);
  return edwards::ToPoint(acc);
}

// Straus over fixed spans (their own tables) and dynamic points (tables built here).
Point StrausWithFixed(std::span<const FixedBaseSpan> fixed, std::span<const Scalar> scalars,
                      std::span<const Point> points) {
  size_t terms = scalars.size();
  for (const FixedBaseSpan& span : fixed) {
    PP_CHECK(span.scalars.size() == span.tables.size());
    terms += span.scalars.size();
  }
  thread_local std::vector<StrausOp> ops;
  ops.clear();
  ops.reserve(terms * 40);
  for (const FixedBaseSpan& span : fixed) {
    for (size_t i = 0; i < span.scalars.size(); ++i) {
      AppendWnafOps(span.scalars[i], WnafTable::kWidth, span.tables[i].niels(), ops);
    }
  }
  // The dynamic points' tables, all in Niels form with one inversion. Sized before any op
  // points into them.
  thread_local std::vector<edwards::Niels> tables;
  tables.resize(scalars.size() * kDynamicTableSize);
  edwards::OddMultiplesToNiels(points, kDynamicTableSize, tables);
  for (size_t i = 0; i < scalars.size(); ++i) {
    AppendWnafOps(scalars[i], kDynamicWidth, &tables[i * kDynamicTableSize], ops);
  }
  return RunStraus(ops);
}

}  // namespace

size_t PippengerThreshold() {
  return edwards::UseIfma() ? 256 : 128;
}

WnafTable::WnafTable(const Point& p) {
  edwards::OddMultiplesToNiels(std::span<const Point>(&p, 1), kSize, niels_);
}

Point WnafTable::OddMultiple(int d) const {
  return edwards::ToPoint(edwards::FromNiels(niels_[static_cast<size_t>(d) / 2]));
}

Point NaiveMultiScalarMul(std::span<const Scalar> scalars, std::span<const Point> points) {
  PP_CHECK(scalars.size() == points.size());
  Point acc;
  for (size_t i = 0; i < scalars.size(); ++i) acc += points[i] * scalars[i];
  return acc;
}

Point StrausMultiScalarMulVartime(std::span<const Scalar> scalars, std::span<const Point> points) {
  PP_CHECK(scalars.size() == points.size());
  return StrausWithFixed({}, scalars, points);
}

Point MultiScalarMulVartime(std::span<const Scalar> scalars, std::span<const Point> points) {
  PP_CHECK(scalars.size() == points.size());
  if (scalars.size() > PippengerThreshold()) return PippengerMultiScalarMulVartime(scalars, points);
  return StrausWithFixed({}, scalars, points);
}

Point MultiScalarMulFixedVartime(std::span<const FixedBaseSpan> fixed,
                                 std::span<const Scalar> scalars, std::span<const Point> points) {
  PP_CHECK(scalars.size() == points.size());
  if (scalars.size() > PippengerThreshold()) {
    // Many dynamic points: buckets beat per-point tables for them, while the fixed terms
    // keep their precomputed tables (a second doubling chain costs ~253 doublings).
    return StrausWithFixed(fixed, {}, {}) + PippengerMultiScalarMulVartime(scalars, points);
  }
  return StrausWithFixed(fixed, scalars, points);
}

}  // namespace phantompool::crypto
