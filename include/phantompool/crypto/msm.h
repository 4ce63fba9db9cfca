// Multi-scalar multiplication Σ s_i·P_i, variable time: verification only, public data only.
#pragma once

#include <span>

#include "phantompool/crypto/point.h"
#include "phantompool/crypto/scalar.h"

namespace phantompool::crypto {

// Σ scalars[i]·points[i]. Picks the algorithm by size (Straus with wNAF for small inputs,
// Pippenger's bucket method for large). Sizes must match.
Point MultiScalarMulVartime(std::span<const Scalar> scalars, std::span<const Point> points);

// The reference: Σ scalars[i]·points[i] one term at a time (tests compare against it).
Point NaiveMultiScalarMul(std::span<const Scalar> scalars, std::span<const Point> points);

}  // namespace phantompool::crypto
