// Pedersen commitments C = v·G + t·H over the fixed generators (generators.h).
//
// Hiding because t is uniform; binding because nobody knows log_G(H) (H comes from
// hash-to-group). Both multiplications run in constant time through precomputed
// fixed-base tables: G's is libdecaf's, H's is built once on first use.
#pragma once

#include <span>

#include "phantompool/crypto/point.h"
#include "phantompool/crypto/scalar.h"

namespace phantompool::crypto {

// v·G + t·H, constant time in v and t.
Point PedersenCommit(const Scalar& value, const Scalar& blinding);

// t·H, constant time in t, through the precomputed table for H.
Point MulH(const Scalar& t);

// Σ 2^(16·i)·C_i: the commitment to a value from the commitments to its 16-bit limbs
// (limb i little-endian), with blinding Σ 2^(16·i)·t_i. Public inputs, variable time.
Point CombineLimbCommitmentsVartime(std::span<const Point> limb_commitments);

// The blinding of the combined commitment: Σ 2^(16·i)·t_i. Constant time.
Scalar CombineLimbBlindings(std::span<const Scalar> limb_blindings);

}  // namespace phantompool::crypto
