#include "phantompool/crypto/threshold/lagrange.h"

#include <cstdlib>
#include <limits>
#include <numeric>
#include <string>

#include "phantompool/common/check.h"
#include "phantompool/crypto/msm.h"
#include "phantompool/crypto/threshold/params.h"
#include "wire.h"

namespace phantompool::crypto::threshold {
namespace {

// Small-integer weights must stay below this, so that their multiples cost a handful of
// doublings and additions.
constexpr int64_t kSmallLimit = int64_t{1} << 20;

Status CheckIndices(std::span<const uint32_t> indices) {
  if (indices.empty() || indices.size() > kMaxParticipants) {
    return Status::InvalidArgument("indices", "need 1.." + std::to_string(kMaxParticipants) +
                                                  " indices, got " +
                                                  std::to_string(indices.size()));
  }
  uint64_t seen = 0;
  for (size_t k = 0; k < indices.size(); ++k) {
    const uint32_t x = indices[k];
    if (x < 1 || x > kMaxParticipants) {
      return Status::InvalidArgument(
          wire::Indexed("indices", k),
          "index " + std::to_string(x) + " is not in 1.." + std::to_string(kMaxParticipants));
    }
    if (seen & (uint64_t{1} << x)) {
      return Status::InvalidArgument(wire::Indexed("indices", k),
                                     "index " + std::to_string(x) + " appears twice");
    }
    seen |= uint64_t{1} << x;
  }
  return Status::Ok();
}

bool MulChecked(int64_t a, int64_t b, int64_t& out) {
  return !__builtin_mul_overflow(a, b, &out);
}

// Σ c_r·rows[r][j] for small signed integers c_r: a joint double-and-add over the bits of
// |c_r| (at most 20 doublings; 3 to 5 for 3-of-5 quorums).
Point SmallCombination(std::span<const int64_t> c, std::span<const std::span<const Point>> rows,
                       size_t j) {
  int top = 0;
  for (int64_t v : c)
    top = std::max(top, 64 - __builtin_clzll(static_cast<uint64_t>(std::llabs(v)) | 1));
  Point acc;
  bool started = false;
  for (int bit = top - 1; bit >= 0; --bit) {
    if (started) acc = acc.Double();
    for (size_t r = 0; r < c.size(); ++r) {
      const uint64_t mag = static_cast<uint64_t>(std::llabs(c[r]));
      if (((mag >> bit) & 1) == 0) continue;
      if (c[r] < 0) {
        acc -= rows[r][j];
      } else {
        acc += rows[r][j];
      }
      started = true;
    }
  }
  return acc;
}

}  // namespace

Result<std::vector<Scalar>> LagrangeCoefficientsAt(uint32_t x, std::span<const uint32_t> indices) {
  PP_RETURN_IF_ERROR(CheckIndices(indices));
  const size_t t = indices.size();
  std::vector<Scalar> num(t, Scalar::One()), den(t, Scalar::One());
  const Scalar at = Scalar::FromU64(x);
  for (size_t i = 0; i < t; ++i) {
    const Scalar xi = Scalar::FromU64(indices[i]);
    for (size_t k = 0; k < t; ++k) {
      if (k == i) continue;
      const Scalar xk = Scalar::FromU64(indices[k]);
      num[i] *= at - xk;
      den[i] *= xi - xk;  // non-zero: the indices are distinct and below ℓ
    }
  }
  Scalar::BatchInvert(den);
  for (size_t i = 0; i < t; ++i) num[i] *= den[i];
  return num;
}

std::optional<SmallLagrange> SmallLagrangeAtZero(std::span<const uint32_t> indices) {
  if (!CheckIndices(indices).ok()) return std::nullopt;
  const size_t t = indices.size();
  std::vector<int64_t> num(t), den(t);
  int64_t lcm = 1;
  for (size_t i = 0; i < t; ++i) {
    int64_t n = 1, d = 1;
    for (size_t k = 0; k < t; ++k) {
      if (k == i) continue;
      const int64_t xi = indices[i], xk = indices[k];
      if (!MulChecked(n, xk, n) || !MulChecked(d, xk - xi, d)) return std::nullopt;
    }
    const int64_t g = std::gcd(n, d);
    n /= g;
    d /= g;
    if (d < 0) {
      n = -n;
      d = -d;
    }
    num[i] = n;
    den[i] = d;
    const int64_t step = d / std::gcd(lcm, d);
    if (!MulChecked(lcm, step, lcm) || lcm >= kSmallLimit) return std::nullopt;
  }
  SmallLagrange out;
  out.denominator = lcm;
  out.numerators.resize(t);
  for (size_t i = 0; i < t; ++i) {
    if (!MulChecked(num[i], lcm / den[i], out.numerators[i])) return std::nullopt;
    if (std::llabs(out.numerators[i]) >= kSmallLimit) return std::nullopt;
  }
  return out;
}

std::vector<size_t> ChooseCheapestQuorum(std::span<const uint32_t> indices, uint32_t threshold) {
  PP_CHECK(threshold >= 1 && threshold <= indices.size());
  std::vector<size_t> first(threshold);
  std::iota(first.begin(), first.end(), 0);
  // C(size, threshold) ≤ 256, computed without overflow (size ≤ 64 here).
  uint64_t subsets = 1;
  for (uint32_t k = 0; k < threshold && subsets <= 256; ++k) {
    subsets = subsets * (indices.size() - k) / (k + 1);
  }
  if (threshold == indices.size() || subsets > 256) return first;

  std::vector<size_t> best = first, pick = first;
  int64_t best_cost = std::numeric_limits<int64_t>::max();
  std::vector<uint32_t> chosen(threshold);
  while (true) {
    for (uint32_t k = 0; k < threshold; ++k) chosen[k] = indices[pick[k]];
    if (auto small = SmallLagrangeAtZero(chosen); small && small->denominator < best_cost) {
      best_cost = small->denominator;
      best = pick;
      if (best_cost == 1) break;
    }
    // Next combination in lexicographic order.
    int k = static_cast<int>(threshold) - 1;
    while (k >= 0 && pick[k] == indices.size() - threshold + k) --k;
    if (k < 0) break;
    ++pick[k];
    for (uint32_t m = k + 1; m < threshold; ++m) pick[m] = pick[m - 1] + 1;
  }
  return best;
}

Result<std::vector<Point>> InterpolateAtZeroVartime(std::span<const uint32_t> indices,
                                                    std::span<const std::span<const Point>> rows) {
  PP_RETURN_IF_ERROR(CheckIndices(indices));
  if (rows.size() != indices.size()) {
    return Status::InvalidArgument("rows", "need one row per index");
  }
  const size_t m = rows[0].size();
  for (size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() != m) {
      return Status::InvalidArgument(
          wire::Indexed("rows", r),
          "has " + std::to_string(rows[r].size()) + " points, row 0 has " + std::to_string(m));
    }
  }
  std::vector<Point> out(m);
  if (auto small = SmallLagrangeAtZero(indices)) {
    const bool scaled = small->denominator != 1;
    const Scalar inverse = scaled
                               ? Scalar::FromU64(static_cast<uint64_t>(small->denominator)).Invert()
                               : Scalar::One();
    for (size_t j = 0; j < m; ++j) out[j] = SmallCombination(small->numerators, rows, j);
    // One scalar for the whole row: the batch ladder (eight points a vector with IFMA) beats
    // a variable-time multiplication per point there, and matches it elsewhere.
    if (scaled) out = MulEachConstTime(inverse, out);
    return out;
  }
  PP_ASSIGN_OR_RETURN(std::vector<Scalar> lambda, LagrangeCoefficientsAtZero(indices));
  std::vector<Point> column(rows.size());
  for (size_t j = 0; j < m; ++j) {
    for (size_t r = 0; r < rows.size(); ++r) column[r] = rows[r][j];
    out[j] = MultiScalarMulVartime(lambda, column);
  }
  return out;
}

}  // namespace phantompool::crypto::threshold
