// Lagrange interpolation over participant indices: the weights that recombine t shares of a
// degree t − 1 polynomial into its value at 0 (or at any other point), on scalars and "in
// the exponent" on points.
//
// Indices are public, so everything here runs in variable time. Interpolating points
// (decryption shares, VRF shares) is where the time goes, and the layout is chosen for
// it: for small index sets the weights λ_i = Π_{k≠i} x_k / (x_k − x_i) are fractions of
// small integers, c_i / d. Then Σ λ_i·D_i = d⁻¹·Σ c_i·D_i: a few additions and doublings
// for the small multiples and, only when d ≠ 1, one scalar multiplication by d⁻¹. Half of
// the 3-of-5 quorums (and every consecutive run of indices) have d = 1 and need no
// multiplication at all; given more than t sharers, the combiner picks such a quorum.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/scalar.h"

namespace phantompool::crypto::threshold {

// λ_i(x) = Π_{k≠i} (x − x_k) / (x_i − x_k) for distinct, non-zero indices (at most 32 of
// them). InvalidArgument naming "indices[k]" on a zero, repeated or over-large index.
Result<std::vector<Scalar>> LagrangeCoefficientsAt(uint32_t x, std::span<const uint32_t> indices);
inline Result<std::vector<Scalar>> LagrangeCoefficientsAtZero(std::span<const uint32_t> indices) {
  return LagrangeCoefficientsAt(0, indices);
}

// λ_i(0) = numerators[i] / denominator with small integers (|numerator| and denominator
// below 2^20), when the index set allows it; nullopt otherwise.
struct SmallLagrange {
  std::vector<int64_t> numerators;
  int64_t denominator = 1;
};
std::optional<SmallLagrange> SmallLagrangeAtZero(std::span<const uint32_t> indices);

// Picks `threshold` of the given (distinct) indices whose interpolation at 0 is cheapest:
// an integral set (d = 1) if there is one, else the smallest d. Returns positions into
// `indices`, ascending. Tries every subset only while there are few (C(n, t) ≤ 256);
// beyond that, the first `threshold`.
std::vector<size_t> ChooseCheapestQuorum(std::span<const uint32_t> indices, uint32_t threshold);

// rows[r][j] is the point of the participant with index indices[r] for item j; every row
// has the same length. Returns Σ_r λ_r(0)·rows[r][j] for every j, where λ are the weights
// of `indices` (all of them: the caller picks the quorum). Variable time: public data only.
// InvalidArgument on bad indices or rows of different lengths.
Result<std::vector<Point>> InterpolateAtZeroVartime(std::span<const uint32_t> indices,
                                                    std::span<const std::span<const Point>> rows);

}  // namespace phantompool::crypto::threshold
